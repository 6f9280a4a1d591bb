/**
 * The definition of linearizability, checked by brute force, for comparing with the real checker on
 * small histories. Shares no code with lib/lincheck: its own sequential specifications over the whole
 * store (no split by key), its own real-time order, no memo.
 *
 * A history is linearizable iff some sequence of its operations
 *   - contains every operation that returned, and any subset of those that never returned (Infinity),
 *   - puts a before b whenever a returned before b was invoked (a.ret < b.call), and
 *   - is a legal run of the sequential specification, each operation with the result it reported.
 */
import type { History, Operation } from "@/lib/lincheck/types";

type Store = Map<string, string | number | null>;

/** The sequential specification: the next store, or null if `op` cannot return what it reported. */
function apply(model: History["model"], store: Store, op: Operation): Store | null {
  const current = store.get(op.key);
  const next = new Map(store);
  switch (op.f) {
    case "read":
      return op.value === undefined || op.value === (current ?? null) ? store : null;
    case "write":
      next.set(op.key, op.value);
      return next;
    case "cas": {
      const matched = (current ?? null) === op.from;
      if (op.ok !== undefined && op.ok !== matched) return null;
      if (matched) next.set(op.key, op.to);
      return next;
    }
    case "get":
      return op.value === undefined || op.value === String(current ?? "") ? store : null;
    case "put":
      next.set(op.key, op.value);
      return next;
    case "append":
      next.set(op.key, String(current ?? "") + op.value);
      return next;
  }
  throw new Error(`operation ${String((op as Operation).f)} is not in the ${model} model`);
}

export function bruteForceLinearizable(history: History): boolean {
  const ops = history.operations;
  const used = new Array<boolean>(ops.length).fill(false);
  const mustPlace = ops.filter((o) => o.ret !== Infinity).length;

  const search = (store: Store, placed: number): boolean => {
    if (placed === mustPlace) return true; // every returned operation is in the sequence
    for (let i = 0; i < ops.length; i++) {
      if (used[i]) continue;
      const op = ops[i];
      // Every operation that returned before this one was invoked must already be in the sequence.
      if (ops.some((other, j) => !used[j] && j !== i && other.ret < op.call)) continue;
      const after = apply(history.model, store, op);
      if (after === null) continue;
      used[i] = true;
      const found = search(after, placed + (op.ret !== Infinity ? 1 : 0));
      used[i] = false;
      if (found) return true;
    }
    return false;
  };
  return search(new Map(), 0);
}

/** Whether `order` (operation ids) is a linearization of the operations it names: legal and in real-time order. */
export function isLegalOrder(history: History, order: readonly number[]): boolean {
  const byId = new Map(history.operations.map((o) => [o.id, o]));
  let store: Store | null = new Map();
  for (const id of order) {
    store = apply(history.model, store, byId.get(id)!);
    if (store === null) return false;
  }
  for (let a = 0; a < order.length; a++) {
    for (let b = a + 1; b < order.length; b++) {
      if (byId.get(order[b])!.ret < byId.get(order[a])!.call) return false;
    }
  }
  return true;
}
