// CSV for spreadsheets (RFC 4180), the one writer every export uses: a cell is quoted when it holds
// a comma, quote or line break, quotes doubled, CRLF line ends. A text cell a spreadsheet would run
// as a formula gets a leading apostrophe, so a learner's answer such as `=HYPERLINK(...)` or a
// question id from a content file is shown as text, never executed (OWASP "CSV injection").
// Numbers are written by us and are never prefixed.

export type CsvValue = string | number | boolean | Date | null | undefined;

/**
 * Text a spreadsheet may run as a formula: one starting with = + - @ or their fullwidth forms
 * (＝ ＋ － ＠, which East Asian input methods type and spreadsheets read as ASCII), possibly behind
 * separators (; ,), blanks or line breaks that an import with another separator, or with trimming,
 * strips off.
 */
const FORMULA_START = /^[;,\s]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : String(value);
  if (typeof value === "string" && (FORMULA_START.test(text) || /^[\t\r]/.test(text))) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A ratio or measure as a spreadsheet should show it: `digits` decimals (3 by default), null kept. */
export function csvRound(value: number | null, digits = 3): number | null {
  return value === null ? null : Number(value.toFixed(digits));
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvValue[]>): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** A name for a downloaded file: lower-case words joined by hyphens, or `fallback` if none remain. */
export function fileSlug(name: string, fallback: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || fallback;
}

/** A CSV file download that no shared cache keeps (it holds someone's data). */
export function csvDownload(body: string, filename: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
