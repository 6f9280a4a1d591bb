/**
 * Raft leader election and log replication, following Figure 2 of Ongaro & Ousterhout (2014):
 * terms, RequestVote with the log up-to-date check, AppendEntries with the consistency check,
 * commit by majority counting only for entries of the leader's own term (§5.4.2).
 *
 * Clients: a request every `clientIntervalMs` goes to the next idle client (at most one operation outstanding
 * per client). A client sends it to the node it believes leads; followers redirect. Writes are answered when the
 * leader applies them; reads are answered from the leader's state machine without a log round (no ReadIndex), so
 * a deposed leader in a minority serves stale reads unless `checkQuorum` is on: then the leader steps down
 * when it has not heard from a majority within an election timeout, serves reads only under a lease (a majority
 * acknowledged a heartbeat sent less than electionTimeoutMin ago; clocks are assumed not to drift), and
 * followers that heard from a leader within electionTimeoutMin ignore vote requests, which keeps the lease safe.
 * Election timeouts are re-randomized when a node changes role or term, as etcd does, not on every heartbeat.
 */
import { describeFault, type Fault } from "./faults";
import { Kernel } from "./kernel";
import { Cluster } from "./network";
import type { ParamsOf } from "./params";
import { defineSimulation, type ResolvedOptions } from "./simulation";
import { ClientHistory } from "./history";
import type { ClientOperation, SimResult } from "./types";

export const raftParams = {
  nodes: { type: "number", label: "Nodes", default: 5, min: 3, max: 9, integer: true },
  electionTimeoutMinMs: { type: "number", label: "Election timeout min", default: 150, min: 10, max: 10_000, unit: "ms" },
  electionTimeoutMaxMs: { type: "number", label: "Election timeout max", default: 300, min: 10, max: 20_000, unit: "ms" },
  heartbeatMs: { type: "number", label: "Heartbeat interval", default: 50, min: 5, max: 5_000, unit: "ms" },
  latencyMs: { type: "number", label: "Network latency (base)", default: 5, min: 0, max: 5_000, unit: "ms" },
  jitterMs: { type: "number", label: "Network latency (jitter)", default: 10, min: 0, max: 5_000, unit: "ms" },
  clientIntervalMs: { type: "number", label: "Client request every (0 = none)", default: 250, min: 0, max: 60_000, unit: "ms" },
  clients: { type: "number", label: "Clients (one request outstanding each)", default: 3, min: 1, max: 20, integer: true },
  readShare: { type: "number", label: "Share of requests that are reads", default: 0.3, min: 0, max: 1 },
  clientTimeoutMs: { type: "number", label: "Client gives up after", default: 1000, min: 10, max: 60_000, unit: "ms" },
  checkQuorum: { type: "boolean", label: "Check quorum + leader lease", default: false },
  maxBatch: { type: "number", label: "Max entries per AppendEntries", default: 64, min: 1, max: 10_000, integer: true },
} as const;

export type RaftParams = ParamsOf<typeof raftParams>;
export type RaftRole = "follower" | "candidate" | "leader";

export interface LogEntry {
  index: number;
  term: number;
  command: string;
  /** The client operation that wrote it (0 for none). */
  op: number;
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
  /** The state machine: the register x after applying the log up to lastApplied (null before any write). */
  x: number | null;
  /** Leaders with checkQuorum: when the read lease ends (null = no lease). */
  leaseUntil: number | null;
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
  /** What the clients saw so far. */
  clients: { operations: number; ok: number; failed: number; unknown: number; staleReads: number };
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

export type RaftResult = SimResult<RaftParams, RaftState> & { audit: RaftAudit; history: ClientOperation[] };

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
      /** When the leader sent it: echoed in the reply, for the read lease. */
      sentAt: number;
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
      sentAt: number;
    };

type ClientRequest = { op: ClientOperation; hops: number };
type ClientReply =
  | { type: "redirect"; leader: number | null }
  | { type: "read"; value: number | null }
  | { type: "written" }
  /** The leader lost leadership before the write committed: it may still commit under a later leader. */
  | { type: "deposed"; leader: number | null }
  /** checkQuorum: the leader cannot vouch that it still leads, so it refuses to serve the read. */
  | { type: "no-lease" };

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
  /** The randomized election timeout, redrawn on every change of role or term. */
  electionTimeout: number;
  /** Followers: when it last heard from the leader of its term (for lease-protected vote refusal). */
  heardFromLeaderAt: number;
  lostDurableState: boolean;
  x: number | null;
  /** Leaders: per peer, the latest AppendEntries send time it acknowledged, and when we last heard from it. */
  ackedSentAt: number[];
  heardAt: number[];
  /** Leaders: writes waiting to commit, by log index, so the client can be answered. */
  waiting: Map<number, { client: number; op: ClientOperation }>;
}

const SENTINEL: LogEntry = { index: 0, term: 0, command: "", op: 0 };

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
    electionTimeout: 0,
    heardFromLeaderAt: -Infinity,
    lostDurableState: false,
    x: null,
    ackedSentAt: [],
    heardAt: [],
    waiting: new Map(),
  });
  const nodes: RaftNode[] = [freshNode(0), ...cluster.ids.map(freshNode)];
  const lastIndex = (n: RaftNode) => n.log.length - 1;
  const lastTerm = (n: RaftNode) => n.log[n.log.length - 1].term;

  const send = (from: number, to: number, msg: Message) => cluster.send(from, to, () => receive(nodes[to], msg));

  /** A new random timeout: only when the node changes role or term (etcd), so draws do not depend on traffic. */
  function randomizeTimeout(n: RaftNode): void {
    n.electionTimeout = timingRng.uniform(params.electionTimeoutMinMs, timeoutMax);
  }

  function resetElectionTimer(n: RaftNode): void {
    const token = ++n.electionToken;
    const timeout = n.electionTimeout;
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
    randomizeTimeout(n);
    if (was === "leader") {
      kernel.log("step-down", `Node ${n.id} saw term ${term} and stepped down as leader`, { node: n.id, term });
      answerDeposed(n, null);
      resetElectionTimer(n);
    } else if (was === "candidate") {
      n.votes.clear();
    }
  }

  /** A leader that lost leadership tells the clients of its uncommitted writes; they cannot know the outcome. */
  function answerDeposed(n: RaftNode, leader: number | null): void {
    for (const { client, op } of n.waiting.values()) replyToClient(n.id, client, op, { type: "deposed", leader });
    n.waiting.clear();
  }

  function startElection(n: RaftNode): void {
    n.role = "candidate";
    n.currentTerm++;
    n.votedFor = n.id;
    n.leaderId = null;
    n.votes = new Set([n.id]);
    randomizeTimeout(n);
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
    n.ackedSentAt = new Array<number>(params.nodes + 1).fill(-Infinity);
    n.heardAt = new Array<number>(params.nodes + 1).fill(kernel.now);
    n.waiting = new Map();
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
    // With check quorum, a new leader appends a no-op, as etcd does: reads need an entry of the leader's own
    // term committed, and waiting for a client write could take a while.
    if (params.checkQuorum) {
      n.log.push({ index: lastIndex(n) + 1, term: n.currentTerm, command: "no-op", op: 0 });
      n.matchIndex[n.id] = lastIndex(n);
    }
    const term = n.currentTerm;
    const heartbeat = () => {
      if (n.role !== "leader" || n.currentTerm !== term) return;
      if (params.checkQuorum && lostQuorum(n)) return;
      for (const peer of cluster.ids) if (peer !== n.id) appendEntries(n, peer);
      cluster.timer(n.id, params.heartbeatMs, heartbeat);
    };
    heartbeat();
  }

  /** The k-th most recent of a leader's per-peer times, counting itself as `now` (k = majority). */
  function majorityTime(n: RaftNode, times: number[]): number {
    const all = cluster.ids.map((id) => (id === n.id ? kernel.now : times[id]));
    all.sort((a, b) => b - a);
    return all[majority - 1];
  }

  function leaseUntil(n: RaftNode): number | null {
    if (!params.checkQuorum || n.role !== "leader") return null;
    const until = majorityTime(n, n.ackedSentAt) + params.electionTimeoutMinMs;
    return Number.isFinite(until) ? until : null;
  }

  /** CheckQuorum: step down when no majority answered within an election timeout. */
  function lostQuorum(n: RaftNode): boolean {
    if (kernel.now - majorityTime(n, n.heardAt) < params.electionTimeoutMinMs) return false;
    n.role = "follower";
    n.leaderId = null;
    randomizeTimeout(n);
    kernel.log("step-down", `Node ${n.id} has not heard from a majority for ${params.electionTimeoutMinMs} ms and stepped down (check quorum)`, {
      node: n.id,
      term: n.currentTerm,
    });
    answerDeposed(n, null);
    resetElectionTimer(n);
    return true;
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
      sentAt: kernel.now,
    });
  }

  function applyCommitted(n: RaftNode): void {
    while (n.lastApplied < n.commitIndex) {
      const e = n.log[++n.lastApplied];
      if (e.op > 0) n.x = e.op;
      const waiting = n.role === "leader" ? n.waiting.get(e.index) : undefined;
      if (waiting) {
        n.waiting.delete(e.index);
        replyToClient(n.id, waiting.client, waiting.op, { type: "written" });
      }
      audit.applies.push({ node: n.id, index: e.index, term: e.term, command: e.command, at: kernel.now });
      if (audit.committed.length < e.index) {
        audit.committed.push({ index: e.index, term: e.term, command: e.command, at: kernel.now, node: n.id });
        if (e.op > 0) committedIndexOfOp.set(e.op, e.index);
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
    noteUncommittable(leader);
  }

  const notedUncommittable = new Set<string>();

  /** Figure 8: an earlier term's entry on a majority that the leader must not commit by counting. Logged once. */
  function noteUncommittable(leader: RaftNode): void {
    for (let N = leader.commitIndex + 1; N <= lastIndex(leader); N++) {
      const e = leader.log[N];
      if (e.term >= leader.currentTerm) break;
      let replicas = 0;
      for (const id of cluster.ids) if (id === leader.id || leader.matchIndex[id] >= N) replicas++;
      const key = `${leader.currentTerm}:${N}`;
      if (replicas >= majority && !notedUncommittable.has(key)) {
        notedUncommittable.add(key);
        kernel.log(
          "not-committed",
          `Leader ${leader.id} (term ${leader.currentTerm}) has entry ${N} from term ${e.term} on ${replicas} of ${params.nodes} nodes but does not commit it: a leader commits only entries of its own term by counting replicas (§5.4.2). A node with a later-term entry at ${N} could still win an election and overwrite it`,
          { node: leader.id, term: leader.currentTerm, index: N, entryTerm: e.term, replicas },
        );
      }
    }
  }

  function receive(n: RaftNode, msg: Message): void {
    // checkQuorum: a follower that heard from its leader within the minimum election timeout ignores vote
    // requests (even their higher term), so no one can be elected while the old leader's read lease lasts.
    if (msg.type === "RequestVote" && params.checkQuorum) {
      const inLease =
        n.role === "leader" ? (leaseUntil(n) ?? -Infinity) > kernel.now : kernel.now - n.heardFromLeaderAt < params.electionTimeoutMinMs;
      if (inLease) return;
    }
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
            sentAt: msg.sentAt,
          });
        if (msg.term < n.currentTerm) return reply(false, 0, 0);
        if (n.role === "candidate") {
          n.role = "follower"; // a leader exists for our term
          randomizeTimeout(n);
        }
        n.leaderId = msg.leaderId;
        n.heardFromLeaderAt = kernel.now;
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
            const dropped = lastIndex(n) - entry.index + 1;
            kernel.log(
              "overwrite",
              `Node ${n.id} replaced ${dropped === 1 ? `its entry ${entry.index}` : `${dropped} entries from index ${entry.index}`} (term ${existing.term}) with leader ${msg.leaderId}'s entry from term ${entry.term}: never committed, so nothing acknowledged is lost`,
              { node: n.id, index: entry.index, oldTerm: existing.term, newTerm: entry.term, dropped },
            );
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
        n.heardAt[msg.from] = kernel.now;
        if (msg.success) n.ackedSentAt[msg.from] = Math.max(n.ackedSentAt[msg.from], msg.sentAt);
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

  // ---- Clients -------------------------------------------------------------------------------------------
  // Clients sit outside the cluster and reach every running node (a partition splits the nodes, not them),
  // which is how a client can keep talking to a deposed leader.
  const history = new ClientHistory();
  const believedLeader = cluster.ids.length > 0 ? Array.from({ length: params.clients + 1 }, () => clientRng.choice(cluster.ids)) : [];
  let nextClient = 0;
  /** Log index at which each write (by operation id) was first committed. */
  const committedIndexOfOp = new Map<number, number>();
  /** Highest log index among writes already acknowledged to a client. */
  let acknowledgedIndex = 0;
  let staleReadCount = 0;
  /** Per read: the acknowledged index when it was invoked (a linearizable read must return at least that). */
  const acknowledgedAtInvoke = new Map<number, number>();
  const redirects = new Map<number, number>();

  const clientLatency = () => params.latencyMs + clientRng.uniform(0, params.jitterMs);

  function toNode(node: number, req: ClientRequest): void {
    kernel.schedule(clientLatency(), () => {
      if (cluster.isUp(node)) handleClientRequest(nodes[node], req);
    });
  }

  function replyToClient(from: number, client: number, op: ClientOperation, reply: ClientReply): void {
    kernel.schedule(clientLatency(), () => {
      if (cluster.isUp(from) || reply.type === "deposed") clientReceives(client, op, from, reply);
    });
  }

  function submitClientRequest(): void {
    // The next idle client issues the request; when every client is waiting, this tick is skipped.
    let client = 0;
    for (let k = 0; k < params.clients && client === 0; k++) {
      const c = ((nextClient + k) % params.clients) + 1;
      if (!history.busy(c)) client = c;
    }
    if (client === 0) return;
    nextClient = client % params.clients;
    audit.clientRequests.submitted++;
    const kind = clientRng.chance(params.readShare) ? "read" : "write";
    const op = history.invoke(client, "x", kind, history.operations.length + 1, kernel.now);
    if (kind === "read") acknowledgedAtInvoke.set(op.id, acknowledgedIndex);
    toNode(believedLeader[client], { op, hops: 0 });
    kernel.schedule(params.clientTimeoutMs, () => {
      if (!history.isOutstanding(op)) return;
      history.gaveUp(op);
      const was = believedLeader[client];
      switchNode(client);
      kernel.log(
        "client-timeout",
        `Client ${client} gave up on its ${describeOp(op)} after ${params.clientTimeoutMs} ms without an answer from node ${was}${op.kind === "write" ? ": it may or may not commit" : ""}`,
        { client, op: op.id, node: was },
      );
    });
  }

  function switchNode(client: number): void {
    const others = cluster.ids.filter((id) => id !== believedLeader[client]);
    if (others.length > 0) believedLeader[client] = clientRng.choice(others);
  }

  function describeOp(op: ClientOperation): string {
    return op.kind === "write" ? `write x=${op.value}` : "read of x";
  }

  function handleClientRequest(n: RaftNode, req: ClientRequest): void {
    const { op } = req;
    if (n.role !== "leader") return replyToClient(n.id, op.client, op, { type: "redirect", leader: n.leaderId });
    if (op.kind === "read") {
      // A new leader may not have applied everything committed before it; it knows it has once an entry
      // of its own term commits (§6.4 of Ongaro's thesis). Both checks only with checkQuorum: without it,
      // reads are served from whatever the node believes, which is the point of the comparison.
      if (params.checkQuorum && (!((leaseUntil(n) ?? -Infinity) > kernel.now) || n.log[n.commitIndex].term !== n.currentTerm)) {
        return replyToClient(n.id, op.client, op, { type: "no-lease" });
      }
      return replyToClient(n.id, op.client, op, { type: "read", value: n.x });
    }
    const command = `set x=${op.value}`;
    const entry: LogEntry = { index: lastIndex(n) + 1, term: n.currentTerm, command, op: op.id };
    n.log.push(entry);
    n.matchIndex[n.id] = entry.index;
    n.waiting.set(entry.index, { client: op.client, op });
    audit.clientRequests.accepted++;
    kernel.log("client-request", `Leader ${n.id} appended "${command}" at index ${entry.index} in term ${entry.term}`, {
      node: n.id,
      term: entry.term,
      index: entry.index,
      command,
    });
    for (const peer of cluster.ids) {
      if (peer !== n.id && n.nextIndex[peer] === entry.index) appendEntries(n, peer);
    }
  }

  function clientReceives(client: number, op: ClientOperation, from: number, reply: ClientReply): void {
    if (!history.isOutstanding(op)) return; // the client already gave up
    switch (reply.type) {
      case "redirect":
        if (reply.leader !== null && reply.leader !== from) {
          believedLeader[client] = reply.leader;
          // Resend the same operation, a bounded number of times in case beliefs chase each other.
          const hops = (redirects.get(op.id) ?? 0) + 1;
          redirects.set(op.id, hops);
          if (hops <= 3) return toNode(reply.leader, { op, hops });
        }
        return fail(op, client, `node ${from} knows no leader`);
      case "no-lease":
        return fail(op, client, `leader ${from} cannot vouch that it still leads (no lease from a majority, or nothing committed in its term yet), so it refuses to serve the read`);
      case "deposed":
        history.gaveUp(op);
        believedLeader[client] = reply.leader ?? believedLeader[client];
        kernel.log("client-deposed", `Node ${from} lost leadership before "set x=${op.value}" committed: client ${client} cannot tell whether it will`, {
          client,
          op: op.id,
          node: from,
        });
        return;
      case "written": {
        history.returned(op, "ok", kernel.now);
        acknowledgedIndex = Math.max(acknowledgedIndex, committedIndexOfOp.get(op.id) ?? 0);
        return;
      }
      case "read": {
        const required = acknowledgedAtInvoke.get(op.id) ?? 0;
        history.returned(op, "ok", kernel.now, reply.value);
        const seen = reply.value === null ? 0 : committedIndexOfOp.get(reply.value) ?? 0;
        if (seen < required) {
          staleReadCount++;
          kernel.log(
            "stale-read",
            `Client ${client} read x=${reply.value ?? "nothing"} from node ${from}: STALE, the write at index ${required} had already been acknowledged before the read began`,
            { client, op: op.id, node: from, value: reply.value, required },
          );
        }
        return;
      }
    }
  }

  /** The request was refused before it reached a log: definitely not applied. The client tries another node next. */
  function fail(op: ClientOperation, client: number, why: string): void {
    history.returned(op, "fail", kernel.now);
    switchNode(client);
    audit.clientRequests.rejected++;
    kernel.log("client-rejected", `Client ${client}'s ${describeOp(op)} failed: ${why}`, { client, op: op.id });
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
      // It may have acknowledged a leader's heartbeat just before crashing: keep refusing votes for one minimum
      // election timeout, or a restart could let a new leader in while the old one's lease still runs.
      if (params.checkQuorum) n.heardFromLeaderAt = kernel.now;
      randomizeTimeout(n);
      resetElectionTimer(n);
      return;
    }
    cluster.applyNetworkFault(f);
    kernel.log("fault", describeFault(f), { fault: f.fault });
  }

  for (const f of faults) kernel.at(f.at, () => applyFault(f));
  for (const n of nodes.slice(1)) {
    randomizeTimeout(n);
    resetElectionTimer(n);
  }
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
      staleReads: staleReadCount,
    };
  });

  const clientCounts = (): RaftState["clients"] => {
    const { ok, fail: failed, unknown } = history.outcomes;
    return { operations: history.operations.length, ok, failed, unknown, staleReads: staleReadCount };
  };

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
        x: n.x,
        leaseUntil: leaseUntil(n),
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
      clients: clientCounts(),
    };
  };

  return { kernel, view, extras: () => ({ audit, history: history.operations }) };
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
    staleReads: (r) => r.final.clients.staleReads,
    acknowledgedWrites: (r) => r.history.filter((op) => op.kind === "write" && op.outcome === "ok").length,
  },
});
