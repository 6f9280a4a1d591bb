// The simulation components MDX lessons may embed, keyed by component name.
// TODO(switch-over): components/sim/index.tsx (another engineer) will export `simComponents`;
// when it lands, replace this whole file's body with:
//   export { simComponents } from "@/components/sim";
import type { ComponentType } from "react";

const NAMES = ["RaftSim", "QuorumSim", "HashRingSim", "QueueSim", "RetrySim", "BalancerSim", "CacheSim"] as const;

function describe(props: Record<string, unknown>): string {
  return Object.entries(props)
    .filter(([k]) => k !== "faults")
    .map(([k, v]) => `${k} ${Array.isArray(v) ? `[${v.join(", ")}]` : String(v)}`)
    .join(" · ");
}

function placeholder(name: string): ComponentType<Record<string, unknown>> {
  function SimulationPlaceholder(props: Record<string, unknown>) {
    const faults = Array.isArray(props.faults) ? props.faults.length : 0;
    return (
      <figure className="sim-placeholder">
        <figcaption>
          <strong>Interactive simulation</strong> <code>{name}</code>
        </figcaption>
        <p className="muted">
          {describe(props)}
          {faults > 0 ? ` · ${faults} scripted fault${faults === 1 ? "" : "s"}` : ""}
        </p>
      </figure>
    );
  }
  SimulationPlaceholder.displayName = `${name}Placeholder`;
  return SimulationPlaceholder;
}

export const simComponents: Record<string, ComponentType<Record<string, unknown>>> = Object.fromEntries(NAMES.map((n) => [n, placeholder(n)]));
