/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script that node runs directly */
// Decodes server-action bodies with React's own decoder, as Next.js does for an action request, and
// prints for each whether it decoded. Run with `node --conditions=react-server` (React's server
// build refuses to load otherwise). Input on stdin: a JSON array of bodies, each { text } (a plain
// body) or { fields: [[name, value, isFile]] } (multipart). Output: a JSON array of
// { ok: true } | { ok: false, error }.
const path = require("node:path");
const { createTemporaryReferenceSet, decodeReply } = require(path.resolve("node_modules/next/dist/compiled/react-server-dom-turbopack/server.node.js"));

// A promise nested in an argument that never resolves is rejected when decoding ends; nobody awaits it here.
process.on("unhandledRejection", () => {});

async function decode(body) {
  let input = body.text;
  if (body.fields) {
    input = new FormData();
    for (const [name, value, isFile] of body.fields) input.append(name, isFile ? new Blob([value]) : value);
  }
  // A reference to a row that never comes leaves the decoder waiting; Next.js ends it with an error.
  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("never resolved")), 2000));
  try {
    const args = await Promise.race([decodeReply(input, {}, { temporaryReferences: createTemporaryReferenceSet() }), timeout]);
    if (!Array.isArray(args)) throw new Error("not an argument list");
    // Arguments that are promises of other rows must resolve too (an action awaits them).
    await Promise.race([Promise.all(args.map((a) => (a && typeof a.then === "function" ? a : null))), timeout]);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: String(err && err.message ? err.message : err).slice(0, 200) };
  }
}

let raw = "";
process.stdin.on("data", (c) => (raw += c));
process.stdin.on("end", async () => {
  const bodies = JSON.parse(raw);
  const results = [];
  for (const b of bodies) results.push(await decode(b));
  process.stdout.write(JSON.stringify(results));
  process.exit(0);
});
