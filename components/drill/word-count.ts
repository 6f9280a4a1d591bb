/** Words in a drill answer, as the counter under the text box shows them. */
export function wordCount(text: string): number {
  const words = text.trim().match(/\S+/g);
  return words ? words.length : 0;
}
