// The content format (docs/content-format.md) as zod schemas: lesson frontmatter and the six
// question types. Rules that span fields (the answer is one of the options, an ordering answer is
// a permutation) are refinements with a path, so the checker can point at the offending line.
import { z } from "zod";
import { FAMILY_SLUGS } from "./families";

export const LESSON_DIFFICULTIES = ["introductory", "intermediate", "advanced"] as const;
export const QUESTION_TYPES = ["single", "multiple", "numeric", "ordering", "free", "simulation"] as const;
export const QUESTION_DIFFICULTIES = ["easy", "medium", "hard"] as const;
export const QUESTION_MODES = ["recall", "scenario"] as const;

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const kebabId = z.string().regex(KEBAB, { message: "must be kebab-case (lowercase letters and digits joined by -)" });
const text = z.string().trim().min(1);

export const sourceSchema = z
  .object({
    title: text,
    author: text,
    year: z.number().int().min(1900).max(2100),
    url: z.url({ message: "must be a URL (https://...)" }).optional(),
  })
  .strict();

export const lessonFrontmatterSchema = z
  .object({
    id: kebabId,
    title: text,
    family: z.enum(FAMILY_SLUGS),
    order: z.number().int().min(1),
    summary: text.max(240),
    difficulty: z.enum(LESSON_DIFFICULTIES),
    minutes: z.number().int().min(1).max(240),
    prerequisites: z.array(kebabId).default([]),
    objectives: z.array(text).min(3).max(5),
    sources: z.array(sourceSchema).min(1),
  })
  .strict();

export type LessonFrontmatter = z.infer<typeof lessonFrontmatterSchema>;
export type LessonSource = z.infer<typeof sourceSchema>;

const optionSchema = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String),
    text,
    /** Options are shown shuffled per learner; `pin: last` keeps this one after the others ("None of these"). */
    pin: z.literal("last", { error: 'pin: the only value is "last" (keep this option after the shuffled ones)' }).optional(),
  })
  .strict();
export type QuestionOption = z.infer<typeof optionSchema>;

const base = {
  id: kebabId,
  difficulty: z.enum(QUESTION_DIFFICULTIES),
  mode: z.enum(QUESTION_MODES),
  section: kebabId,
  tags: z.array(kebabId).min(1),
  prompt: text,
  explanation: text,
};

type Ctx = z.RefinementCtx;

function uniqueIds(list: Array<{ id: string }>, field: string, ctx: Ctx) {
  const seen = new Set<string>();
  list.forEach((o, i) => {
    if (seen.has(o.id)) ctx.addIssue({ code: "custom", path: [field, i, "id"], message: `duplicate ${field === "items" ? "item" : "option"} id "${o.id}"` });
    seen.add(o.id);
  });
}

const ids = (list: Array<{ id: string }>) => list.map((o) => o.id).join(", ");

const single = z
  .object({ ...base, type: z.literal("single"), options: z.array(optionSchema).min(3).max(5), answer: z.union([z.string(), z.number()]).transform(String) })
  .strict()
  .superRefine((q, ctx) => {
    uniqueIds(q.options, "options", ctx);
    if (!q.options.some((o) => o.id === q.answer)) {
      ctx.addIssue({ code: "custom", path: ["answer"], message: `answer "${q.answer}" is not one of the options (${ids(q.options)})` });
    }
  });

const multiple = z
  .object({
    ...base,
    type: z.literal("multiple"),
    options: z.array(optionSchema).min(4).max(6),
    answer: z.array(z.union([z.string(), z.number()]).transform(String)).min(1),
  })
  .strict()
  .superRefine((q, ctx) => {
    uniqueIds(q.options, "options", ctx);
    const known = new Set(q.options.map((o) => o.id));
    const missing = q.answer.filter((a) => !known.has(a));
    if (missing.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["answer"],
        message: `answer ${missing.map((m) => `"${m}"`).join(", ")} ${missing.length === 1 ? "is" : "are"} not among the options (${ids(q.options)})`,
      });
    }
    if (new Set(q.answer).size !== q.answer.length) ctx.addIssue({ code: "custom", path: ["answer"], message: "answer lists an option twice" });
  });

const numeric = z
  .object({ ...base, type: z.literal("numeric"), answer: z.number(), tolerance: z.number().min(0), unit: z.string() })
  .strict();

const ordering = z
  .object({
    ...base,
    type: z.literal("ordering"),
    items: z.array(optionSchema).min(3).max(6),
    answer: z.array(z.union([z.string(), z.number()]).transform(String)),
  })
  .strict()
  .superRefine((q, ctx) => {
    uniqueIds(q.items, "items", ctx);
    const itemIds = q.items.map((i) => i.id);
    const missing = itemIds.filter((id) => !q.answer.includes(id));
    const unknown = q.answer.filter((id) => !itemIds.includes(id));
    const repeated = [...new Set(q.answer.filter((id, i) => q.answer.indexOf(id) !== i))];
    if (missing.length + unknown.length + repeated.length > 0) {
      const parts = [
        missing.length ? `missing ${missing.join(", ")}` : "",
        unknown.length ? `unknown ${unknown.join(", ")}` : "",
        repeated.length ? `repeated ${repeated.join(", ")}` : "",
      ].filter(Boolean);
      ctx.addIssue({ code: "custom", path: ["answer"], message: `answer must list every item id exactly once (${parts.join("; ")})` });
    }
  });

const free = z
  .object({ ...base, type: z.literal("free"), modelAnswer: text, rubric: z.array(text).min(3).max(6) })
  .strict();

export const simulationSpecSchema = z
  .object({
    name: text,
    seed: z.number().int(),
    params: z.record(z.string(), z.unknown()).optional(),
    faults: z.array(z.unknown()).optional(),
    duration: z.number().positive().optional(),
    query: text,
  })
  .strict();
export type SimulationSpec = z.infer<typeof simulationSpecSchema>;

const simulation = z
  .object({
    ...base,
    type: z.literal("simulation"),
    simulation: simulationSpecSchema,
    options: z.array(optionSchema).min(2).max(6),
    answer: z.never({ message: "simulation questions have no answer: it is found by running the simulation" }).optional(),
  })
  .strict()
  .superRefine((q, ctx) => uniqueIds(q.options, "options", ctx));

export const questionSchema = z.discriminatedUnion("type", [single, multiple, numeric, ordering, free, simulation]);
export type QuestionInput = z.infer<typeof questionSchema>;
export type QuestionType = QuestionInput["type"];

/** A path inside a YAML document or frontmatter, as zod reports it. */
export type FieldPath = ReadonlyArray<PropertyKey>;

export function pathToString(path: FieldPath): string {
  return path.reduce<string>((acc, seg) => (typeof seg === "number" ? `${acc}[${seg}]` : acc ? `${acc}.${String(seg)}` : String(seg)), "");
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  const json = JSON.stringify(value);
  return json && json.length > 60 ? `${json.slice(0, 57)}...` : (json ?? String(value));
}

const typeWords: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping (key: value)",
  never: "absent",
};

export interface SchemaProblem {
  path: FieldPath;
  message: string;
}

/** Turns zod issues into short messages that name the field, written for content authors. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  for (const issue of issues) {
    const field = pathToString(issue.path);
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case "invalid_type":
        out.push({
          path: issue.path,
          message:
            input === undefined
              ? `missing required field "${field}"`
              : issue.expected === "never"
                ? `${field}: ${issue.message}`
                : `${field}: must be ${typeWords[issue.expected] ?? issue.expected} (got ${describe(input)})`,
        });
        break;
      case "invalid_value":
        out.push({ path: issue.path, message: `${field}: must be one of ${issue.values.map(String).join(", ")} (got ${describe(input)})` });
        break;
      case "too_small":
      case "too_big": {
        const small = issue.code === "too_small";
        const bound = small ? (issue as { minimum: number | bigint }).minimum : (issue as { maximum: number | bigint }).maximum;
        if (issue.origin === "string") {
          const len = typeof input === "string" ? input.length : 0;
          out.push({
            path: issue.path,
            message: small && Number(bound) === 1 ? `${field}: must not be empty` : `${field}: must be ${small ? "at least" : "at most"} ${bound} characters (got ${len})`,
          });
        } else if (issue.origin === "array") {
          const len = Array.isArray(input) ? input.length : 0;
          out.push({ path: issue.path, message: `${field}: needs ${small ? "at least" : "at most"} ${bound} items (got ${len})` });
        } else {
          out.push({ path: issue.path, message: `${field}: must be ${small ? "at least" : "at most"} ${bound} (got ${describe(input)})` });
        }
        break;
      }
      case "unrecognized_keys":
        for (const key of issue.keys) {
          // `{ id: a, text: one, two }`: the comma ends the text and "two" becomes a key.
          const hint = /\s/.test(key) ? ": a comma inside unquoted text starts a new field; put the text in quotes" : "";
          out.push({ path: [...issue.path, key], message: `unknown field "${pathToString([...issue.path, key])}"${hint}` });
        }
        break;
      case "invalid_union": {
        const note = (issue as { note?: string }).note;
        if (note === "No matching discriminator" || field === "type") {
          out.push({ path: [...issue.path, "type"], message: `type: must be one of ${QUESTION_TYPES.join(", ")} (got ${describe((input as { type?: unknown } | undefined)?.type)})` });
        } else out.push({ path: issue.path, message: `${field}: ${issue.message}` });
        break;
      }
      case "invalid_format":
        out.push({ path: issue.path, message: `${field}: ${issue.message} (got ${describe(input)})` });
        break;
      case "custom":
        // Refinements write complete sentences that already name the field.
        out.push({ path: issue.path, message: issue.message });
        break;
      default:
        out.push({ path: issue.path, message: field ? `${field}: ${issue.message}` : issue.message });
    }
  }
  return out;
}

/**
 * `Question.data` as stored (lib/content/loader's `questionData`: the type-specific fields and the explanation),
 * parsed where lib/practice reads it so no cast stands between the column and the code. Structural only: the
 * authoring rules above (counts, answers among the options) were checked when the content was synced.
 */
const storedOption = z.object({ id: z.string(), text: z.string(), pin: z.literal("last").optional() });
export const storedQuestionDataSchema = z.object({
  options: z.array(storedOption).optional(),
  items: z.array(storedOption).optional(),
  answer: z.union([z.string(), z.number(), z.array(z.string())]).optional(),
  tolerance: z.number().optional(),
  unit: z.string().optional(),
  modelAnswer: z.string().optional(),
  rubric: z.array(z.string()).optional(),
  explanation: z.string().optional(),
  simulation: simulationSpecSchema.optional(),
});
export type StoredQuestionData = z.infer<typeof storedQuestionDataSchema>;
