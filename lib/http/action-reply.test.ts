// The server-action body check agrees with React: everything React's client encodes for the kinds
// of arguments Quorum's actions take is accepted, and a body is refused exactly when React's own
// decoder (which Next.js runs, answering 500 when it throws) cannot decode it.
import { execFileSync } from "node:child_process";
import path from "node:path";
import fc from "fast-check";
import { formPostProblem, replyProblem, textReply, type ReplyFields } from "./action-reply";

// React's client encoder, as the browser runs it (Next.js's compiled copy, the one the app ships).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { encodeReply } = require(path.resolve("node_modules/next/dist/compiled/react-server-dom-turbopack/client.node.js")) as {
  encodeReply(value: unknown): Promise<string | FormData>;
};

type Body = { text: string } | { fields: Array<[string, string, boolean]> };

function fieldsOf(data: FormData): Array<[string, string, boolean]> {
  const out: Array<[string, string, boolean]> = [];
  data.forEach((v, k) => out.push([k, typeof v === "string" ? v : "file", typeof v !== "string"]));
  return out;
}

function asReply(body: Body): ReplyFields & { keys(): IterableIterator<string> } {
  if ("text" in body) return { ...textReply(body.text), keys: () => ["0"][Symbol.iterator]() };
  const data = new FormData();
  for (const [k, v, isFile] of body.fields) data.append(k, isFile ? new Blob([v]) : v);
  return data as unknown as ReplyFields & { keys(): IterableIterator<string> };
}

/** Decodes each body with React's server decoder in a process with the react-server condition. */
function decodeWithReact(bodies: Body[]): Array<{ ok: boolean; error?: string }> {
  const out = execFileSync(process.execPath, ["--conditions=react-server", "tests/support/decode-replies.cjs"], { input: JSON.stringify(bodies), encoding: "utf8", timeout: 120_000 });
  return JSON.parse(out) as Array<{ ok: boolean; error?: string }>;
}

const key = fc.stringMatching(/^[a-z_]{1,8}$/);
const leaf = fc.oneof(
  fc.string(),
  fc.string().map((s) => `$${s}`), // text that starts with "$" (escaped by the encoder)
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.date({ noInvalidDate: true }),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }),
);
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(key, tie("value"), { maxKeys: 4, noNullPrototype: true }),
    fc.array(fc.tuple(tie("value"), tie("value")), { maxLength: 3 }).map((entries) => new Map(entries)),
    fc.array(tie("value"), { maxLength: 3 }).map((items) => new Set(items)),
  ),
}));
const formArgument = fc.dictionary(key, fc.string(), { maxKeys: 4, noNullPrototype: true }).map((fields) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
});
const argumentList = fc.array(fc.oneof(value, formArgument), { maxLength: 4 });

async function encode(args: unknown[]): Promise<Body> {
  const encoded = await encodeReply(args);
  return typeof encoded === "string" ? { text: encoded } : { fields: fieldsOf(encoded) };
}

describe("server-action body check", () => {
  it("accepts every body React's client encodes for the arguments actions take", async () => {
    await fc.assert(
      fc.asyncProperty(argumentList, async (args) => {
        const body = await encode(args);
        expect(replyProblem(asReply(body))).toBeNull();
      }),
      { seed: 41, numRuns: 300 },
    );
  });

  it("refuses a body exactly when React's decoder cannot decode it", async () => {
    const valid = await Promise.all(fc.sample(argumentList, { seed: 7, numRuns: 40 }).map(encode));
    const broken: Body[] = [
      { text: "" },
      { text: "garbage{" },
      { text: "{}" },
      { text: "5" },
      { text: '"$1"' },
      { text: '["$1"]' },
      { text: '["$@a"]' },
      { text: '["$"]' },
      { text: '["$Qzz"]' },
      { text: '["$W1"]' },
      { text: '["$n12x"]' },
      { text: '["$n' + "9".repeat(301) + '"]' },
      { text: '["$B1"]' },
      { text: '["$Z"]' },
      { text: '[{"a":["$1:x"]}]' },
      { fields: [["1", "[1]", false]] },
      { fields: [["0", '["$1"]', false], ["1", "not json", false]] },
      { fields: [["0", '["$Q1"]', false], ["1", '{"a":1}', false]] },
      { fields: [["0", '["$B1"]', false], ["1", "text, not a file", false]] },
      { fields: [["0", '["$K1", "$2"]', false], ["_1_a", "x", false]] },
    ];
    // Each valid body, cut short or with a row removed or garbled.
    for (const body of valid) {
      if ("text" in body) {
        broken.push({ text: body.text.slice(0, Math.max(1, body.text.length >> 1)) });
        const root = JSON.parse(body.text) as unknown[];
        broken.push({ text: JSON.stringify([...root, "$1f"]) });
      } else {
        const rows = body.fields.filter(([k]) => /^\d+$/.test(k) && k !== "0");
        if (rows.length > 0) broken.push({ fields: body.fields.filter(([k]) => k !== rows[0][0]) });
        broken.push({ fields: body.fields.map(([k, v, f]): [string, string, boolean] => (k === "0" ? [k, v.slice(0, -1), f] : [k, v, f])) });
      }
    }
    const all = [...valid, ...broken];
    const decoded = decodeWithReact(all);
    const disagreements = all
      .map((body, i) => ({ body: JSON.stringify(body).slice(0, 200), checker: replyProblem(asReply(body)), react: decoded[i] }))
      .filter((r) => (r.checker === null) !== r.react.ok);
    expect(disagreements).toEqual([]);
    // The corpus holds both kinds.
    expect(decoded.filter((d) => d.ok).length).toBeGreaterThanOrEqual(valid.length);
    expect(decoded.filter((d) => !d.ok).length).toBeGreaterThan(20);
  }, 120_000);

  it("refuses arguments no action takes: streams, typed arrays and server references", () => {
    for (const text of ['["$R1"]', '["$X1"]', '["$A1"]', '["$o1"]', '["$h1"]']) expect(replyProblem(textReply(text))).not.toBeNull();
  });

  it("checks the bound arguments of a form posted without JavaScript", () => {
    const form = (entries: Array<[string, string]>) => {
      const data = new FormData();
      for (const [k, v] of entries) data.append(k, v);
      return data as unknown as ReplyFields & { keys(): IterableIterator<string> };
    };
    expect(formPostProblem(form([["$ACTION_ID_40ab", ""], ["email", "a@b.c"]]), false)).toBeNull();
    expect(formPostProblem(form([["$ACTION_REF_1", ""], ["$ACTION_1:0", '{"id":"40ab","bound":"$@1"}'], ["$ACTION_1:1", "[{}]"]]), false)).toBeNull();
    expect(formPostProblem(form([["$ACTION_REF_1", ""], ["$ACTION_1:0", '{"id":"40ab","bound":"$@1"}']]), false)).toMatch(/row 1 is missing/);
    expect(formPostProblem(form([["$ACTION_REF_1", ""], ["$ACTION_1:0", "{not json"]]), false)).toMatch(/not JSON/);
    // A plain form post that is no action at all is left to the page.
    expect(formPostProblem(form([["name", "x"]]), false)).toBeNull();
  });
});
