// A question prompt shortened for the author tables.

/** The first line of a Markdown prompt as plain text, cut at a word boundary. */
export function excerpt(markdown: string, max = 140): string {
  const line = markdown.trim().split(/\n\s*\n|\n/)[0] ?? "";
  const plain = line.replace(/[*_`]+/g, "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").trim();
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max - 20)).trimEnd()}…`;
}
