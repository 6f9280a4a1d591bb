// The mentor pages' colour bands and flag names (formatting of the figures themselves: lib/format).
import type { AttentionFlag } from "@/lib/mentor/dashboard";

/** A colour band for a recall value, used as an extra cue beside the printed number. */
export function recallBand(r: number | null | undefined): "none" | "low" | "mid" | "good" | "high" {
  if (r === null || r === undefined) return "none";
  if (r < 0.7) return "low";
  if (r < 0.8) return "mid";
  if (r < 0.9) return "good";
  return "high";
}

export const FLAG_LABELS: Record<AttentionFlag, string> = { backlog: "Backlog", recallFalling: "Recall falling", inactive: "Inactive" };
