// Number and date formatting shared by the mentor pages (server and client). Fixed locale and
// UTC so the server's and the browser's renderings agree.

export function percent(x: number | null | undefined, digits = 0): string {
  return x === null || x === undefined ? "–" : `${(x * 100).toFixed(digits)} %`;
}

export function seconds(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "–";
  return ms < 60_000 ? `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s` : `${(ms / 60_000).toFixed(1)} min`;
}

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });

export function date(d: Date | string | null | undefined): string {
  return d ? dateFormat.format(new Date(d)) : "–";
}

export function dateTime(d: Date | string | null | undefined): string {
  return d ? `${dateTimeFormat.format(new Date(d))} UTC` : "–";
}

/** "today", "yesterday", "5 days ago", "3 weeks ago", or "never". */
export function ago(d: Date | string | null | undefined, now: Date): string {
  if (!d) return "never";
  const days = Math.floor((now.getTime() - new Date(d).getTime()) / 86_400_000);
  if (days <= 0) return "today";
  if (days === 1) return "yesterday";
  if (days < 14) return `${days} days ago`;
  if (days < 60) return `${Math.floor(days / 7)} weeks ago`;
  return `${Math.floor(days / 30)} months ago`;
}

/** A colour band for a recall value, used as an extra cue beside the printed number. */
export function recallBand(r: number | null | undefined): "none" | "low" | "mid" | "good" | "high" {
  if (r === null || r === undefined) return "none";
  if (r < 0.7) return "low";
  if (r < 0.8) return "mid";
  if (r < 0.9) return "good";
  return "high";
}

export type Flag = "backlog" | "recallFalling" | "inactive";
export const FLAG_LABELS: Record<Flag, string> = { backlog: "Backlog", recallFalling: "Recall falling", inactive: "Inactive" };
