/**
 * Raft leader election and log replication, following Figure 2 of Ongaro & Ousterhout (2014):
 * terms, RequestVote with the log up-to-date check, AppendEntries with the consistency check,
 * commit by majority counting only for entries of the leader's own term (§5.4.2).
 */
import { describeFault, type Fault } from "./faults";
import { Kernel } from "./kernel";
import { Cluster } from "./network";
import type { ParamsOf } from "./params";
import { defineSimulation, type ResolvedOptions } from "./simulation";
import type { SimResult } from "./types";

export const raftParams = {
  nodes: { type: "number", label: "Nodes", default: 5, min: 3, max: 9, integer: true },
  electionTimeoutMinMs: { type: "number", label: "Election timeout min", default: 150, min: 10, max: 10_000, unit: "ms" },
  electionTimeoutMaxMs: { type: "number", label: "Election timeout max", default: 300, min: 10, max: 20_000, unit: "ms" },
  heartbeatMs: { type: "number", label: "Heartbeat interval", default: 50, min: 5, max: 5_000, unit: "ms" },
  latencyMs: { type: "number", label: "Network latency (base)", default: 5, min: 0, max: 5_000, unit: "ms" },
  jitterMs: { type: "number", label: "Network latency (jitter)", default: 10, min: 0, max: 5_000, unit: "ms" },
  clientIntervalMs: { type: "number", label: "Client request every (0 = none)", default: 250, min: 0, max: 60_000, unit: "ms" },
  maxBatch: { type: "number", label: "Max entries per AppendEntries", default: 64, min: 1, max: 10_000, integer: true },
} as const;

export type RaftParams = ParamsOf<typeof raftParams>;
export type RaftRole = "follower" | "candidate" | "leader";

export interface LogEntry {
  index: number;
  term: number;
  command: string;
}

export interface RaftNodeView {
  id: number;
  up: boolean;
  role: RaftRole;
  /** Durable: currentTerm, votedFor, log. */
  term: number;
  votedFor: number | null;
  log: LogEntry[];
  /** Volatile. */
  commitIndex: number;
  lastApplied: number;
  leaderId: number | null;
  /** When this node will start an election if it hears nothing (null for leaders and crashed nodes). */
  electionDeadline: number | null;
  /** Candidates: who voted for it in this term. */
  votes: number[];
  /** Leaders: per-peer replication progress, indexed by node id (index 0 unused). */
  nextIndex: number[] | null;
  matchIndex: number[] | null;
  /** True after a non-durable restart: Raft's safety argument no longer holds for this node. */
  lostDurableState: boolean;
}

export interface RaftState {
  t: number;
  nodes: RaftNodeView[];
  /** Up node that believes it leads, with the highest term (a deposed leader in a minority can still believe it). */
  leader: number | null;
  term: number;
  /** Highest commit index any node knows. */
  commitIndex: number;
  partition: number[][] | null;
  dropRate: number;
}

export interface RaftAudit {
  /** Every election win, with a copy of the winner's log at that moment (for leader completeness). */
  leaders: { term: number; node: number; at: number; log: Array<[term: number, command: string]> }[];
  /** First commit of each index by any node. */
  committed: { index: number; term: number; command: string; at: number; node: number }[];
  /** Every state-machine apply on every node (re-applied after restarts). */
  applies: { node: number; index: number; term: number; command: string; at: number }[];
  clientRequests: { submitted: number; accepted: number; rejected: number };
}

export type RaftResult = SimResult<RaftParams, RaftState> & { audit: RaftAudit };

type Message =
  | { type: "RequestVote"; term: number; candidateId: number; lastLogIndex: number; lastLogTerm: number }
  | { type: "RequestVoteReply"; term: number; from: number; voteGranted: boolean }
  | {
      type: "AppendEntries";
      term: number;
      leaderId: number;
      prevLogIndex: number;
      prevLogTerm: number;
      entries: LogEntry[];
      leaderCommit: number;
    }
  | {
      type: "AppendEntriesReply";
      term: number;
      from: number;
      success: boolean;
      matchIndex: number;
      hint: number;
      /** The prevLogIndex of the AppendEntries this answers (a failure is stale if the leader moved on). */
      prevLogIndex: number;
    };

interface RaftNode {
  id: number;
  currentTerm: number;
  votedFor: number | null;
  /** log[0] is a sentinel (index 0, term 0) so that prevLogIndex 0 always matches. */
  log: LogEntry[];
  commitIndex: number;
  lastApplied: number;
  role: RaftRole;
  leaderId: number | null;
  votes: Set<number>;
  nextIndex: number[];
  matchIndex: number[];
  electionDeadline: number | null;
  electionToken: number;
  lostDurableState: boolean;
}

const SENTINEL: LogEntry = { index: 0, term: 0, command: "" };

function buildRaft({ seed, params, faults, sampleEveryMs, eventBudget }: ResolvedOptions<RaftParams>) {
  const kernel = new Kernel(seed, sampleEveryMs, eventBudget);
  const timingRng = kernel.rng.fork();
  const clientRng = kernel.rng.fork();
  const cluster = new Cluster(kernel, kernel.rng.fork(), params.nodes, { baseMs: params.latencyMs, jitterMs: params.jitterMs });
  const majority = Math.floor(params.nodes / 2) + 1;
  const audit: RaftAudit = { leaders: [], committed: [], applies: [], clientRequests: { submitted: 0, accepted: 0, rejected: 0 } };
  const timeoutMax = Math.max(params.electionTimeoutMinMs, params.electionTimeoutMaxMs);

  const freshNode = (id: number): RaftNode => ({
    id,
    currentTerm: 0,
    votedFor: null,
    log: [SENTINEL],
    commitIndex: 0,
    lastApplied: 0,
    role: "follower",
    leaderId: null,
    votes: new Set(),
    nextIndex: [],
    matchIndex: [],
    electionDeadline: null,
    electionToken: 0,
    lostDurableState: false,
  });
  const nodes: RaftNode[] = [freshNode(0), ...cluster.ids.map(freshNode)];
  const lastIndex = (n: RaftNode) => n.log.length - 1;
  const lastTerm = (n: RaftNode) => n.log[n.log.length - 1].term;

  const send = (from: number, to: number, msg: Message) => cluster.send(from, to, () => receive(nodes[to], msg));

  function resetElectionTimer(n: RaftNode): void {
    const token = ++n.electionToken;
    const timeout = timingRng.uniform(params.electionTimeoutMinMs, timeoutMax);
    n.electionDeadline = kernel.now + timeout;
    cluster.timer(n.id, timeout, () => {
      if (n.electionToken === token && n.role !== "leader") startElection(n);
    });
  }

  /** Rule for all servers: a higher term in any RPC makes us a follower of that term. */
  function adoptTerm(n: RaftNode, term: number): void {
    const was = n.role;
    n.currentTerm = term;
    n.votedFor = null;
    n.role = "follower";
    n.leaderId = null;
    if (was === "leader") {
      kernel.log("step-down", `Node ${n.id} saw term ${term} and stepped down as leader`, { node: n.id, term });
      resetElectionTimer(n);
    } else if (was === "candidate") {
      n.votes.clear();
    }
  }

  function startElection(n: RaftNode): void {
    n.role = "candidate";
    n.currentTerm++;
    n.votedFor = n.id;
    n.leaderId = null;
    n.votes = new Set([n.id]);
    resetElectionTimer(n);
    kernel.log("election", `Node ${n.id} timed out and started an election for term ${n.currentTerm}`, {
      node: n.id,
      term: n.currentTerm,
    });
    if (n.votes.size >= majority) return becomeLeader(n);
    const msg: Message = {
      type: "RequestVote",
      term: n.currentTerm,
      candidateId: n.id,
      lastLogIndex: lastIndex(n),
      lastLogTerm: lastTerm(n),
    };
    for (const peer of cluster.ids) if (peer !== n.id) send(n.id, peer, msg);
  }

  function becomeLeader(n: RaftNode): void {
    n.role = "leader";
    n.leaderId = n.id;
    n.electionDeadline = null;
    n.electionToken++;
    n.nextIndex = new Array<number>(params.nodes + 1).fill(lastIndex(n) + 1);
    n.matchIndex = new Array<number>(params.nodes + 1).fill(0);
    n.matchIndex[n.id] = lastIndex(n);
    audit.leaders.push({
      term: n.currentTerm,
      node: n.id,
      at: kernel.now,
      log: n.log.slice(1).map((e) => [e.term, e.command]),
    });
    const voters = [...n.votes].sort((a, b) => a - b);
    kernel.log("leader", `Node ${n.id} became leader for term ${n.currentTerm} with votes from ${voters.join(", ")}`, {
      node: n.id,
      term: n.currentTerm,
      votes: voters,
    });
    const term = n.currentTerm;
    const heartbeat = () => {
      if (n.role !== "leader" || n.currentTerm !== term) return;
      for (const peer of cluster.ids) if (peer !== n.id) appendEntries(n, peer);
      cluster.timer(n.id, params.heartbeatMs, heartbeat);
    };
    heartbeat();
  }

  /** Leader → follower: entries from nextIndex (empty = heartbeat), with the consistency-check pair. */
  function appendEntries(leader: RaftNode, peer: number): void {
    const next = leader.nextIndex[peer];
    const prevLogIndex = next - 1;
    send(leader.id, peer, {
      type: "AppendEntries",
      term: leader.currentTerm,
      leaderId: leader.id,
      prevLogIndex,
      prevLogTerm: leader.log[prevLogIndex].term,
      entries: leader.log.slice(next, next + params.maxBatch),
      leaderCommit: leader.commitIndex,
    });
  }

  function applyCommitted(n: RaftNode): void {
    while (n.lastApplied < n.commitIndex) {
      const e = n.log[++n.lastApplied];
      audit.applies.push({ node: n.id, index: e.index, term: e.term, command: e.command, at: kernel.now });
      if (audit.committed.length < e.index) {
        audit.committed.push({ index: e.index, term: e.term, command: e.command, at: kernel.now, node: n.id });
      }
    }
  }

  /** §5.3/§5.4.2: the highest N replicated on a majority whose entry is from the current term. */
  function advanceCommitIndex(leader: RaftNode): void {
    for (let N = lastIndex(leader); N > leader.commitIndex && leader.log[N].term === leader.currentTerm; N--) {
      let replicas = 0;
      for (const id of cluster.ids) if (id === leader.id || leader.matchIndex[id] >= N) replicas++;
      if (replicas >= majority) {
        const from = leader.commitIndex + 1;
        leader.commitIndex = N;
        kernel.log(
          "commit",
          from === N
            ? `Leader ${leader.id} committed entry ${N} (term ${leader.currentTerm}): stored on ${replicas} of ${params.nodes} nodes`
            : `Leader ${leader.id} committed entries ${from}-${N} (term ${leader.currentTerm}): stored on ${replicas} of ${params.nodes} nodes`,
          { node: leader.id, term: leader.currentTerm, commitIndex: N },
        );
        applyCommitted(leader);
        return;
      }
    }
  }

  function receive(n: RaftNode, msg: Message): void {
    if (msg.term > n.currentTerm) adoptTerm(n, msg.term);
    switch (msg.type) {
      case "RequestVote": {
        const upToDate =
          msg.lastLogTerm > lastTerm(n) || (msg.lastLogTerm === lastTerm(n) && msg.lastLogIndex >= lastIndex(n));
        const voteGranted =
          msg.term === n.currentTerm && (n.votedFor === null || n.votedFor === msg.candidateId) && upToDate;
        if (voteGranted) {
          if (n.votedFor === null) {
            kernel.log("vote", `Node ${n.id} voted for node ${msg.candidateId} in term ${msg.term}`, {
              node: n.id,
              term: msg.term,
              candidate: msg.candidateId,
            });
          }
          n.votedFor = msg.candidateId;
          resetElectionTimer(n);
        }
        send(n.id, msg.candidateId, { type: "RequestVoteReply", term: n.currentTerm, from: n.id, voteGranted });
        return;
      }
      case "RequestVoteReply": {
        if (n.role !== "candidate" || msg.term !== n.currentTerm || !msg.voteGranted) return;
        n.votes.add(msg.from);
        if (n.votes.size >= majority) becomeLeader(n);
        return;
      }
      case "AppendEntries": {
        const reply = (success: boolean, matchIndex: number, hint: number) =>
          send(n.id, msg.leaderId, {
            type: "AppendEntriesReply",
            term: n.currentTerm,
            from: n.id,
            success,
            matchIndex,
            hint,
            prevLogIndex: msg.prevLogIndex,
          });
        if (msg.term < n.currentTerm) return reply(false, 0, 0);
        if (n.role === "candidate") n.role = "follower"; // a leader exists for our term
        n.leaderId = msg.leaderId;
        resetElectionTimer(n);
        const prev = n.log[msg.prevLogIndex];
        if (prev === undefined || prev.term !== msg.prevLogTerm) {
          // Hint: skip the whole conflicting term (or jump to our end) instead of one index per round trip.
          let hint = lastIndex(n) + 1;
          if (prev !== undefined) {
            hint = msg.prevLogIndex;
            while (hint > 1 && n.log[hint - 1].term === prev.term) hint--;
          }
          return reply(false, 0, Math.min(hint, msg.prevLogIndex));
        }
        for (let i = 0; i < msg.entries.length; i++) {
          const entry = msg.entries[i];
          const existing = n.log[entry.index];
          if (existing === undefined) {
            n.log.push(entry);
          } else if (existing.term !== entry.term) {
            // Conflict: delete the entry and everything after it, then take the leader's.
            if (entry.index <= n.commitIndex) {
              kernel.log("violation", `Node ${n.id} was asked to overwrite committed entry ${entry.index}`, {
                node: n.id,
                index: entry.index,
              });
            }
            n.log.length = entry.index;
            n.log.push(entry);
          }
        }
        const lastNew = msg.prevLogIndex + msg.entries.length;
        if (msg.leaderCommit > n.commitIndex) {
          n.commitIndex = Math.max(n.commitIndex, Math.min(msg.leaderCommit, lastNew));
          applyCommitted(n);
        }
        return reply(true, lastNew, 0);
      }
      case "AppendEntriesReply": {
        if (n.role !== "leader" || msg.term !== n.currentTerm) return; // stale reply
        if (msg.success) {
          // Only a reply that moves the follower's match index forward sends the next batch. Duplicated
          // replies and replies to overlapping heartbeat/client sends then end their chain instead of each
          // starting one that never merges (with writes faster than a round trip they never stopped).
          if (msg.matchIndex <= n.matchIndex[msg.from]) return;
          n.matchIndex[msg.from] = msg.matchIndex;
          n.nextIndex[msg.from] = Math.max(n.nextIndex[msg.from], msg.matchIndex + 1);
          advanceCommitIndex(n);
          if (n.role === "leader" && n.nextIndex[msg.from] <= lastIndex(n)) appendEntries(n, msg.from);
        } else {
          // Log inconsistency: back off nextIndex and retry, unless the reply is about a probe the leader has
          // already moved past (a duplicate, or overtaken by a newer reply).
          if (msg.prevLogIndex !== n.nextIndex[msg.from] - 1) return;
          n.nextIndex[msg.from] = Math.max(1, Math.min(n.nextIndex[msg.from] - 1, msg.hint));
          appendEntries(n, msg.from);
        }
        return;
      }
    }
  }

  function submitClientRequest(): void {
    const up = cluster.ids.filter((id) => cluster.isUp(id));
    if (up.length === 0) return;
    const seq = ++audit.clientRequests.submitted;
    const command = `set x=${seq}`;
    let target = nodes[clientRng.choice(up)];
    // A follower redirects the client to the leader it knows of.
    if (target.role !== "leader" && target.leaderId !== null && cluster.isUp(target.leaderId)) {
      target = nodes[target.leaderId];
    }
    if (target.role !== "leader") {
      audit.clientRequests.rejected++;
      kernel.log("client-rejected", `Client request "${command}" failed: node ${target.id} knows no leader`, {
        node: target.id,
        command,
      });
      return;
    }
    const entry: LogEntry = { index: lastIndex(target) + 1, term: target.currentTerm, command };
    target.log.push(entry);
    target.matchIndex[target.id] = entry.index;
    audit.clientRequests.accepted++;
    kernel.log(
      "client-request",
      `Leader ${target.id} appended "${command}" at index ${entry.index} in term ${entry.term}`,
      { node: target.id, term: entry.term, index: entry.index, command },
    );
    for (const peer of cluster.ids) {
      if (peer !== target.id && target.nextIndex[peer] === entry.index) appendEntries(target, peer);
    }
  }

  function applyFault(f: Fault): void {
    if (f.fault === "crash") {
      if (!cluster.isUp(f.node)) return kernel.log("fault", `Node ${f.node} is already down; crash ignored`, { node: f.node });
      cluster.crash(f.node);
      const n = nodes[f.node];
      n.electionDeadline = null;
      kernel.log("crash", describeFault(f), { node: f.node, wasLeader: n.role === "leader" });
      return;
    }
    if (f.fault === "restart") {
      if (cluster.isUp(f.node)) return kernel.log("fault", `Node ${f.node} is already running; restart ignored`, { node: f.node });
      cluster.restart(f.node);
      const old = nodes[f.node];
      const n = freshNode(f.node);
      if (f.durable) {
        n.currentTerm = old.currentTerm;
        n.votedFor = old.votedFor;
        n.log = old.log;
        n.lostDurableState = old.lostDurableState;
      } else {
        n.lostDurableState = true;
      }
      nodes[f.node] = n;
      kernel.log(
        "restart",
        f.durable
          ? `Node ${f.node} restarted as a follower with term ${n.currentTerm}, its vote and ${lastIndex(n)} log entries`
          : `Node ${f.node} restarted with an empty disk: it forgot its term, vote and log. Raft assumes stable storage, so safety is no longer guaranteed`,
        { node: f.node, durable: f.durable },
      );
      resetElectionTimer(n);
      return;
    }
    cluster.applyNetworkFault(f);
    kernel.log("fault", describeFault(f), { fault: f.fault });
  }

  for (const f of faults) kernel.at(f.at, () => applyFault(f));
  for (const n of nodes.slice(1)) resetElectionTimer(n);
  if (params.clientIntervalMs > 0) kernel.every(params.clientIntervalMs, submitClientRequest, params.clientIntervalMs);

  const currentLeader = (): RaftNode | null => {
    let best: RaftNode | null = null;
    for (const id of cluster.ids) {
      const n = nodes[id];
      if (cluster.isUp(id) && n.role === "leader" && (!best || n.currentTerm > best.currentTerm)) best = n;
    }
    return best;
  };

  kernel.sample(() => {
    let term = 0;
    let commitIndex = 0;
    let logLength = 0;
    for (const id of cluster.ids) {
      const n = nodes[id];
      term = Math.max(term, n.currentTerm);
      commitIndex = Math.max(commitIndex, n.commitIndex);
      logLength = Math.max(logLength, lastIndex(n));
    }
    return {
      leader: currentLeader()?.id ?? 0,
      term,
      commitIndex,
      logLength,
      nodesUp: cluster.upCount(),
      messagesDelivered: cluster.stats.delivered,
    };
  });

  const view = (): RaftState => {
    const views = cluster.ids.map((id): RaftNodeView => {
      const n = nodes[id];
      const up = cluster.isUp(id);
      return {
        id,
        up,
        role: n.role,
        term: n.currentTerm,
        votedFor: n.votedFor,
        log: n.log.slice(1),
        commitIndex: n.commitIndex,
        lastApplied: n.lastApplied,
        leaderId: n.leaderId,
        electionDeadline: up && n.role !== "leader" ? n.electionDeadline : null,
        votes: n.role === "candidate" ? [...n.votes].sort((a, b) => a - b) : [],
        nextIndex: n.role === "leader" ? [...n.nextIndex] : null,
        matchIndex: n.role === "leader" ? [...n.matchIndex] : null,
        lostDurableState: n.lostDurableState,
      };
    });
    return {
      t: kernel.now,
      nodes: views,
      leader: currentLeader()?.id ?? null,
      term: Math.max(...views.filter((v) => v.up).map((v) => v.term), 0),
      commitIndex: Math.max(...views.map((v) => v.commitIndex)),
      partition: cluster.partitionGroups(),
      dropRate: cluster.dropRate,
    };
  };

  return { kernel, view, extras: () => ({ audit }) };
}

export const raft = defineSimulation({
  name: "raft",
  title: "Raft: leader election and log replication",
  description:
    "Nodes elect a leader with randomized election timeouts; the leader replicates client commands and commits them once a majority stores them.",
  paramsSchema: raftParams,
  defaultDuration: 10_000,
  supportedFaults: ["crash", "restart", "partition", "heal", "drop", "duplicate", "delay", "slow"],
  exampleFaults: [
    { at: 3000, fault: "crash", node: 1 },
    { at: 6000, fault: "restart", node: 1, durable: true },
  ],
  nodeCount: (p) => p.nodes,
  checkParams: (p) =>
    p.electionTimeoutMaxMs < p.electionTimeoutMinMs
      ? [`params.electionTimeoutMaxMs: must be at least electionTimeoutMinMs (${p.electionTimeoutMinMs})`]
      : [],
  build: buildRaft,
  queries: {
    leaderAtEnd: (r) => r.final.leader,
    termAtEnd: (r) => r.final.term,
    leaderOfTerm: (r, arg) => {
      const term = Number(arg);
      if (arg === undefined || !Number.isInteger(term)) throw new Error(`leaderOfTerm needs a term number, e.g. leaderOfTerm:3`);
      return r.audit.leaders.find((l) => l.term === term)?.node ?? null;
    },
    committedEntries: (r) => r.audit.committed.length,
    electionsHeld: (r) => r.trace.filter((e) => e.kind === "election").length,
    firstLeader: (r) => r.audit.leaders[0]?.node ?? null,
  },
});
