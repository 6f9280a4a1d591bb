// How the item-statistics table is filtered and sorted, from the page's URL (?family=&flag=&sort=&dir=).
// The URL is user input: an unknown value falls back to the default with a message saying so.
import { z } from "zod";
import { FAMILY_SLUGS } from "@/lib/content/families";
import { ITEM_FLAGS, MIN_SAMPLE, flagsOf, type ItemFlag, type ItemStats } from "./item-stats";

export const SORT_KEYS = ["source", "attempts", "facility", "discrimination", "median", "again", "flags"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = "asc" | "desc";

export const FLAG_FILTERS = ["all", "flagged", ...ITEM_FLAGS] as const;
export type FlagFilter = (typeof FLAG_FILTERS)[number];

export interface ItemView {
  family: string; // "all" or a family slug
  flag: FlagFilter;
  sort: SortKey;
  dir: SortDirection;
}

export const DEFAULT_VIEW: ItemView = { family: "all", flag: "all", sort: "flags", dir: "desc" };

/** The direction a column sorts in when first chosen: numbers that signal trouble come first. */
export const FIRST_DIRECTION: Record<SortKey, SortDirection> = {
  source: "asc",
  attempts: "desc",
  facility: "asc",
  discrimination: "asc",
  median: "desc",
  again: "desc",
  flags: "desc",
};

const fields = {
  family: z.enum(["all", ...FAMILY_SLUGS]),
  flag: z.enum(FLAG_FILTERS),
  sort: z.enum(SORT_KEYS),
  dir: z.enum(["asc", "desc"]),
};
const names: Record<keyof typeof fields, string> = { family: "family", flag: "flag", sort: "sort column", dir: "sort direction" };

export type SearchParams = Record<string, string | string[] | undefined>;

/** Reads the view from search params; every unusable value is reported and its default used instead. */
export function parseItemView(params: SearchParams): { view: ItemView; problems: string[] } {
  const problems: string[] = [];
  const read = <T extends string>(key: keyof typeof fields, schema: { safeParse(v: unknown): z.ZodSafeParseResult<T>; options: readonly string[] }): T | undefined => {
    const raw = params[key];
    if (raw === undefined || raw === "") return undefined;
    const value = Array.isArray(raw) ? raw[0] : raw;
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    problems.push(`Unknown ${names[key]} “${value.slice(0, 40)}” (use one of: ${schema.options.join(", ")}).`);
    return undefined;
  };
  const view: ItemView = {
    family: read("family", fields.family) ?? DEFAULT_VIEW.family,
    flag: read("flag", fields.flag) ?? DEFAULT_VIEW.flag,
    sort: read("sort", fields.sort) ?? DEFAULT_VIEW.sort,
    dir: read("dir", fields.dir) ?? DEFAULT_VIEW.dir,
  };
  return { view, problems };
}

/** The query string for a view, leaving defaults out so URLs stay short. */
export function viewQuery(view: ItemView): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(DEFAULT_VIEW) as Array<keyof ItemView>) {
    if (view[key] !== DEFAULT_VIEW[key]) params.set(key, view[key]);
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

export function filterItems(items: readonly ItemStats[], view: Pick<ItemView, "family" | "flag">): ItemStats[] {
  return items.filter(
    (i) =>
      (view.family === "all" || i.family === view.family) &&
      (view.flag === "all" || (view.flag === "flagged" ? i.flags.length > 0 : i.flags.includes(view.flag as ItemFlag))),
  );
}

// Families in teaching order, unknown ones after them.
const familyOrder = (slug: string) => String(FAMILY_SLUGS.indexOf(slug as (typeof FAMILY_SLUGS)[number]) >>> 0).padStart(10, "0");

const sortValue: Record<SortKey, (i: ItemStats) => number | string | null> = {
  source: (i) => `${familyOrder(i.family)}\u0000${i.sourcePath}\u0000${String(i.sourceLine).padStart(6, "0")}`,
  attempts: (i) => i.attempts,
  facility: (i) => i.facility,
  discrimination: (i) => i.discrimination,
  median: (i) => i.medianMs,
  again: (i) => i.againShare,
  flags: (i) => i.flags.length,
};

/** Sorted copy; items without a value (no attempts yet) always go last, ties by source order. */
export function sortItems(items: readonly ItemStats[], sort: SortKey, dir: SortDirection): ItemStats[] {
  const value = sortValue[sort];
  const sign = dir === "asc" ? 1 : -1;
  const bySource = sortValue.source;
  return [...items].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? 1 : -1;
    } else if (va !== vb) {
      return (va < vb ? -1 : 1) * sign;
    }
    if (sort === "flags" && a.attempts !== b.attempts) return b.attempts - a.attempts;
    return String(bySource(a)).localeCompare(String(bySource(b)));
  });
}

export interface ItemSummary {
  questions: number;
  withAttempts: number;
  attempts: number;
  flagged: number;
  byFlag: Record<ItemFlag, number>;
  /** Questions past a flag's threshold whose sample is still below MIN_SAMPLE: not flagged yet. */
  pending: number;
}

/**
 * The flags a question's figures already point to but that its sample is too small to raise
 * (fewer than MIN_SAMPLE answers, learners or timed attempts): "discrimination −0.43, not flagged"
 * otherwise reads as a contradiction. Each with the sample it has.
 */
export function pendingFlags(item: ItemStats): Array<{ flag: ItemFlag; sample: number }> {
  const enough = Math.max(MIN_SAMPLE, 1);
  const wouldBe = flagsOf({
    ...item,
    graded: Math.max(item.graded, enough),
    discriminationLearners: Math.max(item.discriminationLearners, enough),
    answeredChoices: Math.max(item.answeredChoices, enough),
    timed: Math.max(item.timed, enough),
  });
  const sampleOf: Record<ItemFlag, number> = {
    "too-easy": item.graded,
    "too-hard": item.graded,
    "poor-discrimination": item.discriminationLearners,
    "ambiguous-distractor": item.answeredChoices,
    slow: item.timed,
  };
  return wouldBe.filter((f) => !item.flags.includes(f)).map((flag) => ({ flag, sample: sampleOf[flag] }));
}

export function summarizeItems(items: readonly ItemStats[]): ItemSummary {
  const byFlag = Object.fromEntries(ITEM_FLAGS.map((f) => [f, 0])) as Record<ItemFlag, number>;
  for (const item of items) for (const f of item.flags) byFlag[f] += 1;
  return {
    questions: items.length,
    withAttempts: items.filter((i) => i.attempts > 0).length,
    attempts: items.reduce((sum, i) => sum + i.attempts, 0),
    flagged: items.filter((i) => i.flags.length > 0).length,
    byFlag,
    pending: items.filter((i) => pendingFlags(i).length > 0).length,
  };
}
