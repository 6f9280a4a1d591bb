/** Nodes that crash and restart, and the network between them (latency, drops, duplicates, partitions). */
import type { Fault } from "./faults";
import type { Kernel } from "./kernel";
import type { Rng } from "./random";

export interface LatencyModel {
  /** Minimum one-way latency in ms. */
  baseMs: number;
  /** Extra latency: uniform in [0, jitterMs), or exponential with mean jitterMs (a long tail, as real networks have). */
  jitterMs: number;
  tail?: "uniform" | "exponential";
}

export interface NetworkStats {
  sent: number;
  delivered: number;
  dropped: number;
  duplicated: number;
}

/**
 * Node ids are 1..nodeCount. A crash bumps the node's epoch, which silently cancels every timer and
 * in-flight callback the previous incarnation scheduled (`timer`), so a restarted node starts clean.
 */
export class Cluster {
  readonly ids: number[];
  private readonly up: boolean[];
  private readonly epoch: number[];
  private readonly slowFactor: number[];
  /** group[id] = partition group index; null when there is no partition. Unlisted nodes are isolated. */
  private group: number[] | null = null;
  dropRate = 0;
  duplicateRate = 0;
  extraDelayMs = 0;
  extraJitterMs = 0;
  readonly stats: NetworkStats = { sent: 0, delivered: 0, dropped: 0, duplicated: 0 };

  constructor(
    private readonly kernel: Kernel,
    private readonly rng: Rng,
    readonly nodeCount: number,
    readonly latency: LatencyModel,
  ) {
    this.ids = Array.from({ length: nodeCount }, (_, i) => i + 1);
    this.up = new Array<boolean>(nodeCount + 1).fill(true);
    this.epoch = new Array<number>(nodeCount + 1).fill(0);
    this.slowFactor = new Array<number>(nodeCount + 1).fill(1);
  }

  isUp(node: number): boolean {
    return this.up[node];
  }

  upCount(): number {
    let n = 0;
    for (const id of this.ids) if (this.up[id]) n++;
    return n;
  }

  crash(node: number): void {
    this.up[node] = false;
    this.epoch[node]++;
  }

  restart(node: number): void {
    this.up[node] = true;
    this.epoch[node]++;
  }

  slowness(node: number): number {
    return this.slowFactor[node];
  }

  /** Run `fn` after `delay` ms unless the node crashed (or crashed and restarted) in between. */
  timer(node: number, delay: number, fn: () => void): void {
    const epoch = this.epoch[node];
    this.kernel.schedule(delay, () => {
      if (this.epoch[node] === epoch && this.up[node]) fn();
    });
  }

  canReach(a: number, b: number): boolean {
    const g = this.group;
    return g === null || (g[a] !== -1 && g[a] === g[b]);
  }

  partitionGroups(): number[][] | null {
    if (!this.group) return null;
    const groups = new Map<number, number[]>();
    const isolated: number[][] = [];
    for (const id of this.ids) {
      const g = this.group[id];
      if (g === -1) isolated.push([id]);
      else groups.set(g, [...(groups.get(g) ?? []), id]);
    }
    return [...groups.values(), ...isolated];
  }

  /** One-way latency for a message between two nodes (slow nodes stretch it). */
  sampleLatency(from: number, to: number): number {
    const jitter = this.latency.tail === "exponential" ? this.rng.exponential(this.latency.jitterMs) : this.rng.uniform(0, this.latency.jitterMs);
    let ms = this.latency.baseMs + jitter;
    if (this.extraDelayMs > 0 || this.extraJitterMs > 0) ms += this.extraDelayMs + this.rng.uniform(0, this.extraJitterMs);
    const slow = Math.max(this.slowFactor[from] ?? 1, this.slowFactor[to] ?? 1);
    return ms * slow;
  }

  /**
   * Send a message: `deliver` runs at the receiver after the sampled latency, unless the message is dropped,
   * the two nodes cannot reach each other (checked at send and at delivery), or the receiver is down.
   */
  send(from: number, to: number, deliver: () => void): void {
    this.stats.sent++;
    if (!this.up[from] || !this.canReach(from, to) || this.rng.chance(this.dropRate)) {
      this.stats.dropped++;
      return;
    }
    const copies = this.rng.chance(this.duplicateRate) ? 2 : 1;
    if (copies === 2) this.stats.duplicated++;
    for (let i = 0; i < copies; i++) {
      this.kernel.schedule(this.sampleLatency(from, to), () => {
        if (!this.up[to] || !this.canReach(from, to)) {
          this.stats.dropped++;
          return;
        }
        this.stats.delivered++;
        deliver();
      });
    }
  }

  /** Apply the network-level faults; returns false for faults the simulation must handle itself. */
  applyNetworkFault(f: Fault): boolean {
    switch (f.fault) {
      case "partition": {
        const group = new Array<number>(this.nodeCount + 1).fill(-1);
        f.groups.forEach((g, i) => g.forEach((id) => (group[id] = i)));
        this.group = group;
        return true;
      }
      case "heal":
        this.group = null;
        return true;
      case "drop":
        this.dropRate = f.rate;
        return true;
      case "duplicate":
        this.duplicateRate = f.rate;
        return true;
      case "delay":
        this.extraDelayMs = f.ms;
        this.extraJitterMs = f.jitter;
        return true;
      case "slow":
        this.slowFactor[f.node] = f.factor;
        return true;
      default:
        return false;
    }
  }
}
