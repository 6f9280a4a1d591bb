/**
 * Property tests of the checker (fixed seeds, so a failure reproduces):
 *  - on random small histories (at most 8 operations) it agrees with a brute-force search of the
 *    definition, and its evidence (linearization, longest prefix, stuck operations) checks out; the
 *    real-time proofs behind its explanations never fire on a linearizable history;
 *  - a history built from a sequential run, with intervals around each operation's moment, is linearizable;
 *  - the same with one read made stale (it returns a value overwritten before it began) is not.
 */
import fc from "fast-check";
import { checkHistory } from "@/lib/lincheck/checker";
import { provableViolation } from "@/lib/lincheck/explain";
import type { History, KvOperation, ModelName, Operation, RegisterOperation, Value } from "@/lib/lincheck/types";
import { bruteForceLinearizable, isLegalOrder } from "./brute-force";

// ── Random small histories ───────────────────────────────────────────────────────────────────────

const key = fc.constantFrom("x", "x", "y");
const small = fc.constantFrom<Value>(null, 1, 2, 3);
/** About one operation in eight never returns. */
const timing = fc.record({
  client: fc.integer({ min: 0, max: 3 }),
  call: fc.integer({ min: 0, max: 12 }),
  length: fc.integer({ min: 0, max: 6 }),
  pending: fc.integer({ min: 0, max: 7 }).map((x) => x === 0),
});
type Timing = { client: number; call: number; length: number; pending: boolean };
const placed = (t: Timing, k: string) => ({ client: t.client, key: k, call: t.call, ret: t.pending ? Infinity : t.call + t.length });

const registerOp: fc.Arbitrary<Omit<RegisterOperation, "id">> = fc
  .tuple(timing, key, fc.constantFrom("read", "write", "cas"), small, small, fc.boolean())
  .map(([t, k, f, a, b, ok]) => {
    const base = placed(t, k);
    if (f === "read") return { ...base, f: "read" as const, value: t.pending ? undefined : a };
    if (f === "write") return { ...base, f: "write" as const, value: a };
    return { ...base, f: "cas" as const, from: a, to: b, ok: t.pending ? undefined : ok };
  });

const kvOp: fc.Arbitrary<Omit<KvOperation, "id">> = fc
  .tuple(timing, key, fc.constantFrom("get", "put", "append"), fc.constantFrom("", "a", "b", "ab", "ba", "aa"), fc.constantFrom("a", "b"))
  .map(([t, k, f, seen, arg]) => {
    const base = placed(t, k);
    if (f === "get") return { ...base, f: "get" as const, value: t.pending ? undefined : seen };
    return { ...base, f: f as "put" | "append", value: arg };
  });

const withIds = (model: ModelName, ops: Omit<Operation, "id">[]): History => ({
  model,
  timeUnit: "ms",
  operations: ops.map((o, id) => ({ ...o, id }) as Operation),
});

// ── Histories from a sequential run ──────────────────────────────────────────────────────────────

interface RunOptions {
  model: ModelName;
  maxLength: number;
  keys: string[];
  /** Every write writes a value of its own (needed to make a read provably stale). */
  uniqueWrites: boolean;
  withCas: boolean;
}

/**
 * Runs random operations one after another on a real store, so every result is what a sequential
 * store returns; operation i takes effect at time 3i, and its interval reaches up to 5 before and
 * after that moment, so neighbours overlap. Some writes never return: they took effect, or (if
 * `skipped`) did not take effect at all, which a pending write may also do.
 */
function sequentialRun(o: RunOptions): fc.Arbitrary<History> {
  const step = fc.record({
    key: fc.constantFrom(...o.keys),
    kind: fc.constantFrom(...(o.model === "kv" ? ["get", "put", "append"] : o.withCas ? ["read", "write", "cas"] : ["read", "write"])),
    arg: fc.constantFrom(1, 2, 3),
    before: fc.integer({ min: 0, max: 5 }),
    after: fc.integer({ min: 0, max: 5 }),
    fate: fc.constantFrom("returned", "returned", "returned", "returned", "returned", "pending", "skipped"),
    client: fc.integer({ min: 0, max: 5 }),
  });
  return fc.array(step, { minLength: 1, maxLength: o.maxLength }).map((steps) => {
    const store = new Map<string, Value>();
    const operations: Operation[] = [];
    steps.forEach((s, i) => {
      const moment = 3 * i;
      const isRead = s.kind === "read" || s.kind === "get";
      const pending = !isRead && s.fate !== "returned";
      const applies = isRead || s.fate !== "skipped";
      const base = { id: i, client: s.client, key: s.key, call: Math.max(0, moment - s.before), ret: pending ? Infinity : moment + s.after };
      const current = store.get(s.key) ?? null;
      const written: Value = o.uniqueWrites ? 1000 + i : s.arg;
      let op: Operation;
      if (s.kind === "read") op = { ...base, f: "read", value: current };
      else if (s.kind === "write") op = { ...base, f: "write", value: written };
      else if (s.kind === "cas") op = { ...base, f: "cas", from: s.arg, to: written, ok: pending ? undefined : current === s.arg };
      else if (s.kind === "get") op = { ...base, f: "get", value: String(current ?? "") };
      else op = { ...base, f: s.kind as "put" | "append", value: String.fromCharCode(96 + s.arg) };
      if (applies && !isRead) {
        if (op.f === "write" || op.f === "put") store.set(s.key, op.value);
        else if (op.f === "append") store.set(s.key, String(current ?? "") + op.value);
        else if (op.f === "cas" && current === op.from) store.set(s.key, op.to);
      }
      operations.push(op);
    });
    return { model: o.model, timeUnit: "ms", operations };
  });
}

/** Perturbs one read's result at random (it may or may not stay linearizable: the brute force decides). */
function maybePerturbed(model: ModelName, runs: fc.Arbitrary<History>): fc.Arbitrary<History> {
  return fc.tuple(runs, fc.nat(), fc.boolean(), fc.constantFrom<Value>(null, 1, 2, 3), fc.constantFrom("", "a", "ab", "b")).map(([h, pick, perturb, v, s]) => {
    const reads = h.operations.filter((o) => o.f === "read" || o.f === "get");
    if (!perturb || reads.length === 0) return h;
    const target = reads[pick % reads.length];
    return {
      ...h,
      operations: h.operations.map((o) => (o !== target ? o : o.f === "read" ? { ...o, value: v } : { ...o, value: s }) as Operation),
    };
  });
}

// ── Checks ───────────────────────────────────────────────────────────────────────────────────────

/** The checker's verdict equals the brute force's, and its evidence holds up. Returns the verdict. */
function agreesWithBruteForce(history: History): boolean {
  const result = checkHistory(history, { timeLimitMs: 60_000 });
  const expected = bruteForceLinearizable(history);
  expect(result.verdict).toBe(expected ? "linearizable" : "not-linearizable");
  // The explanations' real-time proofs are sound: none fires on a linearizable history.
  if (expected) for (const p of result.partitions) expect(provableViolation(history, p.key)).toBeNull();
  for (const p of result.partitions) {
    if (p.verdict === "linearizable") {
      expect([...p.linearization!].sort((a, b) => a - b)).toEqual([...p.operationIds].sort((a, b) => a - b));
      expect(isLegalOrder(history, p.linearization!)).toBe(true);
    } else if (p.verdict === "not-linearizable") {
      expect(isLegalOrder(history, p.prefix!)).toBe(true);
      expect(p.stuck!.length).toBeGreaterThan(0);
      for (const s of p.stuck!) expect(isLegalOrder(history, [...p.prefix!, s.id])).toBe(false);
    }
  }
  return expected;
}

/** Runs the agreement property and checks that the generator produced both verdicts in fair numbers. */
function compareOn(histories: fc.Arbitrary<History>, numRuns: number, seed: number): void {
  let linearizable = 0;
  fc.assert(
    fc.property(histories, (h) => {
      if (agreesWithBruteForce(h)) linearizable++;
    }),
    { numRuns, seed },
  );
  expect(linearizable).toBeGreaterThan(numRuns * 0.2);
  expect(linearizable).toBeLessThan(numRuns * 0.8);
}

describe("the checker agrees with a brute-force search of the definition", () => {
  it("on 10,000 random register histories of up to 8 operations (read, write, cas; some never return; two keys)", () => {
    const random = fc.array(registerOp, { maxLength: 8 }).map((ops) => withIds("register", ops));
    const fromRuns = maybePerturbed("register", sequentialRun({ model: "register", maxLength: 8, keys: ["x", "y"], uniqueWrites: false, withCas: true }));
    compareOn(fc.oneof(random, fromRuns), 10_000, 20240611);
  });

  it("on 4,000 random key-value histories of up to 8 operations (get, put, append)", () => {
    const random = fc.array(kvOp, { maxLength: 8 }).map((ops) => withIds("kv", ops));
    const fromRuns = maybePerturbed("kv", sequentialRun({ model: "kv", maxLength: 8, keys: ["x", "y"], uniqueWrites: false, withCas: false }));
    compareOn(fc.oneof(random, fromRuns), 4_000, 7);
  });
});

describe("histories from sequential runs", () => {
  it("are linearizable, with a legal linearization, whatever the overlap (500 runs of up to 60 operations)", () => {
    for (const model of ["register", "kv"] as const) {
      fc.assert(
        fc.property(sequentialRun({ model, maxLength: 60, keys: ["x", "y", "z"], uniqueWrites: false, withCas: true }), (h) => {
          const r = checkHistory(h, { timeLimitMs: 60_000 });
          expect(r.verdict).toBe("linearizable");
          for (const p of r.partitions) {
            expect(isLegalOrder(h, p.linearization!)).toBe(true);
            expect(provableViolation(h, p.key)).toBeNull();
          }
        }),
        { numRuns: 250, seed: model === "kv" ? 11 : 12 },
      );
    }
  });

  it("are not linearizable once a read returns a value overwritten before the read began (300 runs)", () => {
    let injected = 0;
    fc.assert(
      fc.property(sequentialRun({ model: "register", maxLength: 40, keys: ["x", "y"], uniqueWrites: true, withCas: false }), fc.nat(), (h, pick) => {
        // Writes that returned, and reads, per key; a read is made stale when two writes finished one
        // after the other before it began: it returns the first one's value (nil if only one).
        const returnedWrites = h.operations.filter((o): o is RegisterOperation & { f: "write" } => o.f === "write" && o.ret !== Infinity);
        const candidates = h.operations.flatMap((r) => {
          if (r.f !== "read") return [];
          const before = returnedWrites.filter((w) => w.key === r.key && w.ret < r.call);
          const older = before.flatMap((w1) => (before.some((w2) => w1.ret < w2.call) ? [w1.value] : []));
          return before.length > 0 ? [{ read: r, stale: [null, ...older] }] : [];
        });
        fc.pre(candidates.length > 0);
        const { read, stale } = candidates[pick % candidates.length];
        const value = stale[pick % stale.length];
        const bad: History = { ...h, operations: h.operations.map((o) => (o === read ? { ...read, value } : o)) };
        injected++;
        const r = checkHistory(bad, { timeLimitMs: 60_000 });
        expect(r.verdict).toBe("not-linearizable");
        expect(r.partitions.find((p) => p.verdict === "not-linearizable")!.key).toBe(read.key);
      }),
      { numRuns: 300, seed: 5 },
    );
    expect(injected).toBe(300);
  });
});
