// Prepared statements for the embedded database (docs/decisions/012).
//
// PGlite's `query()` sends the extended protocol one message at a time — Parse, Describe,
// Bind, Describe, Execute, Sync: six calls into the WebAssembly module — and parses and
// plans the statement again every time. That fixed cost was about 1 ms of CPU per statement,
// more than the work of most of the statements the app sends. This replaces the client's
// `query()` with one that prepares each distinct statement once, under a name, and then sends
// Bind, Describe, Execute and Sync together in one call. PostgreSQL's plan cache does the rest
// (custom plans first, a generic plan only when it is no worse). Results, errors and type
// conversion are PGlite's own: the same parsers and serializers, chosen by the parameter types
// the server reported when the statement was prepared.
//
// Queries inside `transaction()` keep PGlite's own path (they do not go through `query()`).
import { parse, protocol, type PGlite, type QueryOptions, type Results } from "@electric-sql/pglite";

/** How many distinct statements are kept prepared by default; the least recently used is closed beyond it. */
const MAX_PREPARED = 500;

interface Prepared {
  name: string;
  paramTypes: number[];
}

/** The parts of PGlite's query machinery this relies on (public at run time, protected in its types). */
interface PGliteInternals {
  _checkReady(): Promise<void>;
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
  _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T>;
  syncToFs(): Promise<void>;
  serializers: Record<number | string, (value: unknown) => string>;
  parsers: Record<number | string, (value: string, typeId?: number) => unknown>;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** SQLSTATEs after which a prepared statement must be prepared again: the schema under it changed. */
const STALE_STATEMENT = new Set(["0A000", "26000"]);

/**
 * Makes `client.query()` use named prepared statements. Returns the client for chaining.
 * Blob options (COPY) and explicit parameter types go through PGlite's own path.
 */
export function withPreparedStatements(client: PGlite, { maxPrepared = MAX_PREPARED } = {}): PGlite {
  const internals = client as unknown as PGliteInternals;
  const ownQuery = client.query.bind(client);
  const prepared = new Map<string, Prepared>();
  let nextId = 0;
  /** Statements evicted from the cache, closed with the next message sent (a failed one sends them again: closing twice is harmless). */
  let toClose: Uint8Array[] = [];

  function forget(text: string) {
    const statement = prepared.get(text);
    if (!statement) return;
    prepared.delete(text);
    toClose.push(protocol.serialize.close({ type: "S", name: statement.name }));
  }

  async function prepare(text: string): Promise<Prepared> {
    const name = `quorum_${(nextId++).toString(36)}`;
    if (prepared.size >= maxPrepared) forget(prepared.keys().next().value as string);
    const { messages } = await client.execProtocol(concat([...toClose, protocol.serialize.parse({ name, text }), protocol.serialize.describe({ type: "S", name }), protocol.serialize.sync()]), { syncToFs: false });
    toClose = [];
    const paramTypes = parse.parseDescribeStatementResults(messages);
    const statement = { name, paramTypes };
    prepared.set(text, statement);
    return statement;
  }

  async function run<T>(text: string, params: unknown[], options: QueryOptions | undefined): Promise<Results<T>> {
    let statement = prepared.get(text);
    if (statement) {
      // Most recently used last: Map keeps insertion order.
      prepared.delete(text);
      prepared.set(text, statement);
    } else {
      statement = await prepare(text);
    }
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const oid = statement.paramTypes[i];
      const serialize = options?.serializers?.[oid] ?? internals.serializers[oid];
      return serialize ? serialize(value) : String(value);
    });
    const message = concat([
      ...toClose,
      protocol.serialize.bind({ statement: statement.name, values: values as string[] }),
      protocol.serialize.describe({ type: "P" }),
      protocol.serialize.execute({}),
      protocol.serialize.sync(),
    ]);
    toClose = [];
    const { messages } = await client.execProtocol(message, { syncToFs: false });
    await internals.syncToFs();
    return parse.parseResults(messages, internals.parsers, options)[0] as Results<T>;
  }

  async function query<T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    if (options?.blob || options?.paramTypes) return ownQuery<T>(text, params, options);
    await internals._checkReady();
    return internals._runExclusiveTransaction(() =>
      internals._runExclusiveQuery(async () => {
        try {
          return await run<T>(text, params, options);
        } catch (err) {
          const code = (err as { code?: unknown }).code;
          if (typeof code !== "string" || !STALE_STATEMENT.has(code) || !prepared.has(text)) throw withQuery(err, text, params, options);
          // The table under a prepared statement changed shape (a migration): prepare it again, once.
          forget(text);
          try {
            return await run<T>(text, params, options);
          } catch (again) {
            throw withQuery(again, text, params, options);
          }
        }
      }),
    );
  }

  client.query = query as PGlite["query"];
  return client;
}

/** What PGlite attaches to a database error, so messages and logs look as they did. */
function withQuery(err: unknown, query: string, params: unknown[], queryOptions: QueryOptions | undefined): unknown {
  if (err && typeof err === "object" && "severity" in err) Object.assign(err, { query, params, queryOptions });
  return err;
}
