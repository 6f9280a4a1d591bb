/** `npm run lincheck -- FILE`: the verdict on the first line, the evidence after it, and the exit code. */
import { spawnSync } from "node:child_process";
import path from "node:path";

const ROOT = path.join(__dirname, "..", "..");
const FIXTURES = path.join(__dirname, "fixtures");

function lincheck(args: string[], input?: string) {
  const r = spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join(ROOT, "scripts", "lincheck.ts"), ...args], {
    cwd: ROOT,
    input,
    encoding: "utf8",
  });
  return { code: r.status, lines: r.stdout.split("\n"), stderr: r.stderr.trim() };
}

describe("lincheck CLI", () => {
  it("exits 0 for a linearizable history and says so first", () => {
    const r = lincheck([path.join(FIXTURES, "etcd", "etcd_005.log")]);
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe("linearizable");
    expect(r.lines[1]).toMatch(/^Jepsen etcd log\. Register model, \d+ operations on 1 key/);
  });

  it("exits 1 for a violation and prints the prefix and the operations that cannot come next", () => {
    const r = lincheck([path.join(FIXTURES, "kv", "c01-bad.txt")]);
    expect(r.code).toBe(1);
    expect(r.lines[0]).toBe("not linearizable");
    expect(r.lines[1]).toMatch(/^Knossos EDN\. Key-value model, 38 operations on \d+ keys/);
    expect(r.lines).toContainEqual(expect.stringMatching(/^Longest linearizable prefix \(\d+ of \d+ operations\):$/));
    expect(r.lines).toContainEqual(expect.stringMatching(/^ {2}#\d+ client \d+'s get\(.*: it returned ".*", but the key holds /));
  });

  it("reads standard input with -", () => {
    const history = ["0 :invoke :write 1", "0 :ok :write 1", "1 :invoke :read nil", "1 :ok :read nil"].map((l) => `INFO  jepsen.util - ${l}`).join("\n");
    const r = lincheck(["-"], history);
    expect(r.code).toBe(1);
    expect(r.lines[0]).toBe("not linearizable");
    expect(r.lines).toContainEqual(expect.stringMatching(/returned a stale value: client 0's write\(1\) completed at event 1, before the read was invoked at event 2, and nil is the value before any write\./));
  });

  it("exits 2 with file:line: message on a parse error", () => {
    const r = lincheck(["-"], "{:process 0, :type :invoke, :f :read, :value nil}\n{:process 0, :type :ok, :f :write, :value 1}\n");
    expect(r.code).toBe(2);
    expect(r.lines[0]).toBe("");
    expect(r.stderr).toBe("-:2: process 0 invoked :read (line 1) but completes :write");
  });

  it('exits 2 and says "unknown" when the budget runs out', () => {
    const r = lincheck(["--max-steps", "1000", path.join(FIXTURES, "kv", "c50-ok.txt")]);
    expect(r.code).toBe(2);
    expect(r.lines[0]).toBe("unknown");
    expect(r.lines).toContain("The budget (10,000 ms, 1,000 steps or 512 MB of memory) ran out before every key was decided.");
  });
});
