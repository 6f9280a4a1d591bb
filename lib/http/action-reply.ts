// Server-action requests whose body React's decoder cannot read. The browser encodes an action's
// arguments as a "reply": row "0" is a JSON array of the arguments, sent as the whole body or as
// field "0" of a multipart form; strings that start with "$" are special values or references to
// other rows, form fields or files. When a row is not JSON or a reference points at nothing,
// React's decoder throws (or waits for a row that never comes) and Next.js answers 500 with a
// stack trace in the log. This check finds those bodies first so the edge can answer 400
// (docs/decisions/041). It accepts everything React's client produces for the kinds of arguments
// Quorum's actions take (FormData, plain objects, strings, numbers, booleans, null, undefined,
// dates, Map, Set, big integers, files); streams, typed arrays and server references as arguments
// are refused, since no action takes them.

/** The parts of a multipart body by field name (a FormData fits), or one row for a plain body. */
export interface ReplyFields {
  get(name: string): string | Blob | null;
}

/** A plain-text body is row "0" alone. */
export function textReply(body: string): ReplyFields {
  return { get: (name) => (name === "0" ? body : null) };
}

/**
 * Why React could not decode this reply, or null when it can. `prefix` names the rows of one reply
 * inside a larger form (no-JavaScript form posts use `$ACTION_<n>:`); `arrayRoot` says whether row 0
 * must be an argument list.
 */
export function replyProblem(fields: ReplyFields, prefix = "", arrayRoot = true): string | null {
  const parsed = new Map<number, unknown>();
  const row = (id: number): { value: unknown } | string => {
    if (parsed.has(id)) return { value: parsed.get(id) };
    const text = fields.get(`${prefix}${id}`);
    if (typeof text !== "string") return `row ${id} is missing`;
    try {
      const value: unknown = JSON.parse(text);
      parsed.set(id, value);
      return { value };
    } catch {
      return `row ${id} is not JSON`;
    }
  };

  const root = row(0);
  if (typeof root === "string") return root;
  if (arrayRoot && !Array.isArray(root.value)) return "the argument list is not an array";

  const visited = new Set<number>([0]);
  const pending: unknown[] = [root.value];
  /** A reference to another row: it must exist, parse, and (for Map/Set/iterators) be an array. */
  const follow = (hex: string, mustBeArray: boolean): string | null => {
    if (!/^[0-9a-f]+$/i.test(hex)) return `reference "${hex}" is not a row number`;
    const id = parseInt(hex, 16);
    const target = row(id);
    if (typeof target === "string") return target;
    if (mustBeArray && !Array.isArray(target.value)) return `row ${id} is not a list`;
    if (!visited.has(id)) {
      visited.add(id);
      pending.push(target.value);
    }
    return null;
  };
  const blob = (hex: string): string | null => {
    if (!/^[0-9a-f]+$/i.test(hex)) return `file reference "${hex}" is not a row number`;
    return fields.get(`${prefix}${parseInt(hex, 16)}`) instanceof Blob ? null : `file ${hex} is missing`;
  };

  // An explicit stack: a deeply nested argument must not overflow this function's stack.
  while (pending.length > 0) {
    const value = pending.pop();
    if (Array.isArray(value)) {
      for (const item of value) pending.push(item);
      continue;
    }
    if (value !== null && typeof value === "object") {
      for (const item of Object.values(value)) pending.push(item);
      continue;
    }
    if (typeof value !== "string" || !value.startsWith("$")) continue;
    const tag = value[1];
    const rest = value.slice(2);
    let problem: string | null = null;
    switch (tag) {
      case "$": // an escaped string that starts with "$"
      case "u": // undefined
      case "I": // Infinity
      case "N": // NaN
      case "-": // -0, -Infinity
      case "D": // a Date (an unparsable one becomes Invalid Date, which the action's schema refuses)
      case "K": // a FormData argument: its fields, if any, follow under a prefix
      case "T": // a temporary reference, resolved by Next.js
      case "H":
        break;
      case "n":
        if (!/^-?\d{1,300}$/.test(rest)) problem = `"${value.slice(0, 40)}" is not an integer`;
        break;
      case "@": // a promise of another row
        problem = follow(rest, false);
        break;
      case "Q": // Map entries
      case "W": // Set values
      case "i": // an iterable
        problem = follow(rest.split(":")[0], true);
        break;
      case "B": // a file
        problem = blob(rest);
        break;
      default:
        if (tag !== undefined && /[0-9a-f]/i.test(tag)) problem = follow(value.slice(1).split(":")[0], false);
        else problem = `"${value.slice(0, 2)}" values are not accepted by any action`;
    }
    if (problem) return problem;
  }
  return null;
}

/**
 * A multipart form posted to a page: a server action called by the browser (`next-action` header,
 * the reply in fields "0", "1", …) or, without JavaScript, a form carrying `$ACTION_ID_<id>` or
 * `$ACTION_REF_<n>` with its bound arguments in `$ACTION_<n>:<row>`.
 */
export function formPostProblem(form: ReplyFields & { keys(): IterableIterator<string> }, fetchAction: boolean): string | null {
  if (fetchAction) return replyProblem(form);
  for (const key of form.keys()) {
    const ref = /^\$ACTION_REF_(.*)$/.exec(key);
    if (ref) {
      const problem = replyProblem(form, `$ACTION_${ref[1]}:`, false);
      if (problem) return problem;
    }
  }
  return null;
}
