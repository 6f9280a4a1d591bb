// Runs in the browser before the app's own code. Zod probes whether it may compile parsers with
// `new Function` the first time a schema is built; the Content-Security-Policy forbids that (no
// 'unsafe-eval', docs/decisions/042), and the blocked probe is reported as a policy violation even
// though Zod catches it. `jitless` skips the probe: schemas parse the same, without generated code.
const zodConfig = globalThis as typeof globalThis & { __zod_globalConfig?: Record<string, unknown> };
zodConfig.__zod_globalConfig = { ...zodConfig.__zod_globalConfig, jitless: true };
