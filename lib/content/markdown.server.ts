import "server-only";
// Trusted content Markdown (question prompts, explanations, model answers) to HTML, on the server,
// so the browser receives markup rather than a Markdown parser. GitHub-flavoured: tables, lists,
// code. Raw HTML in the source is shown as text: prompts quote things like `<random value>` and an
// author's stray angle bracket must not turn into a tag.
import { Marked } from "marked";

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => escapes[c]);

const marked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
  },
});

export function renderMarkdown(md: string): string {
  const html = marked.parse(md, { async: false });
  // Wide tables scroll inside their own box instead of widening the page on a phone.
  return html.replace(/<table>/g, '<div class="table-scroll"><table>').replace(/<\/table>/g, "</table></div>");
}
