// Sessions that can be ended, over HTTP against the production build: a session cookie copied off a
// device stops working when its owner signs out, signs out everywhere, changes their password or is
// given another role; the owner can download their data and delete their account.
import { HttpClient, refusal, type ActionReply } from "./support/http";
import { baseUrl } from "./support/browser";

const SIGN_IN = "app/(auth)/actions.ts#signInAction";
const SIGN_UP = "app/(auth)/actions.ts#signUpAction";
const SIGN_OUT = "app/(auth)/actions.ts#signOutAction";
const CHANGE_PASSWORD = "app/account/actions.ts#changePasswordAction";
const SIGN_OUT_EVERYWHERE = "app/account/actions.ts#signOutEverywhereAction";
const DELETE_ACCOUNT = "app/account/actions.ts#deleteAccountAction";
const CHANGE_ROLE = "app/admin/actions.ts#changeRoleAction";
const PASSWORD = "session-owner-pass-1";

// Each test signs up from its own loopback address, leaving the shared server's sign-up budget for 127.0.0.1 alone.
let host = 0;
const device = () => new HttpClient(baseUrl(), { localAddress: `127.0.2.${++host}` });
const signedIn = (r: ActionReply) => r.redirected && (r.headers["set-cookie"] ?? []).some((c) => c.startsWith("authjs.session-token="));

async function newAccount(label: string): Promise<{ email: string; laptop: HttpClient }> {
  const email = `${label}-${Date.now()}-${host}@example.com`;
  const laptop = device();
  const r = await laptop.action(SIGN_UP, "/signup", { name: `Sam ${label}`, email, password: PASSWORD });
  expect(signedIn(r)).toBe(true);
  return { email, laptop };
}

async function signInOn(client: HttpClient, email: string, password = PASSWORD): Promise<HttpClient> {
  const r = await client.action(SIGN_IN, "/signin", { email, password, callbackUrl: "/" });
  expect(signedIn(r)).toBe(true);
  return client;
}

describe("sessions that can be ended", () => {
  it("a copied cookie stops working once its session signs out, through either sign-out; other devices stay signed in", async () => {
    const { email, laptop } = await newAccount("sign-out");
    const phone = await signInOn(device(), email);
    const stolen = laptop.copy();
    expect(await stolen.me()).toMatchObject({ email });

    const out = await laptop.request("POST", "/api/signout");
    expect(out.status).toBe(303);
    expect(await laptop.me()).toBeNull();
    expect(await stolen.me()).toBeNull();
    expect((await stolen.get("/account")).location).toMatch(/^\/signin\?callbackUrl=/);
    expect(await phone.me()).toMatchObject({ email });

    // The account page's sign-out button (a server action) ends its session the same way.
    const stolenFromPhone = phone.copy();
    expect((await phone.action(SIGN_OUT, "/account", {}, false)).redirected).toBe(true);
    expect(await stolenFromPhone.me()).toBeNull();
  });

  it("signing out everywhere ends every session of the account, copies included", async () => {
    const { email, laptop } = await newAccount("everywhere");
    const phone = await signInOn(device(), email);
    const stolen = laptop.copy();
    const r = await laptop.action(SIGN_OUT_EVERYWHERE, "/account", {}, false);
    expect(r.location).toBe("/signin?signedOut=everywhere");
    for (const client of [laptop, phone, stolen]) expect(await client.me()).toBeNull();
    // Signing in again starts a new session as usual.
    expect(await (await signInOn(device(), email)).me()).toMatchObject({ email });
  });

  it("changing the password keeps this device signed in and ends every other session", async () => {
    const { email, laptop } = await newAccount("password");
    const phone = await signInOn(device(), email);
    const stolen = laptop.copy();

    const wrong = await laptop.action(CHANGE_PASSWORD, "/account", { currentPassword: "not-my-password", newPassword: "brand-new-pass-2" });
    expect(refusal(wrong.result)).toBe("That is not your current password.");
    expect(await phone.me()).toMatchObject({ email });

    const changed = await laptop.action(CHANGE_PASSWORD, "/account", { currentPassword: PASSWORD, newPassword: "brand-new-pass-2" });
    expect(changed.result).toEqual({ success: "Password changed. Other devices are signed out." });
    expect(await laptop.me()).toMatchObject({ email });
    expect(await phone.me()).toBeNull();
    expect(await stolen.me()).toBeNull();
    expect(refusal((await device().action(SIGN_IN, "/signin", { email, password: PASSWORD, callbackUrl: "/" })).result)).toMatch(/don't match/);
    await signInOn(device(), email, "brand-new-pass-2");
  });

  it("a role change ends the person's sessions; signing in again gives the new role", async () => {
    const { email, laptop } = await newAccount("role");
    const stolen = laptop.copy();
    const admin = await signInOn(device(), "admin@quorum.test", "admin-demo-pass");
    const users = await admin.get(`/admin/users?q=${encodeURIComponent(email)}`);
    const userId = /name="userId" value="([^"]+)"/.exec(users.body)?.[1] ?? "";
    expect(userId).not.toBe("");

    const r = await admin.action(CHANGE_ROLE, "/admin/users", { userId, role: "MENTOR" });
    expect(r.result).toEqual({ success: expect.stringMatching(/is now a mentor\.$/) });
    expect(await laptop.me()).toBeNull();
    expect(await stolen.me()).toBeNull();
    expect(await admin.me()).toMatchObject({ email: "admin@quorum.test" });
    expect(await (await signInOn(device(), email)).me()).toMatchObject({ email, role: "MENTOR" });
  });

  it("downloads everything about the signed-in user as JSON, and nothing to anyone else", async () => {
    const { email, laptop } = await newAccount("export");
    const reply = await laptop.get("/account/export");
    expect(reply.status).toBe(200);
    expect(reply.headers["content-disposition"]).toMatch(/^attachment; filename="quorum-data-\d{4}-\d{2}-\d{2}\.json"$/);
    const data = JSON.parse(reply.body) as Record<string, unknown> & { account: Record<string, unknown>; signInActivity: Array<Record<string, unknown>> };
    expect(data.account).toMatchObject({ email, name: "Sam export", role: "LEARNER" });
    expect(data.signInActivity).toEqual([expect.objectContaining({ kind: "SIGN_UP", outcome: "SUCCESS", address: laptop.options.localAddress })]);
    expect(Object.keys(data)).toEqual(
      expect.arrayContaining(["practiceSettings", "lessonProgress", "cards", "reviews", "quizzes", "drills", "cohorts", "comments", "notifications"]),
    );
    expect(reply.body).not.toMatch(/passwordHash|\$2[aby]\$/);
    expect((await device().get("/account/export")).status).toBe(401);
  });

  it("deletes the account after the password and the typed confirmation; its sessions end and the email is free again", async () => {
    const { email, laptop } = await newAccount("delete");
    const stolen = laptop.copy();
    const unconfirmed = await laptop.action(DELETE_ACCOUNT, "/account", { password: PASSWORD, confirmation: "yes" });
    expect(refusal(unconfirmed.result)).toBe('Type "delete my account" to confirm.');
    const wrong = await laptop.action(DELETE_ACCOUNT, "/account", { password: "not-my-password", confirmation: "delete my account" });
    expect(refusal(wrong.result)).toBe("That is not your password.");
    expect(await laptop.me()).toMatchObject({ email });

    const deleted = await laptop.action(DELETE_ACCOUNT, "/account", { password: PASSWORD, confirmation: "Delete my account" });
    expect(deleted.location).toBe("/?deleted=1");
    expect(await laptop.me()).toBeNull();
    expect(await stolen.me()).toBeNull();
    expect(refusal((await device().action(SIGN_IN, "/signin", { email, password: PASSWORD, callbackUrl: "/" })).result)).toMatch(/don't match/);
    expect(signedIn(await device().action(SIGN_UP, "/signup", { name: "Sam again", email, password: PASSWORD }))).toBe(true);
  });
});
