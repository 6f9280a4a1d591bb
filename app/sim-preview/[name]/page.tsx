import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SimPreview } from "./sim-preview";

/** Registry name → MDX component name. Kept here (not imported from the client bundle) for the server. */
const NAMES: Record<string, string> = {
  raft: "RaftSim",
  quorum: "QuorumSim",
  hashring: "HashRingSim",
  queue: "QueueSim",
  retry: "RetrySim",
  balancer: "BalancerSim",
  cache: "CacheSim",
};

type Props = {
  params: Promise<{ name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export const metadata: Metadata = {
  title: "Simulation preview",
  robots: { index: false, follow: false },
};

/** Query values become props: numbers, booleans and JSON (arrays) are parsed; anything else stays a string. */
function parseProps(query: Record<string, string | string[] | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(query)) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value === undefined) continue;
    try {
      out[key] = JSON.parse(value);
    } catch {
      out[key] = value;
    }
  }
  return out;
}

function mdxFor(component: string, props: Record<string, unknown>): string {
  const attrs = Object.entries(props).map(([k, v]) => (typeof v === "string" ? `${k}="${v}"` : `${k}={${JSON.stringify(v)}}`));
  return `<${component}${attrs.length > 0 ? " " + attrs.join(" ") : ""} />`;
}

export default async function SimPreviewPage({ params, searchParams }: Props) {
  const { name } = await params;
  const component = NAMES[name];
  if (!component) notFound();
  const props = parseProps(await searchParams);
  return (
    <div className="container page">
      <p className="muted" style={{ margin: 0, fontSize: "0.9rem" }}>
        Simulation preview · not indexed
      </p>
      <h1 style={{ fontSize: "1.6rem", margin: "0.2rem 0 0.6rem" }}>
        <code>{component}</code>
      </h1>
      <p className="muted" style={{ maxWidth: "var(--prose-width)" }}>
        Props come from the query string (for example <code>?seed=7&amp;nodes=9</code>). Inject faults below, then copy the
        fault script into a lesson as <code>{mdxFor(component, { ...props, faults: ["…"] }).replace('["…"]', "[…]")}</code>.
      </p>
      <SimPreview component={component} props={props} />
      <p className="muted" style={{ fontSize: "0.9rem" }}>
        Other simulations:{" "}
        {Object.keys(NAMES).map((n, i) => (
          <span key={n}>
            {i > 0 ? " · " : ""}
            <a href={`/sim-preview/${n}`}>{n}</a>
          </span>
        ))}
      </p>
    </div>
  );
}
