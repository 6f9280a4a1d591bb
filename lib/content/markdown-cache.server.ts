import "server-only";
// Question prompts are rendered on every question served: the same few hundred texts over and
// over. Rendering is pure, so each text is rendered once per process (bounded, oldest dropped).
import { renderMarkdown } from "./markdown.server";

const MAX_ENTRIES = 4_000;
const rendered = new Map<string, string>();

export function renderMarkdownCached(text: string): string {
  let html = rendered.get(text);
  if (html === undefined) {
    html = renderMarkdown(text);
    if (rendered.size >= MAX_ENTRIES) rendered.delete(rendered.keys().next().value as string);
    rendered.set(text, html);
  }
  return html;
}
