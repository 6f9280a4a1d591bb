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
