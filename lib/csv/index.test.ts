// CSV exports must open correctly in a spreadsheet and never run a learner's text as a formula.
import { csvCell, csvDownload, fileSlug, toCsv } from "@/lib/csv";

describe("CSV cells", () => {
  it("quotes commas, quotes and line breaks, doubling embedded quotes", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a, b")).toBe('"a, b"');
    expect(csvCell('say "quorum"')).toBe('"say ""quorum"""');
    expect(csvCell("line one\nline two")).toBe('"line one\nline two"');
    expect(csvCell("cr\r")).toBe('"cr\r"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(0.25)).toBe("0.25");
    expect(csvCell(Number.NaN)).toBe("");
    expect(csvCell(new Date("2025-01-02T03:04:05Z"))).toBe("2025-01-02T03:04:05.000Z");
  });

  it("defuses text that a spreadsheet would run as a formula, but keeps numbers", () => {
    expect(csvCell("=HYPERLINK(\"http://x\",\"y\")")).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvCell("+1+1")).toBe("'+1+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell("a=b")).toBe("a=b");
  });

  it("defuses fullwidth formula characters, which spreadsheets in East Asian locales read as their ASCII forms", () => {
    expect(csvCell("＝HYPERLINK(\"http://x\")")).toBe('"\'＝HYPERLINK(""http://x"")"');
    expect(csvCell("＋1")).toBe("'＋1");
    expect(csvCell("－1")).toBe("'－1");
    expect(csvCell("＠SUM(A1)")).toBe("'＠SUM(A1)");
  });

  it("defuses a formula behind a leading separator, blank or line break, which an import may split off or trim", () => {
    expect(csvCell(";=1+1")).toBe("';=1+1");
    expect(csvCell(",=1+1")).toBe('"\',=1+1"');
    expect(csvCell(";;＝1")).toBe("';;＝1");
    expect(csvCell(" =1+1")).toBe("' =1+1");
    expect(csvCell("\n=1")).toBe('"\'\n=1"');
    expect(csvCell("\t@x")).toBe("'\t@x");
    // Ordinary text that merely contains these characters is left alone.
    expect(csvCell("; not a formula")).toBe("; not a formula");
    expect(csvCell("R + W > N")).toBe("R + W > N");
    expect(csvCell("1;=2")).toBe("1;=2");
  });

  it("joins rows with CRLF and ends with one", () => {
    expect(toCsv(["a", "b"], [["1", "x,y"], [null, "=1"]])).toBe('a,b\r\n1,"x,y"\r\n,\'=1\r\n');
  });

  it("names a downloaded file after its subject, with a fallback when nothing printable is left", () => {
    expect(fileSlug("Cohort A — Spring '26", "cohort")).toBe("cohort-a-spring-26");
    expect(fileSlug("——", "cohort")).toBe("cohort");
  });

  it("sends a download that no shared cache keeps", async () => {
    const response = csvDownload("a,b\r\n", "cohort-a-2026-11-23.csv");
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="cohort-a-2026-11-23.csv"');
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(await response.text()).toBe("a,b\r\n");
  });
});
