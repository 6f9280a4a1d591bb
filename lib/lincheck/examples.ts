/**
 * Example histories for the checker's page: two runs in the shape the quorum and Raft simulations
 * record (client operations as JSON), a Jepsen etcd log and a Knossos key-value history.
 */
import type { ClientOperation } from "./from-simulation";
import type { Verdict } from "./types";

export interface ExampleHistory {
  id: string;
  title: string;
  /** What happened, in a sentence or two. */
  description: string;
  expected: Exclude<Verdict, "unknown">;
  text: string;
}

/** One client operation per line: readable in a text box, and still JSON. */
export function simulationJson(ops: readonly ClientOperation[]): string {
  return `[\n${ops.map((o) => `  ${JSON.stringify(o)}`).join(",\n")}\n]\n`;
}

const op = (
  id: number,
  client: number,
  kind: ClientOperation["kind"],
  value: ClientOperation["value"],
  invokedAt: number,
  returnedAt: number | null,
  outcome: ClientOperation["outcome"] = "ok",
): ClientOperation => ({ id, client, key: "x", kind, value, invokedAt, returnedAt, outcome });

const quorumStaleRead: ClientOperation[] = [
  op(0, 1, "write", "v1", 0, 9),
  op(1, 2, "read", "v1", 14, 21),
  op(2, 1, "write", "v2", 30, 38), // acknowledged by replica 2 alone (W = 1)
  op(3, 3, "read", "v2", 34, 45),
  op(4, 2, "read", "v1", 52, 58), // answered by replica 3 alone (R = 1), which never got v2
  op(5, 3, "write", "v3", 60, 71),
  op(6, 1, "read", "v3", 75, 80),
];

const raftOldLeaderRead: ClientOperation[] = [
  op(0, 1, "write", 1, 0, 18), // committed by leader 1 in term 1
  op(1, 2, "read", 1, 25, 31),
  // At 40 ms leader 1 and client 2 are cut off from the other four nodes, which elect node 3 in term 2.
  op(2, 3, "write", 2, 260, 285), // committed by node 3 in term 2
  op(3, 1, "write", 3, 270, null, "unknown"), // sent to the old leader: it can never commit it
  op(4, 2, "read", 1, 300, 304), // the old leader answers from its own state, without a quorum
  op(5, 4, "read", 2, 310, 322),
];

const etcdLog = [
  "0\t:invoke\t:write\t1",
  "1\t:invoke\t:read\tnil",
  "0\t:ok\t:write\t1",
  "2\t:invoke\t:cas\t[1 4]",
  "1\t:ok\t:read\t1",
  "2\t:ok\t:cas\t[1 4]",
  "0\t:invoke\t:read\tnil",
  "1\t:invoke\t:write\t2",
  "0\t:ok\t:read\t4",
  "2\t:invoke\t:cas\t[4 3]",
  "1\t:info\t:write\t:timed-out",
  "2\t:fail\t:cas\t[4 3]",
  "6\t:invoke\t:read\tnil",
  "6\t:ok\t:read\t2",
  "0\t:invoke\t:read\tnil",
  "0\t:ok\t:read\t2",
]
  .map((l) => `INFO  jepsen.util - ${l}`)
  .join("\n");

const kvEdn = [
  '{:process 0, :type :invoke, :f :put, :key "cart:7", :value "book"}',
  '{:process 1, :type :invoke, :f :append, :key "cart:7", :value ",pen"}',
  '{:process 0, :type :ok, :f :put, :key "cart:7", :value "book"}',
  '{:process 2, :type :invoke, :f :get, :key "cart:7", :value nil}',
  '{:process 1, :type :ok, :f :append, :key "cart:7", :value ",pen"}',
  '{:process 2, :type :ok, :f :get, :key "cart:7", :value "book,pen"}',
  '{:process 0, :type :invoke, :f :append, :key "cart:9", :value "lamp"}',
  '{:process 1, :type :invoke, :f :get, :key "cart:9", :value nil}',
  '{:process 1, :type :ok, :f :get, :key "cart:9", :value ""}',
  '{:process 0, :type :ok, :f :append, :key "cart:9", :value "lamp"}',
  '{:process 2, :type :invoke, :f :append, :key "cart:7", :value ",ink"}',
  '{:process 1, :type :invoke, :f :get, :key "cart:7", :value nil}',
  '{:process 2, :type :info, :f :append, :key "cart:7", :value ",ink"}',
  '{:process 1, :type :ok, :f :get, :key "cart:7", :value "book,pen,ink"}',
  '{:process 0, :type :invoke, :f :get, :key "cart:9", :value nil}',
  '{:process 0, :type :ok, :f :get, :key "cart:9", :value "lamp"}',
].join("\n");

export const EXAMPLES: readonly ExampleHistory[] = [
  {
    id: "quorum-stale-read",
    title: "Quorum, R + W ≤ N: a stale read",
    description:
      "Three replicas, R = 1, W = 1. The write of v2 is acknowledged by one replica; a later read asks another replica, which never received it, and returns v1.",
    expected: "not-linearizable",
    text: simulationJson(quorumStaleRead),
  },
  {
    id: "raft-old-leader-read",
    title: "Raft: a partitioned old leader serves a read",
    description:
      "Leader 1 is cut off with one client; the majority elects node 3, which commits write(2). The old leader still answers reads from its own copy, without confirming it leads, and returns 1.",
    expected: "not-linearizable",
    text: simulationJson(raftOldLeaderRead),
  },
  {
    id: "etcd-cas",
    title: "Jepsen etcd log: writes, compare-and-set and a timeout",
    description:
      "A register with compare-and-set. One write times out (:info), so it may or may not have happened; the failed compare-and-set and the later reads show that it did.",
    expected: "linearizable",
    text: `${etcdLog}\n`,
  },
  {
    id: "kv-appends",
    title: "Knossos EDN: a key-value store with appends",
    description: "Two shopping carts. A put and an append race; an append whose outcome is unknown (:info) is seen by a later read.",
    expected: "linearizable",
    text: `${kvEdn}\n`,
  },
];
