import { FLAG_EXPLANATIONS, FLAG_LABELS, type ItemFlag } from "@/lib/author/item-stats";

const TONE: Record<ItemFlag, "warning" | "danger" | "info"> = {
  "too-easy": "info",
  "too-hard": "warning",
  "poor-discrimination": "danger",
  "ambiguous-distractor": "danger",
  slow: "warning",
};

/** Flags as small labelled badges; the explanation is in the title and on the question page. */
export function FlagBadges({ flags }: { flags: readonly ItemFlag[] }) {
  if (flags.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="author-flags">
      {flags.map((f) => (
        <li key={f} className={`author-flag author-flag-${TONE[f]}`} title={FLAG_EXPLANATIONS[f]}>
          {FLAG_LABELS[f]}
        </li>
      ))}
    </ul>
  );
}
