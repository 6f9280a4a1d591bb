/**
 * Consistent hashing with virtual nodes. Each node owns `vnodes` points on a 32-bit ring; a key belongs to
 * the first point clockwise from its hash. Membership changes: `crash {node}` removes a node from the ring,
 * `restart {node}` adds it (nodes nodes+1..nodes+spareNodes start outside the ring, so restarting one is a
 * scale-out). Load is measured from requests (Poisson, `load` fault) with an optional hot key.
 */
import { describeFault, pct, type Fault } from "./faults";
import { Kernel } from "./kernel";
import type { ParamsOf } from "./params";
import { defineSimulation, type ResolvedOptions } from "./simulation";
import type { SimResult } from "./types";

/** FNV-1a followed by murmur3's finaliser: cheap, deterministic, well spread over 32 bits. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The ring itself, usable on its own (lessons can call addNode/removeNode/ownerOf directly). */
export class HashRing {
  private points: { position: number; node: number }[] = [];
  private readonly members = new Set<number>();

  constructor(
    readonly vnodes: number,
    /** Salt for point positions, so different seeds give different (but reproducible) rings. */
    readonly salt = "",
  ) {}

  nodes(): number[] {
    return [...this.members].sort((a, b) => a - b);
  }

  has(node: number): boolean {
    return this.members.has(node);
  }

  addNode(node: number): void {
    if (this.members.has(node)) return;
    this.members.add(node);
    for (let v = 0; v < this.vnodes; v++) this.points.push({ position: hash32(`${this.salt}node-${node}#${v}`), node });
    // Ties (astronomically rare) are broken by node id so the order is still total.
    this.points.sort((a, b) => a.position - b.position || a.node - b.node);
  }

  removeNode(node: number): void {
    if (!this.members.delete(node)) return;
    this.points = this.points.filter((p) => p.node !== node);
  }

  /** Owner of a key: first point at or after its hash, wrapping around. Null for an empty ring. */
  ownerOf(key: string): number | null {
    return this.ownerOfHash(hash32(key));
  }

  ownerOfHash(h: number): number | null {
    const points = this.points;
    if (points.length === 0) return null;
    let lo = 0;
    let hi = points.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (points[mid].position < h) lo = mid + 1;
      else hi = mid;
    }
    return points[lo === points.length ? 0 : lo].node;
  }

  ringPoints(): { position: number; node: number }[] {
    return this.points.map((p) => ({ ...p }));
  }
}

export const hashringParams = {
  nodes: { type: "number", label: "Nodes in the ring at start", default: 4, min: 1, max: 64, integer: true },
  spareNodes: { type: "number", label: "Spare nodes (join with a restart fault)", default: 1, min: 0, max: 64, integer: true },
  vnodes: { type: "number", label: "Virtual nodes per node", default: 64, min: 1, max: 2_000, integer: true },
  keys: { type: "number", label: "Keys", default: 1000, min: 1, max: 200_000, integer: true },
  opsPerSec: { type: "number", label: "Requests per second", default: 500, min: 0, max: 100_000 },
} as const;

export type HashRingParams = ParamsOf<typeof hashringParams>;

export interface RingChange {
  t: number;
  change: "join" | "leave";
  node: number;
  movedKeys: number;
  movedFraction: number;
  /** Where moved keys went, by node id. */
  movedTo: Record<string, number>;
}

export interface RingNodeView {
  id: number;
  inRing: boolean;
  keys: number;
  /** Requests since the last membership change. */
  requests: number;
}

export interface HashRingState {
  t: number;
  points: { position: number; node: number }[];
  nodes: RingNodeView[];
  lastChange: RingChange | null;
  hotKey: { key: string; share: number; owner: number | null } | null;
  /** max / mean requests per ring member since the last change (key counts if no requests yet). */
  maxLoadRatio: number;
}

export type HashRingResult = SimResult<HashRingParams, HashRingState> & { changes: RingChange[] };

function buildHashRing({ seed, params, faults, sampleEveryMs, eventBudget }: ResolvedOptions<HashRingParams>) {
  const kernel = new Kernel(seed, sampleEveryMs, eventBudget);
  const rng = kernel.rng.fork();
  const ring = new HashRing(params.vnodes, `${seed}:`);
  const total = params.nodes + params.spareNodes;
  for (let id = 1; id <= params.nodes; id++) ring.addNode(id);
  const keyHashes = Array.from({ length: params.keys }, (_, i) => hash32(`key-${i}`));
  let owners = keyHashes.map((h) => ring.ownerOfHash(h) ?? 0);
  const requests = new Array<number>(total + 1).fill(0);
  let windowRequests = new Array<number>(total + 1).fill(0);
  const changes: RingChange[] = [];
  let hotKey: { key: string; share: number } | null = null;
  let opsPerSec = params.opsPerSec;

  function changeMembership(change: "join" | "leave", node: number): void {
    if (change === "join") ring.addNode(node);
    else ring.removeNode(node);
    const next = keyHashes.map((h) => ring.ownerOfHash(h) ?? 0);
    const movedTo: Record<string, number> = {};
    let moved = 0;
    for (let i = 0; i < next.length; i++) {
      if (next[i] !== owners[i]) {
        moved++;
        movedTo[next[i]] = (movedTo[next[i]] ?? 0) + 1;
      }
    }
    owners = next;
    requests.fill(0);
    const record: RingChange = { t: kernel.now, change, node, movedKeys: moved, movedFraction: moved / params.keys, movedTo };
    changes.push(record);
    const destinations = Object.keys(movedTo);
    const where =
      change === "join" ? (destinations.length === 1 ? `, all to node ${destinations[0]}` : "") : `, spread over nodes ${destinations.join(", ")}`;
    kernel.log(
      change,
      `Node ${node} ${change === "join" ? "joined" : "left"} the ring: ${moved} of ${params.keys} keys (${pct(moved / params.keys)}) moved${where}`,
      { node, movedKeys: moved },
    );
  }

  function applyFault(f: Fault): void {
    if (f.fault === "crash") {
      if (!ring.has(f.node)) return kernel.log("fault", `Node ${f.node} is not in the ring; nothing to remove`, { node: f.node });
      if (ring.nodes().length === 1) return kernel.log("fault", `Node ${f.node} is the last node; it stays`, { node: f.node });
      return changeMembership("leave", f.node);
    }
    if (f.fault === "restart") {
      if (ring.has(f.node)) return kernel.log("fault", `Node ${f.node} is already in the ring`, { node: f.node });
      return changeMembership("join", f.node);
    }
    if (f.fault === "hotkey") {
      hotKey = f.share > 0 ? { key: f.key, share: f.share } : null;
      kernel.log("fault", `${describeFault(f)} (owned by node ${ring.ownerOf(f.key)})`, { key: f.key, share: f.share });
      return;
    }
    if (f.fault === "load") {
      opsPerSec = f.rate;
      // A scheduled arrival keeps the stream alive and reads the new rate when it fires; starting a second stream would double the load.
      if (!arrivalScheduled) nextRequest();
    }
    kernel.log("fault", describeFault(f), { fault: f.fault });
  }

  let arrivalScheduled = false;

  function nextRequest(): void {
    if (opsPerSec <= 0) return;
    arrivalScheduled = true;
    kernel.schedule(rng.exponential(1000 / opsPerSec), () => {
      arrivalScheduled = false;
      if (opsPerSec <= 0) return;
      const owner = hotKey && rng.chance(hotKey.share) ? ring.ownerOf(hotKey.key) ?? 0 : owners[rng.int(0, params.keys - 1)];
      requests[owner]++;
      windowRequests[owner]++;
      nextRequest();
    });
  }

  const loadRatio = (loads: number[]): number => {
    const members = ring.nodes();
    const values = members.map((id) => loads[id]);
    const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
    return mean > 0 ? Math.max(...values) / mean : 1;
  };
  const keyCounts = (): number[] => {
    const counts = new Array<number>(total + 1).fill(0);
    for (const o of owners) counts[o]++;
    return counts;
  };
  const maxLoadRatio = () => (requests.some((r) => r > 0) ? loadRatio(requests) : loadRatio(keyCounts()));

  for (const f of faults) kernel.at(f.at, () => applyFault(f));
  nextRequest();
  kernel.sample(() => {
    const values: Record<string, number> = { maxLoadRatio: maxLoadRatio(), members: ring.nodes().length };
    for (let id = 1; id <= total; id++) values[`requests.n${id}`] = windowRequests[id];
    windowRequests = new Array<number>(total + 1).fill(0);
    return values;
  });

  const view = (): HashRingState => {
    const counts = keyCounts();
    return {
      t: kernel.now,
      points: ring.ringPoints(),
      nodes: Array.from({ length: total }, (_, i) => ({ id: i + 1, inRing: ring.has(i + 1), keys: counts[i + 1], requests: requests[i + 1] })),
      lastChange: changes.length > 0 ? { ...changes[changes.length - 1] } : null,
      hotKey: hotKey ? { ...hotKey, owner: ring.ownerOf(hotKey.key) } : null,
      maxLoadRatio: maxLoadRatio(),
    };
  };

  return { kernel, view, extras: () => ({ changes }), ring };
}

export const hashring = defineSimulation({
  name: "hashring",
  title: "Consistent hashing with virtual nodes",
  description: "Keys map to the next virtual node clockwise; adding a node moves only about 1/(n+1) of the keys, all to the new node.",
  paramsSchema: hashringParams,
  defaultDuration: 10_000,
  supportedFaults: ["crash", "restart", "hotkey", "load"],
  exampleFaults: [
    { at: 3000, fault: "restart", node: 5, durable: true },
    { at: 6000, fault: "hotkey", key: "user:42", share: 0.3 },
  ],
  nodeCount: (p) => p.nodes + p.spareNodes,
  build: buildHashRing,
  queries: {
    movedKeyFraction: (r) => r.final.lastChange?.movedFraction ?? null,
    maxLoadRatio: (r) => Math.round(r.final.maxLoadRatio * 1000) / 1000,
    ownerOf: (r, arg) => {
      if (!arg) throw new Error("ownerOf needs a key, e.g. ownerOf:user:42");
      const ring = new HashRing(r.params.vnodes, `${r.seed}:`);
      for (const n of r.final.nodes) if (n.inRing) ring.addNode(n.id);
      return ring.ownerOf(arg);
    },
  },
});
