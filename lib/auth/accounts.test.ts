import { createTestDatabase, databaseTargets, type TestDatabase } from "@/tests/support/databases";
import { NUL_MESSAGE, SURROGATE_MESSAGE } from "@/lib/validations/user";
import { changePassword, endAllSessions, liveSessionUser, registerUser, revokeSession, signUp, verifyCredentials } from "./accounts";
import { SIGN_IN_LIMITS, SIGN_UP_LIMITS } from "./throttle";

process.env.PASSWORD_HASH_COST = "10";

describe.each(databaseTargets())("accounts on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => database?.dispose());
  const db = () => database.prisma;
  const minutes = (t0: Date, m: number) => new Date(t0.getTime() + m * 60_000);

  it("signs up a learner with a hashed password", async () => {
    const r = await registerUser(db(), { name: "Ada", email: " Ada@Example.com ", password: "replicated-log-42" });
    expect(r.ok).toBe(true);
    const row = await db().user.findUniqueOrThrow({ where: { email: "ada@example.com" } });
    expect(row.role).toBe("LEARNER");
    expect(row.passwordHash).toMatch(/^scrypt\$10\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
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
    [{ name: "B\u0000b", email: "b@example.com", password: "fine-password-1" }, "name", NUL_MESSAGE],
    [{ name: "B", email: "b\u0000@example.com", password: "fine-password-1" }, "email", NUL_MESSAGE],
    [{ name: "B", email: "b@example.com", password: "fine-pass\u0000word-1" }, "password", NUL_MESSAGE],
    [{ name: "B\uD83D", email: "b@example.com", password: "fine-password-1" }, "name", SURROGATE_MESSAGE],
    [{ name: "B", email: "b@example.com", password: "fine-\uDE00password-1" }, "password", SURROGATE_MESSAGE],
  ])("rejects bad sign-up input %#, with a message on the field, and creates nothing", async (input, field, message) => {
    const before = await db().user.count();
    const r = await signUp(db(), input, "192.0.2.99");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[field]).toEqual(typeof message === "string" ? message : expect.stringMatching(message));
    expect(await db().user.count()).toBe(before);
  });

  it("accepts a name with a whole emoji", async () => {
    expect((await signUp(db(), { name: "Ada 🚀", email: "rocket@example.com", password: "fine-password-1" }, "192.0.2.98")).ok).toBe(true);
  });

  it("refuses sign-in input with a NUL or a broken character, with a clear message", async () => {
    expect(await verifyCredentials(db(), { email: "ada@example.com", password: "abc\u0000def" })).toMatchObject({ ok: false, reason: "invalid-input", message: NUL_MESSAGE });
    expect(await verifyCredentials(db(), { email: "ada\uDC00@example.com", password: "abcdef" })).toMatchObject({ ok: false, reason: "invalid-input", message: SURROGATE_MESSAGE });
  });

  it("signs in with the right password and refuses a wrong one with a clear message", async () => {
    const ok = await verifyCredentials(db(), { email: "ada@example.com", password: "replicated-log-42" });
    expect(ok.ok && ok.user.email).toBe("ada@example.com");
    const wrong = await verifyCredentials(db(), { email: "ada@example.com", password: "replicated-log-43" });
    expect(wrong).toMatchObject({ ok: false, reason: "wrong-credentials", message: "That email and password don't match an account." });
    const unknown = await verifyCredentials(db(), { email: "nobody@example.com", password: "replicated-log-42" });
    expect(unknown).toMatchObject({ ok: false, reason: "wrong-credentials" });
  });

  it("checks exactly as many passwords as the pair limit allows when 50 attempts arrive at once", async () => {
    await registerUser(db(), { name: "Burst", email: "burst@example.com", password: "quorum-keeper-77" });
    const t0 = new Date("2026-03-02T10:00:00Z");
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => verifyCredentials(db(), { email: "burst@example.com", password: `wrong-guess-${i}` }, "198.51.100.1", t0)),
    );
    expect(results.filter((r) => !r.ok && r.reason === "wrong-credentials")).toHaveLength(SIGN_IN_LIMITS.perPair);
    expect(results.filter((r) => !r.ok && r.reason === "throttled")).toHaveLength(50 - SIGN_IN_LIMITS.perPair);
    expect(await db().authAttempt.count({ where: { email: "burst@example.com", outcome: "FAILURE" } })).toBe(SIGN_IN_LIMITS.perPair);
    // The right password from the same address is refused too, until the window has passed.
    expect(await verifyCredentials(db(), { email: "burst@example.com", password: "quorum-keeper-77" }, "198.51.100.1", minutes(t0, 1))).toMatchObject({ ok: false, reason: "throttled" });
    expect(await verifyCredentials(db(), { email: "burst@example.com", password: "quorum-keeper-77" }, "198.51.100.1", minutes(t0, 16))).toMatchObject({ ok: true });
  });

  it("lets the owner in from a familiar address while strangers' failures slow down everyone else", async () => {
    await signUp(db(), { name: "Grace", email: "grace@example.com", password: "compiler-at-sea" }, "203.0.113.10", new Date("2026-03-01T09:00:00Z"));
    const t0 = new Date("2026-03-01T10:00:00Z");
    // Five addresses, one wrong guess each: no pair reaches its limit, the account reaches its free failures.
    for (let i = 0; i < SIGN_IN_LIMITS.accountFreeFailures; i++) {
      const r = await verifyCredentials(db(), { email: "grace@example.com", password: `guess-number-${i}` }, `198.51.100.${20 + i}`, new Date(t0.getTime() + i * 100));
      expect(r).toMatchObject({ ok: false, reason: "wrong-credentials" });
    }
    const justAfter = new Date(t0.getTime() + 500);
    // A sixth address must wait; the message says for how long.
    const delayed = await verifyCredentials(db(), { email: "grace@example.com", password: "guess-number-9" }, "198.51.100.40", justAfter);
    expect(delayed).toMatchObject({ ok: false, reason: "throttled", refusal: "account-delay", message: "Too many failed sign-ins for this account. Try again in 1 second." });
    // The owner, from the address they signed up from, is let in at once, and that resets the account's count.
    expect((await verifyCredentials(db(), { email: "grace@example.com", password: "compiler-at-sea" }, "203.0.113.10", justAfter)).ok).toBe(true);
    expect(await verifyCredentials(db(), { email: "grace@example.com", password: "wrong-again-1" }, "198.51.100.41", justAfter)).toMatchObject({ reason: "wrong-credentials" });
  });

  it("never makes an unfamiliar address wait longer than the cap", async () => {
    await registerUser(db(), { name: "Lin", email: "lin@example.com", password: "long-siege-pass" });
    const t0 = new Date("2026-03-03T00:00:00Z");
    let t = t0.getTime();
    for (let i = 0; i < 20; i++) {
      const r = await verifyCredentials(db(), { email: "lin@example.com", password: `siege-${i}-wrong` }, `198.51.100.${60 + i}`, new Date(t));
      if (!r.ok && r.reason === "throttled") {
        expect(r.retryAfterMs).toBeLessThanOrEqual(SIGN_IN_LIMITS.accountDelayCapMs);
        t += r.retryAfterMs ?? 0;
        i--;
        continue;
      }
      expect(r).toMatchObject({ reason: "wrong-credentials" });
    }
    // After 20 failures the wait is at the cap; once it is over, the owner from a new address gets in.
    const last = await db().authAttempt.findFirstOrThrow({ where: { email: "lin@example.com" }, orderBy: { createdAt: "desc" } });
    const newDevice = await verifyCredentials(db(), { email: "lin@example.com", password: "long-siege-pass" }, "192.0.2.77", new Date(last.createdAt.getTime() + SIGN_IN_LIMITS.accountDelayCapMs));
    expect(newDevice.ok).toBe(true);
  });

  it("limits failures from one address over many accounts", async () => {
    const t0 = new Date("2026-03-04T10:00:00Z");
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress; i++) {
      expect(await verifyCredentials(db(), { email: `spray-${i}@example.com`, password: "Spring2026!!" }, "198.51.100.99", t0)).toMatchObject({ reason: "wrong-credentials" });
    }
    expect(await verifyCredentials(db(), { email: "spray-last@example.com", password: "Spring2026!!" }, "198.51.100.99", t0)).toMatchObject({ reason: "throttled", refusal: "address" });
    expect(await verifyCredentials(db(), { email: "spray-last@example.com", password: "Spring2026!!" }, "198.51.100.98", t0)).toMatchObject({ reason: "wrong-credentials" });
  });

  it("limits sign-ups from one address, exactly, even when they arrive at once", async () => {
    const t0 = new Date("2026-03-05T10:00:00Z");
    const results = await Promise.all(
      Array.from({ length: SIGN_UP_LIMITS.perAddress + 5 }, (_, i) =>
        signUp(db(), { name: `Bulk ${i}`, email: `bulk-${i}@example.com`, password: "bulk-account-pass" }, "198.51.100.150", t0),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(SIGN_UP_LIMITS.perAddress);
    const refused = results.filter((r) => !r.ok);
    expect(refused.map((r) => !r.ok && r.errors.form)).toEqual(Array(5).fill("Too many sign-ups from your network. Try again in 60 minutes."));
    expect(await db().user.count({ where: { email: { startsWith: "bulk-" } } })).toBe(SIGN_UP_LIMITS.perAddress);
    expect((await signUp(db(), { name: "Later", email: "bulk-later@example.com", password: "bulk-account-pass" }, "198.51.100.150", minutes(t0, 61))).ok).toBe(true);
  });

  describe("sessions", () => {
    it("live while the version matches and the session was not signed out", async () => {
      const r = await registerUser(db(), { name: "Sam", email: "sam@example.com", password: "session-owner-1" });
      if (!r.ok) throw new Error("set-up");
      const claims = { userId: r.user.id, sessionId: "session-a", sessionVersion: r.user.sessionVersion };
      const other = { ...claims, sessionId: "session-b" };
      expect(await liveSessionUser(db(), claims)).toEqual({ id: r.user.id, email: "sam@example.com", name: "Sam", role: "LEARNER" });

      await revokeSession(db(), r.user.id, "session-a", new Date(Date.now() + 3600_000));
      expect(await liveSessionUser(db(), claims)).toBeNull();
      expect(await liveSessionUser(db(), other)).not.toBeNull();

      await endAllSessions(db(), r.user.id);
      expect(await liveSessionUser(db(), other)).toBeNull();
      expect(await liveSessionUser(db(), { ...other, sessionVersion: r.user.sessionVersion + 1 })).not.toBeNull();
    });

    it("end with a password change, which needs the current password", async () => {
      const r = await registerUser(db(), { name: "Pat", email: "pat@example.com", password: "first-password-1" });
      if (!r.ok) throw new Error("set-up");
      const claims = { userId: r.user.id, sessionId: "pat-1", sessionVersion: r.user.sessionVersion };
      expect(await changePassword(db(), r.user.id, { currentPassword: "not-the-password", newPassword: "second-password-2" })).toEqual({
        ok: false,
        errors: { currentPassword: "That is not your current password." },
      });
      expect(await changePassword(db(), r.user.id, { currentPassword: "first-password-1", newPassword: "short" })).toMatchObject({ ok: false, errors: { newPassword: expect.stringMatching(/at least 10/) } });
      expect(await liveSessionUser(db(), claims)).not.toBeNull();

      expect(await changePassword(db(), r.user.id, { currentPassword: "first-password-1", newPassword: "second-password-2" })).toEqual({ ok: true });
      expect(await liveSessionUser(db(), claims)).toBeNull();
      expect((await verifyCredentials(db(), { email: "pat@example.com", password: "first-password-1" })).ok).toBe(false);
      expect((await verifyCredentials(db(), { email: "pat@example.com", password: "second-password-2" })).ok).toBe(true);
    });
  });
});
