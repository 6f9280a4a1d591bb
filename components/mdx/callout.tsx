import { useId, type ReactNode } from "react";

export type CalloutType = "note" | "tip" | "warning" | "interview";

const LABELS: Record<CalloutType, string> = { note: "Note", tip: "Tip", warning: "Warning", interview: "In the interview" };

const ICONS: Record<CalloutType, ReactNode> = {
  note: <path d="M12 8h.01M11 12h1v4h1M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z" />,
  tip: <path d="M9 18h6M10 21h4M12 3a6 6 0 0 0-3.5 10.9c.6.5 1 1.2 1 2.1h5c0-.9.4-1.6 1-2.1A6 6 0 0 0 12 3z" />,
  warning: <path d="M12 9v4M12 17h.01M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z" />,
  interview: <path d="M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2zM8 9h8M8 13h5" />,
};

/** A boxed aside. The kind is said in words (the heading), never by colour alone. */
export function Callout({ type = "note", title, children }: { type?: CalloutType; title?: string; children?: ReactNode }) {
  const kind: CalloutType = type in LABELS ? type : "note";
  const headingId = useId();
  return (
    <aside className={`callout callout-${kind}`} aria-labelledby={headingId}>
      <p className="callout-title" id={headingId}>
        <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
          {ICONS[kind]}
        </svg>
        <span>
          {title ? (
            <>
              <span className="visually-hidden">{LABELS[kind]}: </span>
              {title}
            </>
          ) : (
            LABELS[kind]
          )}
        </span>
      </p>
      <div className="callout-body">{children}</div>
    </aside>
  );
}
