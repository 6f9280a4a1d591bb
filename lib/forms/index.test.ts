import { z } from "zod";
import { DomainError, NotFoundError } from "@/lib/errors";
import { actionRefusal, asActionResult, fieldErrors, formCheckbox, formChoices, formError, formRefusal, formText, formTexts } from "./index";

function formOf(entries: Array<[string, string | Blob]>): FormData {
  const form = new FormData();
  for (const [k, v] of entries) form.append(k, v);
  return form;
}

describe("reading fields from FormData", () => {
  const form = formOf([
    ["email", "  ada@example.com "],
    ["password", " spaces count "],
    ["families", "replication"],
    ["families", "consensus"],
    ["families", new Blob(["x"])],
    ["upload", new Blob(["not text"])],
    ["adaptive", "on"],
  ]);

  it("keeps text as typed unless asked to trim", () => {
    expect(formText(form, "password")).toBe(" spaces count ");
    expect(formText(form, "email", { trim: true })).toBe("ada@example.com");
  });

  it("reads a missing field or a file as empty text, never as '[object File]'", () => {
    expect(formText(form, "missing")).toBe("");
    expect(formText(form, "upload")).toBe("");
  });

  it("reads several fields into a record keyed by name", () => {
    expect(formTexts(form, ["email", "password", "missing"], { trim: true })).toEqual({ email: "ada@example.com", password: "spaces count", missing: "" });
  });

  it("reads every ticked box of a name, leaving out files", () => {
    expect(formChoices(form, "families")).toEqual(["replication", "consensus"]);
    expect(formChoices(form, "missing")).toEqual([]);
  });

  it("reads a checkbox as ticked only when the browser sent 'on'", () => {
    expect(formCheckbox(form, "adaptive")).toBe(true);
    expect(formCheckbox(form, "missing")).toBe(false);
    expect(formCheckbox(formOf([["adaptive", "true"]]), "adaptive")).toBe(false);
  });
});

describe("fieldErrors", () => {
  const schema = z
    .object({ count: z.number({ error: "Enter a number." }).min(1, "Ask for at least 1 question."), name: z.string().min(1, "Enter a name.") })
    .refine((v) => v.count < 10 || v.name !== "x", { message: "Whole-form rule.", path: [] });

  function errorOf(input: unknown): z.ZodError {
    const parsed = schema.safeParse(input);
    if (parsed.success) throw new Error("expected a failed parse");
    return parsed.error;
  }

  it("gives each field its first message", () => {
    const error = new z.ZodError([
      { code: "custom", path: ["count"], message: "first", input: 0 },
      { code: "custom", path: ["count"], message: "second", input: 0 },
    ]);
    expect(fieldErrors(error)).toEqual({ count: "first" });
    expect(fieldErrors(errorOf({ count: 0, name: "" }))).toEqual({ count: "Ask for at least 1 question.", name: "Enter a name." });
  });

  it("puts an issue without a path under 'form'", () => {
    expect(fieldErrors(errorOf({ count: 12, name: "x" }))).toEqual({ form: "Whole-form rule." });
  });

  it("with a list of fields, puts issues about anything else under 'form'", () => {
    expect(fieldErrors(errorOf({ count: "three", name: "" }), ["count"])).toEqual({ count: "Enter a number.", form: "Enter a name." });
  });
});

describe("refusals", () => {
  it("a form error keeps what was typed", () => {
    expect(formError("Sign in again.", { name: "Spring cohort" })).toEqual({ errors: { form: "Sign in again." }, values: { name: "Spring cohort" } });
    expect(formError("Sign in again.")).toEqual({ errors: { form: "Sign in again." } });
  });

  it("turns a DomainError into the form's message and rethrows a fault", () => {
    expect(formRefusal(new DomainError("That code has expired."), { key: "ABCD-2345" })).toEqual({ errors: { form: "That code has expired." }, values: { key: "ABCD-2345" } });
    const fault = new Error("connection reset");
    expect(() => formRefusal(fault)).toThrow(fault);
  });

  it("turns input the database refused (a NUL byte) into a message, not a fault", () => {
    const pgError = Object.assign(new Error("invalid byte sequence"), { code: "22021" });
    expect(formRefusal(pgError).errors?.form).toMatch(/cannot be stored/);
  });

  it("an action refusal carries the status of the DomainError", () => {
    expect(actionRefusal(new NotFoundError("That card is not yours."))).toEqual({ ok: false, error: "That card is not yours.", status: 404 });
    expect(() => actionRefusal(new TypeError("bug"))).toThrow(TypeError);
  });

  it("asActionResult passes a result through, answers a refusal and rethrows a fault", async () => {
    await expect(asActionResult(async () => ({ ok: true as const, added: 2 }))).resolves.toEqual({ ok: true, added: 2 });
    await expect(asActionResult(async () => { throw new DomainError("Sign in again.", 401); })).resolves.toEqual({ ok: false, error: "Sign in again.", status: 401 });
    await expect(asActionResult(async () => { throw new RangeError("bug"); })).rejects.toThrow(RangeError);
  });
});
