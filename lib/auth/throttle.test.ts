import { accountDelayMs, refusalMessage, retryPhrase, SIGN_IN_LIMITS, SIGN_UP_LIMITS, signInVerdict, signUpsPerAddress, signUpVerdict, type RecordedAttempt, type SignInHistory } from "./throttle";

const t0 = new Date("2026-03-01T10:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
const failures = (n: number, outcome: RecordedAttempt["outcome"] = "FAILURE") => Array.from({ length: n }, (_, i) => ({ createdAt: at(i * 1000), outcome }));
const quiet: SignInHistory = { pair: [], addressFailures: 0, accountFailures: { count: 0, last: null }, familiarAddress: false };

describe("sign-in limits", () => {
  it("count running attempts as failures, so a burst cannot pass before any is recorded", () => {
    expect(signInVerdict({ ...quiet, pair: failures(SIGN_IN_LIMITS.perPair - 1, "PENDING") }, at(10_000))).toEqual({ allowed: true });
    expect(signInVerdict({ ...quiet, pair: failures(SIGN_IN_LIMITS.perPair, "PENDING") }, at(10_000))).toMatchObject({ allowed: false, refusal: "pair" });
  });

  it("forget a pair's failures after its success, and allow it again once the oldest counted failure leaves the window", () => {
    const pair = [...failures(4), { createdAt: at(4500), outcome: "SUCCESS" as const }, ...failures(5).map((a) => ({ ...a, createdAt: at(a.createdAt.getTime() - t0.getTime() + 5000) }))];
    const verdict = signInVerdict({ ...quiet, pair }, at(10_000));
    expect(verdict).toEqual({ allowed: false, refusal: "pair", retryAfterMs: 5000 + SIGN_IN_LIMITS.windowMs - 10_000 });
    expect(signInVerdict({ ...quiet, pair: failures(4).concat({ createdAt: at(4500), outcome: "SUCCESS" }) }, at(10_000))).toEqual({ allowed: true });
  });

  it("make unfamiliar addresses wait after the free account failures, doubling up to the cap; familiar ones never", () => {
    expect([4, 5, 6, 7, 15, 40].map(accountDelayMs)).toEqual([0, 1000, 2000, 4000, SIGN_IN_LIMITS.accountDelayCapMs, SIGN_IN_LIMITS.accountDelayCapMs]);
    const besieged = { ...quiet, accountFailures: { count: 8, last: at(0) } };
    expect(signInVerdict(besieged, at(1000))).toEqual({ allowed: false, refusal: "account-delay", retryAfterMs: 7000 });
    expect(signInVerdict(besieged, at(8000))).toEqual({ allowed: true });
    expect(signInVerdict({ ...besieged, familiarAddress: true }, at(1000))).toEqual({ allowed: true });
  });

  it("refuse an address with too many failures over all accounts", () => {
    expect(signInVerdict({ ...quiet, addressFailures: SIGN_IN_LIMITS.perAddress }, t0)).toMatchObject({ allowed: false, refusal: "address" });
  });

  it("say how long to wait in words", () => {
    expect([999, 1000, 59_000, 60_000, 61_000, 15 * 60_000].map(retryPhrase)).toEqual(["1 second", "1 second", "59 seconds", "1 minute", "2 minutes", "15 minutes"]);
    expect(refusalMessage("pair", 120_000)).toBe("Too many failed sign-ins. Try again in 2 minutes.");
  });
});

describe("sign-up limits", () => {
  const now = new Date("2026-03-02T10:00:00Z");
  const minutesAgo = (n: number) => Array.from({ length: n }, (_, i) => new Date(now.getTime() - (i + 1) * 60_000));

  it("refuses the attempt after the hour's allowance from one address, until the oldest leaves the hour", () => {
    expect(signUpVerdict(minutesAgo(SIGN_UP_LIMITS.perAddress - 1), now)).toEqual({ allowed: true });
    const refused = signUpVerdict(minutesAgo(SIGN_UP_LIMITS.perAddress), now);
    expect(refused).toEqual({ allowed: false, refusal: "sign-ups", retryAfterMs: SIGN_UP_LIMITS.windowMs - SIGN_UP_LIMITS.perAddress * 60_000 });
  });

  it("takes a whole-number allowance from SIGN_UPS_PER_ADDRESS_PER_HOUR, and the default for anything else", () => {
    expect(signUpsPerAddress("60")).toBe(60);
    for (const bad of [undefined, "", "0", "-3", "2.5", "lots"]) expect(signUpsPerAddress(bad)).toBe(SIGN_UP_LIMITS.perAddress);
    expect(signUpVerdict(minutesAgo(30), now, 60)).toEqual({ allowed: true });
    expect(signUpVerdict(minutesAgo(30), now, 30).allowed).toBe(false);
  });
});
