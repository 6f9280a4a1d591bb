// What every server action answers, and the few steps each one repeats (docs/decisions/105):
// reading fields from FormData, turning a zod error into messages per field, and turning a
// refusal (a DomainError) into a message. Plain TypeScript: the forms in app/ and the field
// component in components/forms use these shapes; nothing here knows about Next.js or React.
import type { z } from "zod";
import { asDomainError } from "@/lib/errors";

/** What a form sends back to keep in its inputs: text, a set of ticked boxes, one checkbox. */
export type FormValue = string | string[] | boolean;
export type FormValues = Record<string, FormValue | undefined>;

/**
 * The state of a form posted to a server action (`useActionState`): messages per field and for
 * the whole form (under "form"), what was typed so a refused form keeps it, and a confirmation.
 * `V` narrows `values` for a form whose values are not all text (the quiz setup's families and
 * adaptive checkbox).
 */
export interface FormState<F extends string = string, V extends FormValues = Partial<Record<F, string>>> {
  errors?: Partial<Record<F | "form", string>>;
  values?: V;
  success?: string;
}

/**
 * What an action called from client code answers (review screen, lesson buttons, drills, guided
 * tasks): its data beside `ok: true`, or a message the screen shows; `status` is the HTTP status
 * that fits the refusal (from the DomainError), for screens that treat some refusals differently.
 */
export type ActionResult<T extends object = object> = ({ ok: true } & T) | ActionRefusal;
export interface ActionRefusal {
  ok: false;
  error: string;
  status?: number;
}

/**
 * One named text field: a missing field or a file is "" (nothing a person typed). Trimmed only
 * when asked: passwords are compared as typed.
 */
export function formText(form: FormData, name: string, opts: { trim?: boolean } = {}): string {
  const value = form.get(name);
  if (typeof value !== "string") return "";
  return opts.trim ? value.trim() : value;
}

/** Several named text fields at once, as a record keyed by name. */
export function formTexts<N extends string>(form: FormData, names: readonly N[], opts: { trim?: boolean } = {}): Record<N, string> {
  return Object.fromEntries(names.map((n) => [n, formText(form, n, opts)])) as Record<N, string>;
}

/** Every value of a repeated field (ticked checkboxes of one name); files are left out. */
export function formChoices(form: FormData, name: string): string[] {
  return form.getAll(name).filter((v): v is string => typeof v === "string");
}

/** A checkbox: ticked when the browser sent its default value, "on". */
export function formCheckbox(form: FormData, name: string): boolean {
  return form.get(name) === "on";
}

/**
 * zod issues as one message per field, the first for each. With `fields`, an issue about anything
 * else (an object-level rule, an unknown key) is the form's message; without, the issue's first path
 * segment names the field and an issue without a path is the form's.
 */
export function fieldErrors(error: z.ZodError): Record<string, string>;
export function fieldErrors<F extends string>(error: z.ZodError, fields: readonly F[]): Partial<Record<F | "form", string>>;
export function fieldErrors<F extends string>(error: z.ZodError, fields?: readonly F[]): Partial<Record<F | "form", string>> {
  const out: Partial<Record<F | "form", string>> = {};
  for (const issue of error.issues) {
    const head = issue.path[0];
    const key = (fields ? (fields.find((f) => f === head) ?? "form") : head === undefined ? "form" : String(head)) as F | "form";
    out[key] ??= issue.message;
  }
  return out;
}

/** A form refused as a whole, keeping what was typed. */
export function formError<F extends string, V extends FormValues>(message: string, values?: V): FormState<F, V> {
  return values === undefined ? { errors: { form: message } as FormState<F, V>["errors"] } : { errors: { form: message } as FormState<F, V>["errors"], values };
}

/**
 * A caught error as the form's message when it is a refusal a person can act on (a DomainError,
 * or input the database refused); anything else is a fault and is thrown again, to the error page.
 */
export function formRefusal<F extends string, V extends FormValues>(err: unknown, values?: V): FormState<F, V> {
  const refused = asDomainError(err);
  if (!refused) throw err;
  return formError<F, V>(refused.message, values);
}

/** A caught error as an action's refusal, with its status; a fault is thrown again. */
export function actionRefusal(err: unknown): ActionRefusal {
  const refused = asDomainError(err);
  if (!refused) throw err;
  return { ok: false, error: refused.message, status: refused.status };
}

/** Runs an action's work; a refusal becomes `{ ok: false, error, status }`, a fault propagates. */
export async function asActionResult<T extends object>(work: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await work();
  } catch (err) {
    return actionRefusal(err);
  }
}
