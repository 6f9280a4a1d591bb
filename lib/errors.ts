// One kind of error for what a person can act on: a message written for them and the HTTP status
// that fits (400 bad input, 401, 403, 404, 409 conflict, 413, 429). Routes and server actions map
// it in one place each (lib/http/respond.server.ts, actionResult); anything that is not a
// DomainError is a fault: logged, answered 500 (routes) or thrown to the error page (actions).
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
