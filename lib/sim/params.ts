/** Parameter schemas: one table per simulation drives validation, defaults and (later) the UI's form. */
import type { Validation } from "./types";

export type ParamSpec =
  | { type: "number"; label: string; default: number; min: number; max: number; integer?: boolean; unit?: string }
  | { type: "boolean"; label: string; default: boolean }
  | { type: "enum"; label: string; default: string; options: readonly string[] }
  | { type: "numberList"; label: string; default: readonly number[]; min: number; max: number; minLength: number; maxLength: number };

export type ParamsSchema = Record<string, ParamSpec>;

type ValueOf<S> = S extends { type: "number" }
  ? number
  : S extends { type: "boolean" }
    ? boolean
    : S extends { type: "enum"; options: readonly (infer O)[] }
      ? O
      : S extends { type: "numberList" }
        ? number[]
        : never;

export type ParamsOf<S extends ParamsSchema> = { [K in keyof S]: ValueOf<S[K]> };

export function defaultsOf<S extends ParamsSchema>(schema: S): ParamsOf<S> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(schema)) {
    out[key] = spec.type === "numberList" ? [...spec.default] : spec.default;
  }
  return out as ParamsOf<S>;
}

function describe(value: unknown): string {
  return value === undefined ? "nothing" : JSON.stringify(value) ?? String(value);
}

/** Validate `input` (a partial params object) against `schema`; missing keys take their defaults. */
export function validateAgainst<S extends ParamsSchema>(schema: S, input: unknown, simulation: string): Validation<ParamsOf<S>> {
  const errors: string[] = [];
  const out = defaultsOf(schema) as Record<string, unknown>;
  if (input === undefined || input === null) return { ok: true, value: out as ParamsOf<S> };
  if (typeof input !== "object" || Array.isArray(input)) {
    return { ok: false, errors: [`params: must be an object (got ${describe(input)})`] };
  }
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    const spec = schema[key];
    const path = `params.${key}`;
    if (!spec) {
      errors.push(`${path}: unknown parameter for the ${simulation} simulation (known: ${Object.keys(schema).join(", ")})`);
      continue;
    }
    if (value === undefined) continue;
    switch (spec.type) {
      case "number":
        if (typeof value !== "number" || !Number.isFinite(value) || value < spec.min || value > spec.max) {
          errors.push(`${path}: must be a number between ${spec.min} and ${spec.max} (got ${describe(value)})`);
        } else if (spec.integer && !Number.isInteger(value)) {
          errors.push(`${path}: must be a whole number (got ${describe(value)})`);
        } else out[key] = value;
        break;
      case "boolean":
        if (typeof value !== "boolean") errors.push(`${path}: must be true or false (got ${describe(value)})`);
        else out[key] = value;
        break;
      case "enum":
        if (typeof value !== "string" || !spec.options.includes(value)) {
          errors.push(`${path}: must be one of ${spec.options.map((o) => `"${o}"`).join(", ")} (got ${describe(value)})`);
        } else out[key] = value;
        break;
      case "numberList":
        if (
          !Array.isArray(value) ||
          value.length < spec.minLength ||
          value.length > spec.maxLength ||
          value.some((v) => typeof v !== "number" || !Number.isFinite(v) || v < spec.min || v > spec.max)
        ) {
          errors.push(
            `${path}: must be a list of ${spec.minLength}-${spec.maxLength} numbers between ${spec.min} and ${spec.max} (got ${describe(value)})`,
          );
        } else out[key] = [...value];
        break;
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: out as ParamsOf<S> };
}
