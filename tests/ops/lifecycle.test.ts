// The process lifecycle of the production server on the embedded database (docs/decisions/040):
// the data folder's lock is taken while the server starts, before anyone asks it anything; a second
// instance on the same folder refuses at once with the lock's message and a non-zero exit while the
// first keeps serving; SIGTERM to `npm start` stops every process it started and releases the lock.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { appEnv, ensureBuild, freePort, groupMembers, killGroup, NEXT_BIN, prepareDatabase, spawnGroup, startApp, waitFor, waitForHealth, type Spawned } from "../support/app-server";

const IN_USE = /The embedded database in .+ is in use by another Quorum process \(pid \d+\)\. Stop that process, or point QUORUM_DATA_DIR at another folder\./;

describe("process lifecycle on the embedded database", () => {
  const started: Spawned[] = [];
  const folders: string[] = [];

  beforeAll(() => ensureBuild(), 600_000);
  afterAll(() => {
    for (const s of started) killGroup(s.child.pid);
    for (const f of folders) rmSync(f, { recursive: true, force: true });
  });

  function dataFolder(): string {
    const dir = mkdtempSync(path.join(tmpdir(), "quorum-lifecycle-"));
    folders.push(dir);
    return dir;
  }
  const lockOf = (dir: string) => path.join(dir, "quorum.lock");
  const lockHolder = (dir: string) => (existsSync(lockOf(dir)) ? Number(readFileSync(lockOf(dir), "utf8")) : 0);
  function spawnTracked(command: string, args: string[], env: NodeJS.ProcessEnv): Spawned {
    const s = spawnGroup(command, args, env);
    started.push(s);
    return s;
  }
  const nextStart = (env: NodeJS.ProcessEnv, port: number) => spawnTracked(process.execPath, [NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"], env);

  it("takes the lock while the server starts, before any request, so a second server on the folder exits at once", async () => {
    const dir = dataFolder();
    const env = appEnv({ QUORUM_DATA_DIR: dir });
    prepareDatabase(env);
    expect(existsSync(lockOf(dir))).toBe(false);

    const port = await freePort();
    const first = nextStart(env, port);
    // No request is made until the lock is there: it is held by a process of the first server.
    const holder = await waitFor("the first server to lock the data folder", () => lockHolder(dir), 60_000);
    expect(groupMembers(first.child.pid ?? 0)).toContain(holder);

    const second = nextStart(env, await freePort());
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(IN_USE);
    expect(second.output()).toContain(`(pid ${holder})`);

    // The first server is untouched: it serves pages and its database, and still holds the lock.
    await waitForHealth(`http://127.0.0.1:${port}`, first);
    expect((await fetch(`http://127.0.0.1:${port}/learn/replication/leader-follower-replication`)).status).toBe(200);
    expect(lockHolder(dir)).toBe(holder);

    process.kill(-(first.child.pid ?? 0), "SIGTERM");
    await first.exited;
    await waitFor("the first server's processes to end", () => groupMembers(first.child.pid ?? 0).length === 0, 15_000);
    expect(existsSync(lockOf(dir))).toBe(false);
  }, 180_000);

  it("refuses a second npm start on the same folder while the first serves, and SIGTERM to npm start stops it all and frees the lock", async () => {
    const dir = dataFolder();
    const [port, otherPort] = [await freePort(), await freePort()];
    const env = (p: number) => appEnv({ QUORUM_DATA_DIR: dir, PORT: String(p), HOST: "127.0.0.1" });

    const first = spawnTracked("npm", ["start"], env(port));
    await waitFor("npm start to report it is running", () => {
      if (first.child.exitCode !== null) throw new Error(`npm start exited (${first.child.exitCode}):\n${first.output()}`);
      return first.output().includes(`✓ Quorum is running at http://127.0.0.1:${port}`);
    }, 120_000);
    const holder = lockHolder(dir);
    expect(groupMembers(first.child.pid ?? 0)).toContain(holder);

    const second = spawnTracked("npm", ["start"], env(otherPort));
    const code = await second.exited;
    expect(code).not.toBe(0);
    expect(second.output()).toMatch(IN_USE);
    expect(second.output()).not.toContain("running");
    await waitFor("the second npm start's processes to end", () => groupMembers(second.child.pid ?? 0).length === 0, 15_000);
    await expect(fetch(`http://127.0.0.1:${otherPort}/api/health`)).rejects.toThrow();

    // The first instance keeps serving from its database.
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect({ status: health.status, body: await health.json() }).toEqual({ status: 200, body: { status: "ok" } });
    expect((await fetch(`http://127.0.0.1:${port}/learn/replication/leader-follower-replication`)).status).toBe(200);
    expect(lockHolder(dir)).toBe(holder);

    // SIGTERM to npm itself, as a container runtime or a service manager sends it.
    process.kill(first.child.pid ?? 0, "SIGTERM");
    await waitFor("every process npm start started to end", () => groupMembers(first.child.pid ?? 0).length === 0, 20_000);
    expect(existsSync(lockOf(dir))).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
  }, 240_000);

  it("stops a server that did not come up in time, so a failed start leaves nothing running", async () => {
    const dir = dataFolder();
    const env = appEnv({ QUORUM_DATA_DIR: dir });
    // Processes started with this folder in their environment: the server and anything it spawned.
    const running = () =>
      readdirSync("/proc")
        .filter((pid) => /^\d+$/.test(pid))
        .filter((pid) => {
          try {
            return readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(`QUORUM_DATA_DIR=${dir}`);
          } catch {
            return false; // exited meanwhile, or not ours to read
          }
        });
    await expect(startApp(env, { startupMs: 1 })).rejects.toThrow();
    expect(running()).toEqual([]);
  }, 60_000);
});
