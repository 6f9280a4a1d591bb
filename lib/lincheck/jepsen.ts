/**
 * Jepsen-style histories: a sequence of events, each an invocation or a completion of one process's
 * operation. Two textual forms reach here: etcd test log lines (`INFO  jepsen.util - 0	:invoke	:read	nil`)
 * and Knossos EDN maps (`{:process 0, :type :invoke, :f :get, :key "k", :value nil}`).
 *
 * Completion types follow Jepsen: `:ok` took effect; `:fail` did not (the operation is dropped, except
 * a failed compare-and-set, which etcd reports when the compare did not match: an observation that
 * the register did not hold the expected value, as Porcupine models it); `:info` is indeterminate, so
 * the operation may take effect at any time after its invocation, or never.
 */
import { EdnError, EdnKeyword, EdnMap, EdnSymbol, readEdn, type Edn } from "./edn";
import { modelOf } from "./models";
import type { History, ModelName, Operation, Value } from "./types";

export class HistoryParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export type EventType = "invoke" | "ok" | "fail" | "info";
const FUNCTIONS = ["read", "write", "cas", "get", "put", "append"] as const;
type Fn = (typeof FUNCTIONS)[number];

export interface JepsenEvent {
  process: number;
  type: EventType;
  f: Fn;
  key?: string;
  value: Edn;
  line: number;
  /** Nanoseconds since the test began, when the history records it. */
  time?: number;
}

/** The register's key when a history names none. */
export const SINGLE_REGISTER_KEY = "x";

// ── etcd log lines ────────────────────────────────────────────────────────────────────────────────

const LOG_LINE = /jepsen\.util\s+-\s+(\S+)\s+:(\S+)\s+:(\S+)(?:\s+(.*?))?\s*$/;

export function parseJepsenLog(text: string): History {
  const events: JepsenEvent[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = i + 1;
    if (!/jepsen\.util\s+-/.test(raw)) return; // other loggers and blank lines carry no operations
    const m = LOG_LINE.exec(raw);
    if (!m) throw new HistoryParseError("expected `jepsen.util - PROCESS :TYPE :F VALUE`", line);
    const [, processText, type, f, valueText = "nil"] = m;
    if (processText === ":nemesis") return;
    let value: Edn;
    try {
      const forms = readEdn(valueText);
      if (forms.length !== 1) throw new EdnError("expected one value", 1);
      value = forms[0].form;
    } catch (e) {
      throw new HistoryParseError(`cannot read the value "${valueText}": ${(e as Error).message}`, line);
    }
    events.push(checkEvent({ process: processText, type, f, value, line }));
  });
  if (events.length === 0) throw new HistoryParseError("no `jepsen.util` operation lines found", 1);
  return eventsToHistory(events);
}

// ── EDN maps ──────────────────────────────────────────────────────────────────────────────────────

export function parseEdnHistory(text: string): History {
  let forms: { form: Edn; line: number }[];
  try {
    forms = readEdn(text);
  } catch (e) {
    if (e instanceof EdnError) throw new HistoryParseError(e.message, e.line);
    throw e;
  }
  const maps: EdnMap[] = [];
  const collect = (form: Edn, line: number) => {
    if (form instanceof EdnMap) maps.push(form);
    else if (Array.isArray(form)) form.forEach((f) => collect(f, line));
    else throw new HistoryParseError("expected an operation map such as {:process 0, :type :invoke, :f :read, :value nil}", line);
  };
  for (const { form, line } of forms) collect(form, line);
  if (maps.length === 0) throw new HistoryParseError("no operation maps found", 1);
  const events: JepsenEvent[] = [];
  for (const m of maps) {
    const process = m.get(":process");
    if (process instanceof EdnKeyword && process.name === "nemesis") continue;
    const key = m.get(":key");
    const time = m.get(":time");
    events.push(
      checkEvent({
        process,
        type: keywordName(m.get(":type")),
        f: keywordName(m.get(":f")),
        key: key === undefined ? undefined : key,
        value: m.get(":value") ?? null,
        line: m.line,
        time: typeof time === "number" ? time : undefined,
      }),
    );
  }
  return eventsToHistory(events);
}

function keywordName(v: Edn | undefined): string | undefined {
  return v instanceof EdnKeyword ? v.name : undefined;
}

// ── Shared: validate events and pair them into operations ────────────────────────────────────────

function checkEvent(e: { process: unknown; type: string | undefined; f: string | undefined; key?: Edn; value: Edn; line: number; time?: number }): JepsenEvent {
  const process = typeof e.process === "string" ? Number(e.process) : e.process;
  if (typeof process !== "number" || !Number.isInteger(process) || process < 0) {
    throw new HistoryParseError(`:process must be a non-negative integer, found ${show(e.process as Edn)}`, e.line);
  }
  if (e.type !== "invoke" && e.type !== "ok" && e.type !== "fail" && e.type !== "info") {
    throw new HistoryParseError(`:type must be :invoke, :ok, :fail or :info, found ${e.type === undefined ? "nothing" : `:${e.type}`}`, e.line);
  }
  if (!FUNCTIONS.includes(e.f as Fn)) {
    throw new HistoryParseError(`:f must be one of ${FUNCTIONS.map((f) => `:${f}`).join(", ")}, found ${e.f === undefined ? "nothing" : `:${e.f}`}`, e.line);
  }
  let key: string | undefined;
  if (e.key !== undefined) {
    if (typeof e.key === "string" || typeof e.key === "number") key = String(e.key);
    else if (e.key instanceof EdnKeyword) key = e.key.name;
    else throw new HistoryParseError(`:key must be a string, number or keyword, found ${show(e.key)}`, e.line);
  }
  return { process, type: e.type, f: e.f as Fn, key, value: e.value, line: e.line, time: e.time };
}

function show(v: Edn | undefined): string {
  if (v === undefined) return "nothing";
  if (v === null) return "nil";
  if (v instanceof EdnKeyword) return `:${v.name}`;
  if (v instanceof EdnSymbol) return v.name;
  if (v instanceof EdnMap) return "a map";
  if (Array.isArray(v)) return `[${v.map(show).join(" ")}]`;
  return JSON.stringify(v);
}

function scalar(v: Edn, line: number, what: string): Value {
  if (v === null || typeof v === "number" || typeof v === "string") return v;
  if (v instanceof EdnKeyword) return `:${v.name}`;
  throw new HistoryParseError(`${what} must be nil, a number or a string, found ${show(v)}`, line);
}

function text(v: Edn, line: number, what: string): string {
  const s = scalar(v, line, what);
  return s === null ? "" : String(s);
}

function casArgs(v: Edn, line: number): [Value, Value] {
  if (!Array.isArray(v) || v.length !== 2) throw new HistoryParseError(`a :cas value must be [from to], found ${show(v)}`, line);
  return [scalar(v[0], line, "cas from"), scalar(v[1], line, "cas to")];
}

/**
 * Pairs each invocation with its process's next completion. Times are event positions, or the
 * events' `:time` (converted to ms) when every event has one.
 */
export function eventsToHistory(events: JepsenEvent[]): History {
  const models = new Set(events.map((e) => modelOf(e.f)));
  if (models.size > 1) {
    const first = events.find((e) => modelOf(e.f) !== modelOf(events[0].f))!;
    throw new HistoryParseError(`:${first.f} mixes key-value operations (get, put, append) with register operations (read, write, cas)`, first.line);
  }
  const model: ModelName = modelOf(events[0].f);
  const timed = events.every((e) => e.time !== undefined);
  const timeOf = (e: JepsenEvent, index: number) => (timed ? e.time! / 1e6 : index);

  const open = new Map<number, { event: JepsenEvent; call: number }>();
  const operations: Operation[] = [];
  let nextId = 0;

  const finish = (inv: JepsenEvent, call: number, done: JepsenEvent | null, ret: number) => {
    const id = nextId++;
    const key = inv.key ?? done?.key ?? SINGLE_REGISTER_KEY;
    const base = { id, client: inv.process, key, call, line: done?.line ?? inv.line };
    const type: EventType = done ? done.type : "info";
    if (type === "fail" && inv.f !== "cas") return; // did not happen
    const pending = type === "info";
    const end = pending ? Infinity : ret;
    switch (inv.f) {
      case "read":
        if (pending) return; // a read that may not have happened constrains nothing
        operations.push({ ...base, ret: end, f: "read", value: scalar(done!.value, done!.line, "a read's value") });
        return;
      case "write":
        operations.push({ ...base, ret: end, f: "write", value: scalar(inv.value, inv.line, "a write's value") });
        return;
      case "cas": {
        const [from, to] = casArgs(inv.value, inv.line);
        operations.push({ ...base, ret: end, f: "cas", from, to, ok: pending ? undefined : type === "ok" });
        return;
      }
      case "get":
        if (pending) return;
        operations.push({ ...base, ret: end, f: "get", value: text(done!.value, done!.line, "a get's value") });
        return;
      case "put":
      case "append":
        operations.push({ ...base, ret: end, f: inv.f, value: text(inv.value, inv.line, `a ${inv.f}'s value`) });
        return;
    }
  };

  events.forEach((e, index) => {
    const t = timeOf(e, index);
    const current = open.get(e.process);
    if (e.type === "invoke") {
      if (current) {
        throw new HistoryParseError(`process ${e.process} invokes :${e.f} before its :${current.event.f} (line ${current.event.line}) completed`, e.line);
      }
      open.set(e.process, { event: e, call: t });
      return;
    }
    if (!current) throw new HistoryParseError(`process ${e.process} completes :${e.f} (:${e.type}) without invoking it`, e.line);
    if (current.event.f !== e.f) {
      throw new HistoryParseError(`process ${e.process} invoked :${current.event.f} (line ${current.event.line}) but completes :${e.f}`, e.line);
    }
    open.delete(e.process);
    finish(current.event, current.call, e, t);
  });
  // Never completed: like :info, it may or may not have taken effect.
  for (const { event, call } of open.values()) finish(event, call, null, Infinity);

  // Ids in invocation order, as a reader of the log would number the operations.
  operations.sort((a, b) => a.call - b.call || a.id - b.id);
  operations.forEach((o, i) => (o.id = i));
  return { model, timeUnit: timed ? "ms" : "event", operations };
}
