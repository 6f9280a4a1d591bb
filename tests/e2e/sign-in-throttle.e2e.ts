// Password guessing over HTTP, as an attacker scripts it: parallel bursts, forged X-Forwarded-For
// headers, many accounts from one address, many sign-ups. The server is a production build on its
// own empty database with the default settings (TRUST_PROXY off), so these limits and its log are
// this file's alone. Each "address" is a loopback source address the connection comes from.
import { SOCKET_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { SIGN_IN_LIMITS, SIGN_UP_LIMITS } from "@/lib/auth/throttle";
import { startAppServer, type AppServer } from "./support/app-server";
import { HttpClient, refusal, type ActionReply } from "./support/http";

const SIGN_IN = "app/(auth)/actions.ts#signInAction";
const SIGN_UP = "app/(auth)/actions.ts#signUpAction";
const PASSWORD = "owner-knows-this-one";
const WRONG = /don't match an account/;
const THROTTLED = /^Too many failed sign-ins/;

describe("sign-in and sign-up limits over HTTP", () => {
  let server: AppServer;
  beforeAll(async () => {
    server = await startAppServer();
  }, 90_000);
  afterAll(async () => server?.stop());

  const from = (host: number, headers?: Record<string, string>) => new HttpClient(server.url, { localAddress: `127.0.0.${host}`, headers });
  const signIn = (client: HttpClient, email: string, password: string) => client.action(SIGN_IN, "/signin", { email, password, callbackUrl: "/" });
  const signUp = (client: HttpClient, email: string, password = PASSWORD) => client.action(SIGN_UP, "/signup", { name: "Owner", email, password });
  const signedIn = (r: ActionReply) => r.redirected && (r.headers["set-cookie"] ?? []).some((c) => c.startsWith("authjs.session-token="));
  let forged = 0;
  // A new forged client address on every request, in X-Forwarded-For and in the header the server
  // itself stamps with the connection's peer (a client's own value under that name is replaced).
  const freshForwardedFor = () => ({
    "x-forwarded-for": `198.51.100.${++forged % 250}, 203.0.113.${forged % 250}`,
    [SOCKET_ADDRESS_HEADER]: `192.0.2.${forged % 250}`,
  });

  it("refuses a burst of 49 wrong passwords and the right one sent in parallel, and lets the owner in from their usual address", async () => {
    const email = "burst-owner@example.com";
    expect((await signUp(from(10), email)).redirected).toBe(true);

    const guesses = [...Array.from({ length: 49 }, (_, i) => `guess-number-${i}-wrong`), PASSWORD];
    const replies = await Promise.all(guesses.map((password) => signIn(from(20), email, password)));

    expect(replies.filter(signedIn)).toEqual([]);
    const messages = replies.map((r) => refusal(r.result) ?? `status ${r.status}`);
    // Exactly as many passwords were checked as the limit allows; the rest were refused unchecked.
    expect(messages.filter((m) => WRONG.test(m))).toHaveLength(SIGN_IN_LIMITS.perPair);
    expect(messages.filter((m) => THROTTLED.test(m))).toHaveLength(guesses.length - SIGN_IN_LIMITS.perPair);
    expect(refusal(replies.at(-1)?.result)).toMatch(THROTTLED);

    // The owner, from the address they signed up from, is not locked out by the stranger.
    const owner = from(10);
    expect(signedIn(await signIn(owner, email, PASSWORD))).toBe(true);
    expect(await owner.me()).toMatchObject({ email });
  });

  it("does not reset the limits when X-Forwarded-For (or the socket address header) changes on every request", async () => {
    const email = "forged-header-owner@example.com";
    expect((await signUp(from(11), email)).redirected).toBe(true);
    for (let i = 0; i < SIGN_IN_LIMITS.perPair; i++) {
      expect(refusal((await signIn(from(21, freshForwardedFor()), email, `forged-guess-${i}`)).result)).toMatch(WRONG);
    }
    const afterLimit = await signIn(from(21, freshForwardedFor()), email, PASSWORD);
    expect(signedIn(afterLimit)).toBe(false);
    expect(refusal(afterLimit.result)).toMatch(THROTTLED);

    // Spraying one password over many accounts from one address, with a new header each time.
    const spray = from(22);
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress; i++) {
      const r = await signIn(new HttpClient(server.url, { localAddress: "127.0.0.22", headers: freshForwardedFor() }), `sprayed-${i}@example.com`, "Summer2026!!");
      expect(refusal(r.result)).toMatch(WRONG);
    }
    expect(refusal((await signIn(new HttpClient(spray.base, { localAddress: "127.0.0.22", headers: freshForwardedFor() }), "sprayed-last@example.com", "Summer2026!!")).result)).toMatch(THROTTLED);
  });

  it("lets the owner sign in from their usual address after five wrong passwords from elsewhere", async () => {
    const email = "five-wrong-owner@example.com";
    expect((await signUp(from(12), email)).redirected).toBe(true);
    for (let i = 0; i < 5; i++) expect(refusal((await signIn(from(23), email, `not-it-${i}-at-all`)).result)).toMatch(WRONG);
    expect(signedIn(await signIn(from(12), email, PASSWORD))).toBe(true);
  });

  it("limits sign-ups from one address, whatever X-Forwarded-For says, and creates nothing when refused", async () => {
    for (let i = 0; i < SIGN_UP_LIMITS.perAddress; i++) {
      expect((await signUp(from(40, freshForwardedFor()), `signup-${i}@example.com`)).redirected).toBe(true);
    }
    const refused = await signUp(from(40, freshForwardedFor()), "signup-one-too-many@example.com");
    expect(refused.redirected).toBe(false);
    expect(refusal(refused.result)).toMatch(/^Too many sign-ups from your network\. Try again in \d+ minutes?\.$/);
    // Nothing was created: the password does not sign in. Another address may still sign up.
    expect(refusal((await signIn(from(41), "signup-one-too-many@example.com", PASSWORD)).result)).toMatch(WRONG);
    expect((await signUp(from(41), "signup-elsewhere@example.com")).redirected).toBe(true);
  });

  it("writes one log line per failed sign-in, without a stack trace", async () => {
    const start = server.log().length;
    await signIn(from(50), "log-check-1@example.com", "wrong-password-one");
    await signIn(from(51), "log-check-2@example.com", "wrong-password-two");
    // Lines arrive in order: once the second attempt's line is in, the first one's lines all are.
    const deadline = Date.now() + 10_000;
    while (!/127\.0\.0\.51/.test(server.log().slice(start)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const lines = server.log().slice(start).split("\n").filter(Boolean);
    expect(lines).toEqual([
      expect.stringMatching(/^\[auth\] sign-in failed: wrong-credentials, account [0-9a-f]{12}, address 127\.0\.0\.50$/),
      expect.stringMatching(/^\[auth\] sign-in failed: wrong-credentials, account [0-9a-f]{12}, address 127\.0\.0\.51$/),
    ]);
  });
});
