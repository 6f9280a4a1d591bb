import { issueSignInTicket, redeemSignInTicket } from "./sign-in-ticket";

describe("sign-in tickets", () => {
  it("sign in the user they were issued for, once", () => {
    const ticket = issueSignInTicket("user-1", 1_000);
    expect(redeemSignInTicket(ticket, 2_000)).toBe("user-1");
    expect(redeemSignInTicket(ticket, 2_000)).toBeNull();
  });

  it("expire after 30 seconds and are never guessable from one another", () => {
    const a = issueSignInTicket("user-1", 0);
    const b = issueSignInTicket("user-1", 0);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(redeemSignInTicket(a, 30_000)).toBeNull();
    expect(redeemSignInTicket("made-up", 0)).toBeNull();
  });
});
