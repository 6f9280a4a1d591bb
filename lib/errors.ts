// One kind of error for what a person can act on: a message written for them and the HTTP status
// that fits (400 bad input, 401, 403, 404, 409 conflict, 413, 429). Routes and server actions map
// it in one place each (lib/http/respond.server.ts; lib/forms: formRefusal, asActionResult); anything
// that is not a DomainError is a fault: logged, answered 500 (routes) or thrown to the error page (actions).
export class DomainError extends Error {
  constructor(
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Not there, or not yours: the same answer, so that existence is not revealed. */
export class NotFoundError extends DomainError {
  constructor(message = "Not found.") {
    super(message, 404);
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}

// PostgreSQL errors caused by what was sent rather than by a fault: text it cannot store (NUL,
// bad encoding), a value too long or out of range, a reference to a row that does not exist.
// Inputs are validated before they reach the database (lib/validations/input.ts); this is the net
// under that boundary, so that a case it misses is still a 400 and not a 500.
const INPUT_SQLSTATES = new Set(["22021", "22P05", "22001", "22003", "22P02", "22007", "22008", "23503"]);

function sqlState(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown; originalCode?: unknown } } | null;
  for (const c of [e?.cause?.originalCode, e?.cause?.code, e?.code]) if (typeof c === "string" && /^[0-9A-Z]{5}$/.test(c)) return c;
  return undefined;
}

/** The error as something the person can act on, or null for a fault. */
export function asDomainError(err: unknown): DomainError | null {
  if (err instanceof DomainError) return err;
  const state = sqlState(err);
  if (state && INPUT_SQLSTATES.has(state)) return new DomainError(state === "23503" ? "That refers to something that does not exist." : "That input cannot be stored: check it for invisible or broken characters and its length.", 400);
  return null;
}
