// How the author pages write figures: shares as whole percentages, correlations with two decimals
// and a real minus sign, durations in seconds or minutes, dates in UTC (the server renders them).

export function percent(share: number | null): string {
  return share === null ? "—" : `${Math.round(share * 100)}%`;
}

export function correlation(r: number | null): string {
  if (r === null) return "—";
  const text = Math.abs(r).toFixed(2);
  return r < 0 && text !== "0.00" ? `−${text}` : text;
}

export function duration(ms: number | null): string {
  if (ms === null) return "—";
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1).replace(/\.0$/, "") : Math.round(s)} s`;
  const whole = Math.round(s);
  const rest = whole % 60;
  return rest === 0 ? `${whole / 60} min` : `${Math.floor(whole / 60)} min ${rest} s`;
}

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function dateTime(date: Date): string {
  return `${dateFormat.format(date)} UTC`;
}

export function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/** The first line of a Markdown prompt as plain text, cut at a word boundary. */
export function excerpt(markdown: string, max = 140): string {
  const line = markdown.trim().split(/\n\s*\n|\n/)[0] ?? "";
  const plain = line.replace(/[*_`]+/g, "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").trim();
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max - 20)).trimEnd()}…`;
}
