/**
 * Leaderless (Dynamo-style) replication: a coordinator sends every write to the key's N replicas and waits for
 * W acknowledgements, and every read to R of them (as Cassandra does), returning the highest version seen. Versions are
 * a global write counter (Lamport-style timestamps); replicas keep the highest version (last writer wins).
 *
 * What makes replicas diverge, as in production: one-way latency has a long (exponential) tail, and each replica
 * serves requests one at a time from a FIFO queue, so a slow or busy replica falls behind while W others answer.
 * Clients are processes with one operation outstanding each (think time between operations), and every
 * operation is recorded in `history` for linearizability checking.
 *
 * Options: read repair (the coordinator writes the newest version back to replicas that answered with an older
 * one); sloppy quorums with hinted handoff (nodes n+1..n+spares stand in for replicas that are down, keep the
 * write as a hint and hand it over when the replica returns). A coordinator whose failure detector sees fewer
 * than W (or R) usable nodes refuses the operation at once ("fail"); one that times out waiting does not know
 * whether the write took effect ("unknown").
 */
import { describeFault, type Fault } from "./faults";
import { ClientHistory } from "./history";
import { Kernel } from "./kernel";
import { Cluster } from "./network";
import type { ParamsOf } from "./params";
import { defineSimulation, type ResolvedOptions } from "./simulation";
import type { ClientOperation, SimResult } from "./types";

export const quorumParams = {
  n: { type: "number", label: "Replicas (N)", default: 3, min: 1, max: 9, integer: true },
  r: { type: "number", label: "Read quorum (R)", default: 2, min: 1, max: 9, integer: true },
  w: { type: "number", label: "Write quorum (W)", default: 2, min: 1, max: 9, integer: true },
  keys: { type: "number", label: "Keys", default: 3, min: 1, max: 1000, integer: true },
  clients: { type: "number", label: "Clients (one operation outstanding each)", default: 4, min: 1, max: 100, integer: true },
  opsPerSec: { type: "number", label: "Client operations per second (all clients)", default: 20, min: 0, max: 10_000 },
  writeShare: { type: "number", label: "Share of operations that are writes", default: 0.3, min: 0, max: 1 },
  latencyMs: { type: "number", label: "Network latency (base)", default: 5, min: 0, max: 5_000, unit: "ms" },
  jitterMs: { type: "number", label: "Network latency tail (mean)", default: 10, min: 0, max: 5_000, unit: "ms" },
  serviceMs: { type: "number", label: "Replica processing time (mean)", default: 2, min: 0, max: 5_000, unit: "ms" },
  timeoutMs: { type: "number", label: "Coordinator timeout", default: 500, min: 1, max: 60_000, unit: "ms" },
  readRepair: { type: "boolean", label: "Read repair", default: false },
  sloppy: { type: "boolean", label: "Sloppy quorum with hinted handoff", default: false },
  spares: { type: "number", label: "Stand-in nodes for sloppy quorums", default: 0, min: 0, max: 5, integer: true },
  handoffMs: { type: "number", label: "Hinted handoff check every", default: 1000, min: 10, max: 60_000, unit: "ms" },
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
  /** A stand-in node (sloppy quorums), not one of the key's N replicas. */
  spare: boolean;
  /** Requests waiting or in service. */
  queue: number;
  data: Record<string, VersionedValue>;
  /** Writes held for another replica (sloppy quorums): how many. */
  hints: number;
}

export interface QuorumState {
  t: number;
  replicas: ReplicaView[];
  /** Highest acknowledged version per key so far. */
  acknowledged: Record<string, number>;
  inFlight: number;
  counts: {
    reads: number;
    writes: number;
    staleReads: number;
    /** Reads that returned an older version than a read which had already finished: regular, not linearizable. */
    readsBackInTime: number;
    failedReads: number;
    failedWrites: number;
    hintedWrites: number;
    handedOff: number;
    readRepairs: number;
  };
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
  /** A read that had finished before this one started returned a newer version. */
  backInTime: boolean;
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

export type QuorumResult = SimResult<QuorumParams, QuorumState> & {
  /** Coordinator-side records of every read and write. */
  records: { reads: ReadRecord[]; writes: WriteRecord[] };
  /** What each client invoked and saw, for a linearizability checker. */
  history: ClientOperation[];
};

const COORDINATOR = 0;

function buildQuorum({ seed, params, faults, sampleEveryMs, eventBudget }: ResolvedOptions<QuorumParams>) {
  const kernel = new Kernel(seed, sampleEveryMs, eventBudget);
  const clientRng = kernel.rng.fork();
  const nodeCount = params.n + params.spares;
  const cluster = new Cluster(kernel, kernel.rng.fork(), nodeCount, { baseMs: params.latencyMs, jitterMs: params.jitterMs, tail: "exponential" });
  const serviceRng = kernel.rng.fork();
  let stores: Map<string, VersionedValue>[] = Array.from({ length: nodeCount + 1 }, () => new Map());
  /** hints[spare]: writes held for replica `for`. */
  const hints: { for: number; key: string; value: VersionedValue }[][] = Array.from({ length: nodeCount + 1 }, () => []);
  const busyUntil = new Array<number>(nodeCount + 1).fill(0);
  const queued = new Array<number>(nodeCount + 1).fill(0);
  const acknowledged = new Map<string, number>();
  const reads: ReadRecord[] = [];
  const writes: WriteRecord[] = [];
  const history = new ClientHistory();
  /** Per key: end times of finished reads and the highest version any of them returned so far (prefix maximum). */
  const finishedReads = new Map<string, { end: number[]; maxVersion: number[] }>();
  const counts = { staleReads: 0, readsBackInTime: 0, hintedWrites: 0, handedOff: 0, readRepairs: 0 };
  let opsPerSec = params.opsPerSec;
  let nextVersion = 0;
  let inFlight = 0;

  const isReplica = (node: number) => node <= params.n;

  /** A node serves one request at a time, FIFO, after its (possibly slowed) processing time; a crash cancels it. */
  function atNode(node: number, work: () => void): void {
    const service = serviceRng.exponential(params.serviceMs) * cluster.slowness(node);
    const start = Math.max(kernel.now, busyUntil[node]);
    busyUntil[node] = start + service;
    queued[node]++;
    // A crash drops the queue (the timer never fires) and resets the counter.
    cluster.timer(node, busyUntil[node] - kernel.now, () => {
      queued[node]--;
      work();
    });
  }

  const store = (node: number, key: string, v: VersionedValue) => {
    const current = stores[node].get(key);
    if (!current || current.version < v.version) stores[node].set(key, v);
  };

  /**
   * The nodes an operation goes to, as the coordinator's failure detector sees them (a crashed node is known
   * to be down). Strict: the N replicas that are up. Sloppy: the first N nodes that are up, in preference
   * order, each stand-in holding the write for the first replica that is down.
   */
  function targets(): { node: number; hintFor: number | null }[] {
    const upReplicas = cluster.ids.filter((id) => isReplica(id) && cluster.isUp(id));
    if (!params.sloppy) return upReplicas.map((node) => ({ node, hintFor: null }));
    const downReplicas = cluster.ids.filter((id) => isReplica(id) && !cluster.isUp(id));
    const out = upReplicas.map((node) => ({ node, hintFor: null as number | null }));
    for (const id of cluster.ids) {
      if (isReplica(id) || !cluster.isUp(id) || downReplicas.length === 0) continue;
      out.push({ node: id, hintFor: downReplicas.shift()! });
    }
    return out;
  }

  function write(key: string, op: ClientOperation): void {
    const version = ++nextVersion;
    const value: VersionedValue = { version, value: `v${version}` };
    op.value = value.value;
    const record: WriteRecord = { key, start: kernel.now, end: kernel.now, version, acknowledged: false, replicas: [] };
    const to = targets();
    if (to.length < params.w) {
      record.acknowledged = false;
      writes.push(record);
      history.returned(op, "fail", kernel.now);
      kernel.log("write-failed", `Write ${key}=${value.value} refused: only ${to.length} of the W=${params.w} nodes it needs are up`, { key, version });
      return nextOperation(op.client);
    }
    let done = false;
    inFlight++;
    const finish = (ok: boolean) => {
      done = true;
      inFlight--;
      record.end = kernel.now;
      record.acknowledged = ok;
      writes.push(record);
      if (ok) {
        history.returned(op, "ok", kernel.now);
        acknowledged.set(key, Math.max(acknowledged.get(key) ?? 0, version));
        kernel.log("write", `Write ${key}=${value.value} (version ${version}) acknowledged by ${nodeList(record.replicas)} (W=${params.w})`, {
          key,
          version,
          replicas: [...record.replicas],
        });
      } else {
        history.gaveUp(op);
        kernel.log(
          "write-failed",
          `Write ${key}=${value.value} timed out: only ${record.replicas.length} of W=${params.w} nodes answered within ${params.timeoutMs} ms. The client cannot tell whether it took effect`,
          { key, version },
        );
      }
      nextOperation(op.client);
    };
    for (const { node, hintFor } of to) {
      cluster.send(COORDINATOR, node, () =>
        atNode(node, () => {
          store(node, key, value);
          if (hintFor !== null) hints[node].push({ for: hintFor, key, value });
          cluster.send(node, COORDINATOR, () => {
            if (done || record.replicas.includes(node)) return;
            record.replicas.push(node);
            if (hintFor !== null) {
              counts.hintedWrites++;
              kernel.log("hinted", `Node ${node} stood in for replica ${hintFor}: it holds ${key}=${value.value} as a hint until replica ${hintFor} returns`, {
                node,
                for: hintFor,
                key,
                version,
              });
            }
            if (record.replicas.length >= params.w) finish(true);
          });
        }),
      );
    }
    kernel.schedule(params.timeoutMs, () => {
      if (!done) finish(false);
    });
  }

  function finishedBefore(key: string, start: number): number {
    const f = finishedReads.get(key);
    if (!f) return 0;
    let lo = 0;
    let hi = f.end.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (f.end[mid] < start) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : f.maxVersion[lo - 1];
  }

  function read(key: string, op: ClientOperation): void {
    const required = acknowledged.get(key) ?? 0;
    const replies: { node: number; value: VersionedValue | undefined }[] = [];
    const start = kernel.now;
    const to = targets();
    if (to.length < params.r) {
      reads.push({ key, start, end: start, ok: false, version: 0, required, stale: false, backInTime: false, replicas: [] });
      history.returned(op, "fail", kernel.now);
      kernel.log("read-failed", `Read ${key} refused: only ${to.length} of the R=${params.r} nodes it needs are up`, { key });
      return nextOperation(op.client);
    }
    let done = false;
    inFlight++;
    const finish = (ok: boolean) => {
      done = true;
      inFlight--;
      let best: VersionedValue | undefined;
      for (const r of replies) if (r.value && (!best || r.value.version > best.version)) best = r.value;
      const version = best?.version ?? 0;
      const stale = ok && version < required;
      const earlier = ok ? finishedBefore(key, start) : 0;
      const backInTime = ok && version < earlier;
      const record: ReadRecord = { key, start, end: kernel.now, ok, version, required, stale, backInTime, replicas: replies.map((r) => r.node) };
      reads.push(record);
      if (!ok) {
        history.gaveUp(op);
        kernel.log("read-failed", `Read ${key} timed out: only ${replies.length} of R=${params.r} nodes answered within ${params.timeoutMs} ms`, { key });
        return nextOperation(op.client);
      }
      history.returned(op, "ok", kernel.now, best ? best.value : null);
      const f = finishedReads.get(key) ?? { end: [], maxVersion: [] };
      finishedReads.set(key, f);
      f.end.push(kernel.now);
      f.maxVersion.push(Math.max(version, f.maxVersion[f.maxVersion.length - 1] ?? 0));
      const from = nodeList(record.replicas);
      if (stale) {
        counts.staleReads++;
        kernel.log("stale-read", `Read ${key} returned version ${version} from ${from}: STALE, version ${required} had already been acknowledged`, {
          key,
          version,
          required,
          replicas: record.replicas,
        });
      } else if (backInTime) {
        counts.readsBackInTime++;
        kernel.log(
          "read-back-in-time",
          `Read ${key} returned version ${version} from ${from}, although an earlier read had already returned version ${earlier}: the write is still in flight. Not stale by the quorum rule, but not linearizable either`,
          { key, version, earlier, replicas: record.replicas },
        );
      } else {
        kernel.log("read", `Read ${key} returned version ${version} from ${from} (R=${params.r})`, { key, version, replicas: record.replicas });
      }
      if (params.readRepair && best) {
        const latest = best;
        for (const r of replies) {
          if (r.value && r.value.version >= latest.version) continue;
          counts.readRepairs++;
          kernel.log("read-repair", `Read repair: ${nodeName(r.node)} gets ${key} version ${latest.version} (it answered ${r.value ? `version ${r.value.version}` : "with nothing"})`, {
            node: r.node,
            key,
            version: latest.version,
          });
          cluster.send(COORDINATOR, r.node, () => atNode(r.node, () => store(r.node, key, latest)));
        }
      }
      nextOperation(op.client);
    };
    // Like Cassandra, a read goes to R of the candidates (chosen at random), not to all N: a lagging replica
    // then answers some reads on its own instead of always losing the race to a fresher one.
    const asked = [...to];
    for (let i = asked.length - 1; i > 0; i--) {
      const j = clientRng.int(0, i);
      [asked[i], asked[j]] = [asked[j], asked[i]];
    }
    asked.length = params.r;
    for (const { node } of asked) {
      cluster.send(COORDINATOR, node, () =>
        atNode(node, () => {
          const value = stores[node].get(key);
          cluster.send(node, COORDINATOR, () => {
            if (done || replies.some((r) => r.node === node)) return;
            replies.push({ node, value });
            if (replies.length >= params.r) finish(true);
          });
        }),
      );
    }
    kernel.schedule(params.timeoutMs, () => {
      if (!done) finish(false);
    });
  }

  const nodeName = (node: number) => (isReplica(node) ? `replica ${node}` : `stand-in ${node}`);
  const nodeList = (nodes: number[]) => {
    const sorted = [...nodes].sort((a, b) => a - b);
    return sorted.every(isReplica) ? `replicas ${sorted.join(", ")}` : sorted.map(nodeName).join(", ");
  };

  /** Hinted handoff: stand-ins periodically deliver their hints to replicas that are back. */
  function handoff(): void {
    for (const spare of cluster.ids) {
      if (isReplica(spare) || !cluster.isUp(spare) || hints[spare].length === 0) continue;
      const ready = hints[spare].filter((h) => cluster.isUp(h.for));
      if (ready.length === 0) continue;
      hints[spare] = hints[spare].filter((h) => !cluster.isUp(h.for));
      for (const h of ready) {
        cluster.send(spare, h.for, () =>
          atNode(h.for, () => {
            store(h.for, h.key, h.value);
            counts.handedOff++;
          }),
        );
        // The stand-in drops its copy once handed over (Dynamo deletes the hinted replica).
        if (stores[spare].get(h.key)?.version === h.value.version) stores[spare].delete(h.key);
      }
      const targetsOf = [...new Set(ready.map((h) => h.for))];
      kernel.log("handoff", `Stand-in ${spare} hands ${ready.length} hinted write${ready.length === 1 ? "" : "s"} back to replica ${targetsOf.join(", ")}`, {
        node: spare,
        count: ready.length,
      });
    }
  }

  // ---- Clients: closed loop, exponential think time so that all clients together offer `opsPerSec`. ----
  const thinking = new Array<boolean>(params.clients + 1).fill(false);

  function nextOperation(client: number): void {
    if (opsPerSec <= 0) return; // resumed by a load fault
    thinking[client] = true;
    kernel.schedule(clientRng.exponential((1000 * params.clients) / opsPerSec), () => {
      thinking[client] = false;
      if (opsPerSec <= 0) return;
      const key = `k${clientRng.int(1, params.keys)}`;
      if (clientRng.chance(params.writeShare)) write(key, history.invoke(client, key, "write", null, kernel.now));
      else read(key, history.invoke(client, key, "read", null, kernel.now));
    });
  }

  function applyFault(f: Fault): void {
    if (f.fault === "crash") {
      cluster.crash(f.node);
      queued[f.node] = 0;
      busyUntil[f.node] = 0;
    } else if (f.fault === "restart") {
      cluster.restart(f.node);
      if (!f.durable) {
        stores = stores.map((s, i) => (i === f.node ? new Map() : s));
        hints[f.node] = [];
      }
    } else if (f.fault === "load") {
      const was = opsPerSec;
      opsPerSec = f.rate;
      // Idle clients (not thinking, nothing outstanding) were parked by a zero rate: wake them.
      if (was <= 0) for (let c = 1; c <= params.clients; c++) if (!thinking[c] && !history.busy(c)) nextOperation(c);
    } else {
      cluster.applyNetworkFault(f);
    }
    kernel.log(f.fault === "crash" || f.fault === "restart" ? f.fault : "fault", describeFault(f, isReplicaFault(f) ? "Replica" : "Stand-in"), {
      node: "node" in f ? f.node : undefined,
      fault: f.fault,
    });
  }
  const isReplicaFault = (f: Fault) => !("node" in f) || isReplica(f.node);

  for (const f of faults) kernel.at(f.at, () => applyFault(f));
  for (let c = 1; c <= params.clients; c++) nextOperation(c);
  if (params.sloppy && params.spares > 0) kernel.every(params.handoffMs, handoff, params.handoffMs);
  kernel.sample(() => ({
    staleReads: counts.staleReads,
    readsBackInTime: counts.readsBackInTime,
    reads: reads.length,
    writes: writes.length,
    inFlight,
    replicasUp: cluster.ids.filter((id) => isReplica(id) && cluster.isUp(id)).length,
    maxReplicaQueue: Math.max(0, ...queued.slice(1)),
  }));

  const view = (): QuorumState => ({
    t: kernel.now,
    replicas: cluster.ids.map((id) => ({
      id,
      up: cluster.isUp(id),
      slowFactor: cluster.slowness(id),
      spare: !isReplica(id),
      queue: queued[id],
      data: Object.fromEntries([...stores[id].entries()].sort(([a], [b]) => a.localeCompare(b))),
      hints: hints[id].length,
    })),
    acknowledged: Object.fromEntries([...acknowledged.entries()].sort(([a], [b]) => a.localeCompare(b))),
    inFlight,
    counts: {
      reads: reads.length,
      writes: writes.length,
      staleReads: counts.staleReads,
      readsBackInTime: counts.readsBackInTime,
      failedReads: reads.filter((r) => !r.ok).length,
      failedWrites: writes.filter((w) => !w.acknowledged).length,
      hintedWrites: counts.hintedWrites,
      handedOff: counts.handedOff,
      readRepairs: counts.readRepairs,
    },
  });

  return { kernel, view, extras: () => ({ records: { reads, writes }, history: history.operations }) };
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
  nodeCount: (p) => p.n + p.spares,
  checkParams: (p) => [
    ...(p.r > p.n ? [`params.r: read quorum R=${p.r} cannot exceed N=${p.n}`] : []),
    ...(p.w > p.n ? [`params.w: write quorum W=${p.w} cannot exceed N=${p.n}`] : []),
  ],
  build: buildQuorum,
  queries: {
    staleReads: (r) => r.final.counts.staleReads,
    readsBackInTime: (r) => r.final.counts.readsBackInTime,
    failedWrites: (r) => r.final.counts.failedWrites,
    failedReads: (r) => r.final.counts.failedReads,
    reads: (r) => r.final.counts.reads,
    writes: (r) => r.final.counts.writes,
    hintedWrites: (r) => r.final.counts.hintedWrites,
  },
});
