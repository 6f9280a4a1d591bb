// The one input boundary: every piece of text and every id that reaches the server from a person
// (route and page parameters, search parameters, JSON bodies, form fields, server-action
// arguments) passes one of these before it reaches lib/ or the database. Text PostgreSQL cannot
// store (NUL) or that is not valid Unicode (a lone UTF-16 surrogate) is refused with a message
// here, instead of failing in the database as a 500.
import { z } from "zod";

export const NUL_MESSAGE = "Remove the invisible NUL character (\\0) from this field.";
export const SURROGATE_MESSAGE = "This field contains a broken character (half of an emoji or symbol). Retype it.";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True for text that can be stored as it is: no NUL, well-formed UTF-16. */
export function isStorable(text: string): boolean {
  return !text.includes("\u0000") && !LONE_SURROGATE.test(text);
}

/** A string that can be stored: no NUL, no lone surrogate (checked before any other rule). */
export function storableText(required: string) {
  return z
    .string({ error: required })
    .refine((s) => !s.includes("\u0000"), { message: NUL_MESSAGE, abort: true })
    .refine((s) => !LONE_SURROGATE.test(s), { message: SURROGATE_MESSAGE, abort: true });
}

/** Text a person writes: storable, trimmed, required unless `optional`, at most `max` characters. */
export function userText(what: string, max: number, opts: { optional?: boolean } = {}) {
  const base = storableText(`Enter ${what}.`).trim().max(max, `Keep ${what} under ${max.toLocaleString("en")} characters.`);
  return opts.optional ? base : base.min(1, `Enter ${what}.`);
}

// Record ids are cuids (lowercase letters and digits) and content ids (kebab-case); invitation
// tokens are base64url. Nothing longer than this is an id of ours.
const ID = /^[A-Za-z0-9_-]{1,128}$/;

/** An id in a URL or a form: refused (as unknown) unless it could be one of ours. */
export const recordId = z.string({ error: "Missing id." }).regex(ID, { message: "Unknown id." });

/** A URL parameter as an id, or null: pages answer 404 and routes 400/404 for anything else. */
export function parseId(value: unknown): string | null {
  return typeof value === "string" && ID.test(value) ? value : null;
}
