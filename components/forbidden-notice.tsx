import type { ReactNode } from "react";

/**
 * The body of a 403 page (the `forbidden.tsx` files): which area this is, who may open it, and
 * where to go instead. Pages that hide someone else's data answer 404 instead, never this.
 */
export function ForbiddenNotice({ code = "403 · Not allowed", title, children, actions }: { code?: string; title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <div className="container page forbidden-page">
      <div className="card">
        <p className="forbidden-code">{code}</p>
        <h1>{title}</h1>
        {children}
        {actions ? <div className="forbidden-actions">{actions}</div> : null}
      </div>
    </div>
  );
}
