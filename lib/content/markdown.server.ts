import "server-only";
// Trusted content Markdown (question prompts, explanations, model answers) to HTML, on the server,
// so the browser receives markup rather than a Markdown parser. GitHub-flavoured: tables, lists,
// code. Raw HTML in the source is shown as text: prompts quote things like `<random value>` and an
// author's stray angle bracket must not turn into a tag. Links and images keep only web, mail and
// relative targets: content is reviewed today, but a `javascript:` link would run in the learner's
// session the day someone else's text is rendered here.
import { Marked, type Tokens } from "marked";

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => escapes[c]);

const NAMED_REFERENCES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", colon: ":", tab: "\t", newline: "\n", nbsp: "\u00a0" };

/**
 * The URL a browser would follow for this Markdown target, or null when it is not one of `schemes`
 * (relative URLs are allowed). Marked passes character references through, and the browser decodes
 * them in the attribute and drops control characters and blanks, so `&#106;avascript:` and
 * `java&Tab;script:` are decoded and cleaned here first, and the result is checked and re-escaped:
 * what is checked is exactly what the browser sees.
 */
function safeTarget(raw: string, schemes: readonly string[]): string | null {
  let url = raw
    .replace(/&#x([0-9a-f]{1,6});?/gi, (_m, hex: string) => codePoint(parseInt(hex, 16)))
    .replace(/&#(\d{1,7});?/g, (_m, dec: string) => codePoint(Number(dec)))
    .replace(/&([a-z]+);/gi, (m, name: string) => NAMED_REFERENCES[name.toLowerCase()] ?? m);
  // Browsers remove tabs and line breaks anywhere in a URL, and leading/trailing C0 controls and spaces.
  url = url.replace(/[\t\n\r]/g, "").replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");
  if (/[\u0000-\u001f\u007f]/.test(url)) return null;
  const beforePath = url.split(/[/?#]/, 1)[0];
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1].toLowerCase();
  if (scheme !== undefined ? !schemes.includes(scheme) : beforePath.includes(":") || beforePath.includes("&")) return null;
  try {
    return encodeURI(url).replace(/%25([0-9a-f]{2})/gi, "%$1");
  } catch {
    return null; // a lone surrogate
  }
}

function codePoint(n: number): string {
  return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : "\ufffd";
}

const LINK_SCHEMES = ["http", "https", "mailto"] as const;
const IMAGE_SCHEMES = ["http", "https"] as const;

const marked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    link(this: { parser: { parseInline(tokens: Tokens.Link["tokens"]): string } }, { href, title, tokens }: Tokens.Link) {
      const text = this.parser.parseInline(tokens);
      const target = safeTarget(href, LINK_SCHEMES);
      if (target === null) return text;
      return `<a href="${escapeHtml(target)}"${title ? ` title="${escapeHtml(title)}"` : ""}>${text}</a>`;
    },
    image({ href, title, text }: Tokens.Image) {
      const target = safeTarget(href, IMAGE_SCHEMES);
      if (target === null) return escapeHtml(text);
      return `<img src="${escapeHtml(target)}" alt="${escapeHtml(text)}"${title ? ` title="${escapeHtml(title)}"` : ""}>`;
    },
  },
});

export function renderMarkdown(md: string): string {
  const html = marked.parse(md, { async: false });
  // Wide tables scroll inside their own box instead of widening the page on a phone.
  return html.replace(/<table>/g, '<div class="table-scroll"><table>').replace(/<\/table>/g, "</table></div>");
}
