"use client";
// A mermaid diagram, drawn in the browser: mermaid (~1 MB) is imported only when a diagram is on
// the page. Redrawn when the theme changes (the toggle fires `quorum-theme`); the box keeps an
// estimated height until the SVG arrives so the text below does not jump. On a narrow screen a
// wide diagram is not shrunk below READABLE_SCALE (its labels stay about 10 px or larger): it
// scrolls sideways in its own box, and "Full size" opens it at its natural size.
import { useEffect, useId, useRef, useState } from "react";

/** The smallest scale a diagram is drawn at in the page (mermaid's labels are 15 px at 1). */
const READABLE_SCALE = 0.7;

/** The drawing's natural width, from the SVG's viewBox. */
export function naturalWidth(svg: string): number | null {
  const m = /viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+[\d.]+\s*"/.exec(svg);
  return m ? Number(m[1]) : null;
}

type Theme = "light" | "dark";

function currentTheme(): Theme {
  return document.documentElement.classList.contains("dark") ? "dark" : "light";
}

function themeVariables() {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    background: v("--bg-elevated"),
    primaryColor: v("--accent-soft"),
    primaryTextColor: v("--fg"),
    primaryBorderColor: v("--accent"),
    secondaryColor: v("--bg-muted"),
    tertiaryColor: v("--bg-muted"),
    lineColor: v("--fg-muted"),
    textColor: v("--fg"),
    mainBkg: v("--accent-soft"),
    nodeBorder: v("--accent"),
    clusterBkg: v("--bg-muted"),
    clusterBorder: v("--border"),
    noteBkgColor: v("--warning-soft"),
    noteTextColor: v("--fg"),
    noteBorderColor: v("--warning"),
    actorBkg: v("--accent-soft"),
    actorBorder: v("--accent"),
    actorTextColor: v("--fg"),
    signalColor: v("--fg"),
    signalTextColor: v("--fg"),
    labelBoxBkgColor: v("--bg-muted"),
    edgeLabelBackground: v("--bg-elevated"),
    fontFamily: "var(--font-sans), system-ui, sans-serif",
    fontSize: "15px",
  };
}

/** A short spoken description: the diagram kind and the names in it. */
export function describeDiagram(chart: string): string {
  const first = chart.trim().split("\n")[0]?.trim() ?? "";
  const kind = first.startsWith("sequenceDiagram") ? "Sequence diagram" : first.startsWith("stateDiagram") ? "State diagram" : "Flowchart";
  const title = /^\s*accTitle:\s*(.+)$/m.exec(chart)?.[1];
  if (title) return `${kind}: ${title.trim()}`;
  const names = new Set<string>();
  for (const m of chart.matchAll(/participant\s+\S+\s+as\s+(.+)$/gm)) names.add(m[1].trim());
  if (kind !== "Sequence diagram") for (const m of chart.matchAll(/\b\w+[[({]+"?([^"\])}]+)"?[\])}]+/g)) names.add(m[1].trim());
  const list = [...names].slice(0, 8);
  return list.length > 0 ? `${kind} showing ${list.join(", ")}` : kind;
}

export function Mermaid({ chart, label }: { chart: string; label?: string }) {
  const id = `mermaid-${useId().replace(/[^a-zA-Z0-9]/g, "")}`;
  const [theme, setTheme] = useState<Theme | null>(null);
  const [svg, setSvg] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const description = label ?? describeDiagram(chart);
  // Rough height of the drawing (about 3rem per line of source) reserved until it arrives.
  const reserved = Math.min(34, Math.max(10, chart.trim().split("\n").length * 2.2));

  useEffect(() => {
    const update = () => setTheme(currentTheme());
    update();
    window.addEventListener("quorum-theme", update);
    return () => window.removeEventListener("quorum-theme", update);
  }, []);

  // Mermaid is large and renders on the main thread: load and draw only near the viewport.
  const figureRef = useRef<HTMLElement>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    const el = figureRef.current;
    if (!el) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        setNear(true);
        io.disconnect();
      }
    }, { rootMargin: "400px 0px" });
    io.observe(el);
    return () => io.disconnect();
  }, []);

  useEffect(() => {
    if (!theme || !near) return;
    let cancelled = false;
    (async () => {
      try {
        const { default: mermaid } = await import("mermaid");
        mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "base", darkMode: theme === "dark", themeVariables: themeVariables() });
        const result = await mermaid.render(`${id}-${theme}`, chart);
        if (!cancelled) {
          setSvg(result.svg);
          setError(null);
        }
      } catch (err) {
        if (!cancelled) setError(err instanceof Error ? err.message : String(err));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [chart, theme, id, near]);

  // Whether the page shows the diagram smaller than drawn: then offer it at full size.
  const boxRef = useRef<HTMLDivElement>(null);
  const [scaled, setScaled] = useState(false);
  const natural = svg ? naturalWidth(svg) : null;
  useEffect(() => {
    const box = boxRef.current;
    if (!box || !natural) return;
    const measure = () => setScaled(box.clientWidth < natural * 0.95);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(box);
    return () => ro.disconnect();
  }, [natural]);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [full, setFull] = useState(false);
  useEffect(() => {
    if (full) dialogRef.current?.showModal();
  }, [full]);

  if (error) {
    return (
      <figure className="diagram diagram-error">
        <p role="alert">
          <strong>This diagram could not be drawn.</strong> {error.split("\n")[0]}
        </p>
        <pre>
          <code>{chart}</code>
        </pre>
      </figure>
    );
  }
  return (
    <figure ref={figureRef} className="diagram" style={svg ? undefined : { minHeight: `${reserved}rem` }} aria-busy={!svg}>
      {svg ? (
        <div
          ref={boxRef}
          className="diagram-scroll"
          tabIndex={scaled ? 0 : undefined}
          role={scaled ? "region" : undefined}
          aria-label={scaled ? `${description}, scrolls sideways` : undefined}
          style={natural ? ({ "--diagram-min-width": `${Math.round(natural * READABLE_SCALE)}px` } as React.CSSProperties) : undefined}
        >
          <div className="diagram-svg" role="img" aria-label={description} dangerouslySetInnerHTML={{ __html: svg }} />
        </div>
      ) : (
        <div className="diagram-loading" role="img" aria-label={`${description} (loading)`} />
      )}
      {svg && scaled ? (
        <button type="button" className="diagram-full-button" onClick={() => setFull(true)}>
          Full size
        </button>
      ) : null}
      {svg && full ? (
        <dialog ref={dialogRef} className="diagram-dialog" aria-label={`${description}, full size`} onClose={() => setFull(false)}>
          <form method="dialog" className="diagram-dialog-bar">
            <span className="muted">{description}</span>
            <button type="submit" className="button secondary" autoFocus>
              Close
            </button>
          </form>
          <div
            className="diagram-dialog-body"
            tabIndex={0}
            style={natural ? ({ "--diagram-natural-width": `${natural}px` } as React.CSSProperties) : undefined}
            dangerouslySetInnerHTML={{ __html: svg.replace(/\bid="/g, 'id="full-').replace(/url\(#/g, "url(#full-").replace(/#(mermaid-[\w-]+)/g, "#full-$1") }} />
        </dialog>
      ) : null}
      <details className="diagram-source">
        <summary>Diagram source</summary>
        <pre>
          <code>{chart}</code>
        </pre>
      </details>
    </figure>
  );
}
