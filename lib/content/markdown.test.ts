import { renderMarkdown } from "./markdown.server";

describe("renderMarkdown", () => {
  it("renders the Markdown that prompts and explanations use", () => {
    const html = renderMarkdown("In **asynchronous** replication, *when* is `fsync` called?\n\n- one\n- two\n\n```sql\nSELECT 1;\n```\n\n| N | W |\n|---|---|\n| 3 | 2 |\n");
    expect(html).toContain("<strong>asynchronous</strong>");
    expect(html).toContain("<em>when</em>");
    expect(html).toContain("<code>fsync</code>");
    expect(html).toMatch(/<ul>\s*<li>one<\/li>/);
    expect(html).toContain('<pre><code class="language-sql">SELECT 1;');
    expect(html).toContain('<div class="table-scroll"><table>');
    expect(html).toContain("<td>3</td>");
  });

  it("shows raw HTML in the source as text instead of markup", () => {
    const html = renderMarkdown("Release with <script>alert(1)</script> and SET lock <random value> NX");
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain("&lt;random value&gt;");
  });
});

describe("renderMarkdown links and images", () => {
  // What a browser would follow: the href after it decodes character references and drops
  // control characters and blanks, which is how `&#106;avascript:` and `java\tscript:` get through.
  function targets(html: string): string[] {
    const decode = (s: string) =>
      s
        .replace(/&#x([0-9a-f]+);?/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
        .replace(/&#(\d+);?/g, (_m, d: string) => String.fromCodePoint(Number(d)))
        .replace(/&colon;/gi, ":")
        .replace(/&tab;|&newline;/gi, "")
        .replace(/&amp;/g, "&");
    return [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => decode(m[1]).replace(/[\u0000-\u0020]/g, "").toLowerCase());
  }

  it.each([
    ["[run](javascript:alert(1))"],
    ["[run](JaVaScRiPt:alert(1))"],
    ["[run]( javascript:alert(1))"],
    ["[run](<javascript:alert(1)>)"],
    ["[run](&#106;avascript:alert(1))"],
    ["[run](&#x6A;avascript:alert(1))"],
    ["[run](javascript&#58;alert(1))"],
    ["[run](javascript&colon;alert(1))"],
    ["[run](java&Tab;script:alert(1))"],
    ["<javascript:alert(1)>"],
    ["[run][x]\n\n[x]: javascript:alert(1)"],
    ["[run](vbscript:msgbox(1))"],
    ["[run](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"],
    ["![pic](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"],
    ["![pic](javascript:alert(1))"],
    ["![pic](vbscript:msgbox(1))"],
  ])("never emits a script or data target: %s", (md) => {
    const html = renderMarkdown(md);
    for (const target of targets(html)) expect(target).not.toMatch(/^(javascript|vbscript|data):/);
    // The words stay readable as text.
    expect(html).toMatch(/run|pic|javascript:alert/);
  });

  it("keeps web, mail and relative links and images, with their text, title and query", () => {
    const html = renderMarkdown(
      '[paper](https://example.com/raft.pdf?a=1&b=2 "Raft") · [mail](mailto:authors@example.com) · [lesson](/learn/replication/x#quorum) · ![diagram](https://example.com/d.png)',
    );
    expect(html).toContain('<a href="https://example.com/raft.pdf?a=1&amp;b=2" title="Raft">paper</a>');
    expect(html).toContain('<a href="mailto:authors@example.com">mail</a>');
    expect(html).toContain('<a href="/learn/replication/x#quorum">lesson</a>');
    expect(html).toContain('<img src="https://example.com/d.png" alt="diagram">');
  });
});
