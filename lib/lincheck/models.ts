/**
 * Sequential specifications, one key at a time (the checker partitions histories by key). A model
 * says whether an operation, with the result it reported, is legal in a state, and what state follows.
 */
import type { KvOperation, ModelName, Operation, RegisterOperation, Value } from "./types";

/** Returned by `step` when the operation cannot happen in that state with the result it reported. */
export const ILLEGAL: unique symbol = Symbol("illegal");

export interface Model {
  name: ModelName;
  /** The state of a key nobody has written. */
  init: Value;
  step(state: Value, op: Operation): Value | typeof ILLEGAL;
  /** True when the operation changes nothing whatever its result (a read): unknown results constrain nothing. */
  readOnly(op: Operation): boolean;
  /** True when the operation's result is unknown (it never returned, or timed out). */
  resultUnknown(op: Operation): boolean;
  /** "write(3)", "read() → 1", "cas(1, 2) ✓" */
  describe(op: Operation): string;
  describeState(state: Value): string;
  /** Why `op` is illegal in `state` (call only when `step` says so). */
  whyIllegal(state: Value, op: Operation): string;
}

export function formatValue(v: Value | undefined): string {
  if (v === undefined) return "?";
  if (v === null) return "nil";
  return typeof v === "number" ? String(v) : JSON.stringify(v);
}

/** Short form for long appended strings: the state is shown, but not a page of it. */
function clip(s: string, max = 40): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

export const registerModel: Model = {
  name: "register",
  init: null,
  step(state, op) {
    const o = op as RegisterOperation;
    switch (o.f) {
      case "read":
        return o.value === undefined || o.value === state ? state : ILLEGAL;
      case "write":
        return o.value;
      case "cas": {
        const matches = state === o.from;
        if (o.ok === undefined) return matches ? o.to : state;
        if (o.ok !== matches) return ILLEGAL;
        return matches ? o.to : state;
      }
    }
  },
  readOnly: (op) => op.f === "read",
  resultUnknown: (op) => (op.f === "read" && op.value === undefined) || (op.f === "cas" && op.ok === undefined),
  describe(op) {
    const o = op as RegisterOperation;
    switch (o.f) {
      case "read":
        return `read() → ${formatValue(o.value)}`;
      case "write":
        return `write(${formatValue(o.value)})`;
      case "cas":
        return `cas(${formatValue(o.from)}, ${formatValue(o.to)})${o.ok === undefined ? "" : o.ok ? " ✓" : " ✗"}`;
    }
  },
  describeState: (s) => (s === null ? "nil (never written)" : formatValue(s)),
  whyIllegal(state, op) {
    const o = op as RegisterOperation;
    const holds = `the register holds ${registerModel.describeState(state)}`;
    if (o.f === "read") return `it returned ${formatValue(o.value)}, but ${holds}`;
    if (o.f === "cas") {
      return o.ok
        ? `it reported a successful swap from ${formatValue(o.from)}, but ${holds}`
        : `it reported that the register did not hold ${formatValue(o.from)}, but it does`;
    }
    return "a write is always legal";
  },
};

/** A missing key reads as the empty string, as in the key-value stores these histories come from. */
const kvValue = (v: Value | undefined): string => (v === null || v === undefined ? "" : String(v));

export const kvModel: Model = {
  name: "kv",
  init: "",
  step(state, op) {
    const o = op as KvOperation;
    const s = kvValue(state);
    switch (o.f) {
      case "get":
        return o.value === undefined || o.value === s ? s : ILLEGAL;
      case "put":
        return o.value;
      case "append":
        return s + o.value;
    }
  },
  readOnly: (op) => op.f === "get",
  resultUnknown: (op) => op.f === "get" && op.value === undefined,
  describe(op) {
    const o = op as KvOperation;
    switch (o.f) {
      case "get":
        return `get(${JSON.stringify(o.key)}) → ${o.value === undefined ? "?" : JSON.stringify(clip(o.value))}`;
      case "put":
        return `put(${JSON.stringify(o.key)}, ${JSON.stringify(clip(o.value))})`;
      case "append":
        return `append(${JSON.stringify(o.key)}, ${JSON.stringify(clip(o.value))})`;
    }
  },
  describeState: (s) => (kvValue(s) === "" ? '"" (empty)' : JSON.stringify(clip(kvValue(s), 60))),
  whyIllegal(state, op) {
    const o = op as KvOperation;
    if (o.f === "get") return `it returned ${JSON.stringify(clip(o.value ?? ""))}, but the key holds ${kvModel.describeState(state)}`;
    return "a put or append is always legal";
  },
};

export const MODELS: Record<ModelName, Model> = { register: registerModel, kv: kvModel };

/** Which model an operation belongs to. */
export function modelOf(f: Operation["f"]): ModelName {
  return f === "get" || f === "put" || f === "append" ? "kv" : "register";
}
