import { createTestDatabase, databaseTargets, type TestDatabase } from "@/tests/support/databases";
import { registerUser, verifyCredentials } from "./accounts";
import { THROTTLE } from "./sign-in-throttle";

process.env.BCRYPT_COST = "4";

describe.each(databaseTargets())("accounts on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => database?.dispose());
  const db = () => database.prisma;

  it("signs up a learner with a hashed password", async () => {
    const r = await registerUser(db(), { name: "Ada", email: " Ada@Example.com ", password: "replicated-log-42" });
    expect(r.ok).toBe(true);
    const row = await db().user.findUniqueOrThrow({ where: { email: "ada@example.com" } });
    expect(row.role).toBe("LEARNER");
    expect(row.passwordHash).toMatch(/^\$2[aby]\$/);
    expect(row.passwordHash).not.toContain("replicated-log-42");
  });

  it("refuses a taken email, case-insensitively, and creates nothing", async () => {
    const before = await db().user.count();
    const r = await registerUser(db(), { name: "Ada 2", email: "ADA@example.com", password: "another-good-pass" });
    expect(r).toEqual({ ok: false, errors: { email: "An account with this email already exists. Sign in instead." } });
    expect(await db().user.count()).toBe(before);
  });

  it("gives one account to two sign-ups racing for the same email", async () => {
    const results = await Promise.all(
      [1, 2, 3].map((i) => registerUser(db(), { name: `Racer ${i}`, email: "race@example.com", password: "racing-condition-9" })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await db().user.count({ where: { email: "race@example.com" } })).toBe(1);
  });

  it.each([
    [{ name: "B", email: "b@example.com", password: "short" }, "password", /at least 10 characters/],
    [{ name: "B", email: "b@example.com", password: "password123" }, "password", /too common/],
    [{ name: "B", email: "bertrand@example.com", password: "bertrand-rules" }, "password", /email address in your password/],
    [{ name: "B", email: "not-an-email", password: "fine-password-1" }, "email", /valid email/],
    [{ name: "", email: "b@example.com", password: "fine-password-1" }, "name", /Enter your name/],
  ])("rejects bad sign-up input %#, with a message on the field, and creates nothing", async (input, field, message) => {
    const before = await db().user.count();
    const r = await registerUser(db(), input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[field]).toMatch(message);
    expect(await db().user.count()).toBe(before);
  });

  it("signs in with the right password and refuses a wrong one with a clear message", async () => {
    const ok = await verifyCredentials(db(), { email: "ada@example.com", password: "replicated-log-42" });
    expect(ok.ok && ok.user.email).toBe("ada@example.com");
    const wrong = await verifyCredentials(db(), { email: "ada@example.com", password: "replicated-log-43" });
    expect(wrong).toMatchObject({ ok: false, reason: "wrong-credentials", message: "That email and password don't match an account." });
    const unknown = await verifyCredentials(db(), { email: "nobody@example.com", password: "replicated-log-42" });
    expect(unknown).toMatchObject({ ok: false, reason: "wrong-credentials" });
  });

  it("refuses sign-ins after repeated failures, even with the right password, until the window passes", async () => {
    await registerUser(db(), { name: "Grace", email: "grace@example.com", password: "compiler-at-sea" });
    const t0 = new Date("2026-03-01T10:00:00Z");
    for (let i = 0; i < THROTTLE.maxFailuresPerEmail; i++) {
      const r = await verifyCredentials(db(), { email: "grace@example.com", password: `guess-number-${i}` }, "10.0.0.1", new Date(t0.getTime() + i * 1000));
      expect(r).toMatchObject({ ok: false, reason: "wrong-credentials" });
    }
    const locked = await verifyCredentials(db(), { email: "grace@example.com", password: "compiler-at-sea" }, "10.0.0.1", new Date(t0.getTime() + 10_000));
    expect(locked).toMatchObject({ ok: false, reason: "throttled" });
    if (!locked.ok) expect(locked.message).toMatch(/Too many failed sign-ins\. Try again in 15 minutes\./);
    const later = await verifyCredentials(db(), { email: "grace@example.com", password: "compiler-at-sea" }, "10.0.0.1", new Date(t0.getTime() + THROTTLE.windowMs + 5000));
    expect(later.ok).toBe(true);
  });
});
