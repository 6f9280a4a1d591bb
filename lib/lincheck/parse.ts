/**
 * Reading a pasted or uploaded history: the format is recognised from the text itself.
 *   jepsen-log  Jepsen etcd test log lines: `INFO  jepsen.util - 0	:invoke	:read	nil`
 *   edn         Knossos-style EDN maps: `{:process 0, :type :invoke, :f :get, :key "k", :value nil}`
 *   json        a simulation run's client operations: `[{"id": 0, "client": 1, "kind": "write", ...}]`
 */
import { historyFromSimulation, type ClientOperation } from "./from-simulation";
import { HistoryParseError, parseEdnHistory, parseJepsenLog } from "./jepsen";
import type { History } from "./types";

export type HistoryFormat = "jepsen-log" | "edn" | "json";

export const FORMAT_NAMES: Record<HistoryFormat, string> = {
  "jepsen-log": "Jepsen etcd log",
  edn: "Knossos EDN",
  json: "simulation run (JSON)",
};

export { HistoryParseError };

export function detectFormat(text: string): HistoryFormat | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  if (/jepsen\.util\s+-/.test(trimmed)) return "jepsen-log";
  if (/^[[{]\s*["\]]/.test(trimmed) || /^\[\s*\{\s*"/.test(trimmed)) return "json";
  if (/[{(\[]\s*:\w/.test(trimmed) || trimmed.startsWith("{")) return "edn";
  return null;
}

export interface ParsedHistory {
  format: HistoryFormat;
  history: History;
}

export function parseHistory(text: string): ParsedHistory {
  const format = detectFormat(text);
  if (format === null) {
    throw new HistoryParseError(
      "unrecognised format: expected Jepsen log lines (INFO  jepsen.util - 0 :invoke :read nil), EDN maps ({:process 0, :type :invoke, :f :read, :value nil}) or a JSON list of client operations",
      1,
    );
  }
  if (format === "jepsen-log") return { format, history: parseJepsenLog(text) };
  if (format === "edn") return { format, history: parseEdnHistory(text) };
  return { format, history: parseSimulationJson(text) };
}

function parseSimulationJson(text: string): History {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new HistoryParseError(`not valid JSON: ${(e as Error).message}`, 1);
  }
  const list = Array.isArray(data) ? data : (data as { history?: unknown })?.history;
  if (!Array.isArray(list)) throw new HistoryParseError("expected a JSON list of client operations, or an object with a `history` list", 1);
  const ops: ClientOperation[] = list.map((raw, i) => {
    const o = raw as Partial<ClientOperation>;
    const problem = (field: string, expected: string) => new HistoryParseError(`operation ${i}: ${field} must be ${expected}`, 1);
    if (typeof o !== "object" || o === null) throw new HistoryParseError(`operation ${i}: expected an object`, 1);
    if (typeof o.id !== "number") throw problem("id", "a number");
    if (typeof o.client !== "number") throw problem("client", "a number");
    if (o.kind !== "read" && o.kind !== "write") throw problem("kind", '"read" or "write"');
    if (typeof o.invokedAt !== "number") throw problem("invokedAt", "a number (ms)");
    if (o.returnedAt !== null && typeof o.returnedAt !== "number") throw problem("returnedAt", "a number (ms) or null");
    if (o.outcome !== "ok" && o.outcome !== "fail" && o.outcome !== "unknown") throw problem("outcome", '"ok", "fail" or "unknown"');
    const value = o.value;
    if (value !== undefined && value !== null && typeof value !== "string" && typeof value !== "number") throw problem("value", "a string, a number, null or absent");
    return { id: o.id, client: o.client, key: typeof o.key === "string" ? o.key : "x", kind: o.kind, value, invokedAt: o.invokedAt, returnedAt: o.returnedAt, outcome: o.outcome };
  });
  const ids = new Set<number>();
  for (const o of ops) {
    if (ids.has(o.id)) throw new HistoryParseError(`operation id ${o.id} appears twice`, 1);
    ids.add(o.id);
  }
  try {
    return historyFromSimulation(ops);
  } catch (e) {
    throw new HistoryParseError((e as Error).message, 1);
  }
}
