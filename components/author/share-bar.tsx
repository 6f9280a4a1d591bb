/** A horizontal bar for a share in 0..1 (decorative: the number is always printed beside it). */
export function ShareBar({ share, tone = "neutral" }: { share: number | null; tone?: "neutral" | "correct" | "alarm" }) {
  return (
    <span className={`author-bar author-bar-${tone}`} aria-hidden="true">
      <span style={{ width: `${Math.round((share ?? 0) * 100)}%` }} />
    </span>
  );
}
