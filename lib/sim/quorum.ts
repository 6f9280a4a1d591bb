/**
 * Leaderless (Dynamo-style) replication: a coordinator sends every write to all N replicas and waits for W
 * acknowledgements, every read to all N and waits for R replies, returning the highest version seen.
 * Versions are a global write counter (Lamport-style timestamps); replicas keep the highest version
 * (last writer wins). No sloppy quorum or hinted handoff: if fewer than W/R replicas answer in time, the
 * operation fails.
 */
import { describeFault, type Fault } from "./faults";
import { Kernel } from "./kernel";
import { Cluster } from "./network";
import type { ParamsOf } from "./params";
import { defineSimulation, type ResolvedOptions } from "./simulation";
import type { SimResult } from "./types";

export const quorumParams = {
  n: { type: "number", label: "Replicas (N)", default: 3, min: 1, max: 9, integer: true },
  r: { type: "number", label: "Read quorum (R)", default: 2, min: 1, max: 9, integer: true },
  w: { type: "number", label: "Write quorum (W)", default: 2, min: 1, max: 9, integer: true },
  keys: { type: "number", label: "Keys", default: 3, min: 1, max: 1000, integer: true },
  opsPerSec: { type: "number", label: "Client operations per second", default: 20, min: 0, max: 10_000 },
  writeShare: { type: "number", label: "Share of operations that are writes", default: 0.3, min: 0, max: 1 },
  latencyMs: { type: "number", label: "Network latency (base)", default: 5, min: 0, max: 5_000, unit: "ms" },
  jitterMs: { type: "number", label: "Network latency (jitter)", default: 10, min: 0, max: 5_000, unit: "ms" },
  serviceMs: { type: "number", label: "Replica processing time", default: 2, min: 0, max: 5_000, unit: "ms" },
  timeoutMs: { type: "number", label: "Coordinator timeout", default: 500, min: 1, max: 60_000, unit: "ms" },
  readRepair: { type: "boolean", label: "Read repair", default: false },
} as const;

export type QuorumParams = ParamsOf<typeof quorumParams>;

export interface VersionedValue {
  version: number;
  value: string;
}

export interface ReplicaView {
  id: number;
  up: boolean;
  slowFactor: number;
  data: Record<string, VersionedValue>;
}

export interface QuorumState {
  t: number;
  replicas: ReplicaView[];
  /** Highest acknowledged version per key so far. */
  acknowledged: Record<string, number>;
  inFlight: number;
  counts: { reads: number; writes: number; staleReads: number; failedReads: number; failedWrites: number };
}

export interface ReadRecord {
  key: string;
  start: number;
  end: number;
  ok: boolean;
  /** Version returned (0 = key never written). */
  version: number;
  /** Highest version acknowledged to a client before this read started. */
  required: number;
  stale: boolean;
  replicas: number[];
}

export interface WriteRecord {
  key: string;
  start: number;
  end: number;
  version: number;
  acknowledged: boolean;
  replicas: number[];
}

export type QuorumResult = SimResult<QuorumParams, QuorumState> & { history: { reads: ReadRecord[]; writes: WriteRecord[] } };

const COORDINATOR = 0;

function buildQuorum({ seed, params, faults, sampleEveryMs, eventBudget }: ResolvedOptions<QuorumParams>) {
  const kernel = new Kernel(seed, sampleEveryMs, eventBudget);
  const clientRng = kernel.rng.fork();
  const cluster = new Cluster(kernel, kernel.rng.fork(), params.n, { baseMs: params.latencyMs, jitterMs: params.jitterMs });
  let stores: Map<string, VersionedValue>[] = Array.from({ length: params.n + 1 }, () => new Map());
  const acknowledged = new Map<string, number>();
  const reads: ReadRecord[] = [];
  const writes: WriteRecord[] = [];
  let opsPerSec = params.opsPerSec;
  let nextVersion = 0;
  let inFlight = 0;
  let staleReads = 0;

  /** A replica handles a request after its (possibly slowed) processing time; a crash cancels it. */
  const atReplica = (replica: number, work: () => void) =>
    cluster.timer(replica, params.serviceMs * cluster.slowness(replica), work);

  const store = (replica: number, key: string, v: VersionedValue) => {
    const current = stores[replica].get(key);
    if (!current || current.version < v.version) stores[replica].set(key, v);
  };

  function write(key: string): void {
    const version = ++nextVersion;
    const value: VersionedValue = { version, value: `v${version}` };
    const record: WriteRecord = { key, start: kernel.now, end: kernel.now, version, acknowledged: false, replicas: [] };
    let done = false;
    inFlight++;
    const finish = (acknowledged_: boolean) => {
      done = true;
      inFlight--;
      record.end = kernel.now;
      record.acknowledged = acknowledged_;
      writes.push(record);
      if (acknowledged_) {
        acknowledged.set(key, Math.max(acknowledged.get(key) ?? 0, version));
        kernel.log("write", `Write ${key}=${value.value} (version ${version}) acknowledged by replicas ${record.replicas.join(", ")} (W=${params.w})`, { key, version, replicas: [...record.replicas] });
      } else {
        kernel.log("write-failed", `Write ${key}=${value.value} failed: only ${record.replicas.length} of W=${params.w} replicas answered within ${params.timeoutMs} ms`, { key, version });
      }
    };
    for (const replica of cluster.ids) {
      cluster.send(COORDINATOR, replica, () =>
        atReplica(replica, () => {
          store(replica, key, value);
          cluster.send(replica, COORDINATOR, () => {
            if (done || record.replicas.includes(replica)) return;
            record.replicas.push(replica);
            if (record.replicas.length >= params.w) finish(true);
          });
        }),
      );
    }
    kernel.schedule(params.timeoutMs, () => {
      if (!done) finish(false);
    });
  }

  function read(key: string): void {
    const required = acknowledged.get(key) ?? 0;
    const replies: { replica: number; value: VersionedValue | undefined }[] = [];
    const start = kernel.now;
    let done = false;
    inFlight++;
    const finish = (ok: boolean) => {
      done = true;
      inFlight--;
      let best: VersionedValue | undefined;
      for (const r of replies) if (r.value && (!best || r.value.version > best.version)) best = r.value;
      const version = best?.version ?? 0;
      const stale = ok && version < required;
      const record: ReadRecord = { key, start, end: kernel.now, ok, version, required, stale, replicas: replies.map((r) => r.replica) };
      reads.push(record);
      if (!ok) {
        kernel.log("read-failed", `Read ${key} failed: only ${replies.length} of R=${params.r} replicas answered within ${params.timeoutMs} ms`, { key });
        return;
      }
      if (stale) {
        staleReads++;
        kernel.log("stale-read", `Read ${key} returned version ${version} from replicas ${record.replicas.join(", ")}: STALE, version ${required} had already been acknowledged`, { key, version, required, replicas: record.replicas });
      } else {
        kernel.log("read", `Read ${key} returned version ${version} from replicas ${record.replicas.join(", ")} (R=${params.r})`, { key, version, replicas: record.replicas });
      }
      if (params.readRepair && best) {
        const latest = best;
        for (const r of replies) {
          if (!r.value || r.value.version < latest.version) cluster.send(COORDINATOR, r.replica, () => atReplica(r.replica, () => store(r.replica, key, latest)));
        }
      }
    };
    for (const replica of cluster.ids) {
      cluster.send(COORDINATOR, replica, () =>
        atReplica(replica, () => {
          const value = stores[replica].get(key);
          cluster.send(replica, COORDINATOR, () => {
            if (done || replies.some((r) => r.replica === replica)) return;
            replies.push({ replica, value });
            if (replies.length >= params.r) finish(true);
          });
        }),
      );
    }
    kernel.schedule(params.timeoutMs, () => {
      if (!done) finish(false);
    });
  }

  let arrivalScheduled = false;

  function nextOperation(): void {
    if (opsPerSec <= 0) return; // resumed by a load fault
    arrivalScheduled = true;
    kernel.schedule(clientRng.exponential(1000 / opsPerSec), () => {
      arrivalScheduled = false;
      if (opsPerSec <= 0) return;
      const key = `k${clientRng.int(1, params.keys)}`;
      if (clientRng.chance(params.writeShare)) write(key);
      else read(key);
      nextOperation();
    });
  }

  function applyFault(f: Fault): void {
    if (f.fault === "crash") {
      cluster.crash(f.node);
    } else if (f.fault === "restart") {
      cluster.restart(f.node);
      if (!f.durable) stores = stores.map((s, i) => (i === f.node ? new Map() : s));
    } else if (f.fault === "load") {
      opsPerSec = f.rate;
      // A scheduled arrival keeps the stream alive and reads the new rate when it fires; starting a second stream would double the load.
      if (!arrivalScheduled) nextOperation();
    } else {
      cluster.applyNetworkFault(f);
    }
    kernel.log(f.fault === "crash" || f.fault === "restart" ? f.fault : "fault", describeFault(f, "Replica"), {
      node: "node" in f ? f.node : undefined,
      fault: f.fault,
    });
  }

  for (const f of faults) kernel.at(f.at, () => applyFault(f));
  nextOperation();
  kernel.sample(() => ({
    staleReads,
    reads: reads.length,
    writes: writes.length,
    inFlight,
    replicasUp: cluster.upCount(),
  }));

  const view = (): QuorumState => ({
    t: kernel.now,
    replicas: cluster.ids.map((id) => ({
      id,
      up: cluster.isUp(id),
      slowFactor: cluster.slowness(id),
      data: Object.fromEntries([...stores[id].entries()].sort(([a], [b]) => a.localeCompare(b))),
    })),
    acknowledged: Object.fromEntries([...acknowledged.entries()].sort(([a], [b]) => a.localeCompare(b))),
    inFlight,
    counts: {
      reads: reads.length,
      writes: writes.length,
      staleReads,
      failedReads: reads.filter((r) => !r.ok).length,
      failedWrites: writes.filter((w) => !w.acknowledged).length,
    },
  });

  return { kernel, view, extras: () => ({ history: { reads, writes } }) };
}

export const quorum = defineSimulation({
  name: "quorum",
  title: "Leaderless replication with read and write quorums",
  description: "Clients write to W of N replicas and read from R; when R + W ≤ N a read can miss the latest write.",
  paramsSchema: quorumParams,
  defaultDuration: 10_000,
  supportedFaults: ["crash", "restart", "slow", "drop", "duplicate", "delay", "load"],
  exampleFaults: [
    { at: 2000, fault: "slow", node: 3, factor: 20 },
    { at: 5000, fault: "crash", node: 1 },
  ],
  nodeWord: "replica",
  nodeCount: (p) => p.n,
  checkParams: (p) => [
    ...(p.r > p.n ? [`params.r: read quorum R=${p.r} cannot exceed N=${p.n}`] : []),
    ...(p.w > p.n ? [`params.w: write quorum W=${p.w} cannot exceed N=${p.n}`] : []),
  ],
  build: buildQuorum,
  queries: {
    staleReads: (r) => r.final.counts.staleReads,
    failedWrites: (r) => r.final.counts.failedWrites,
    failedReads: (r) => r.final.counts.failedReads,
    reads: (r) => r.final.counts.reads,
    writes: (r) => r.final.counts.writes,
  },
});
