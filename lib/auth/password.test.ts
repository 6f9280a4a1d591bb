import bcrypt from "bcryptjs";
import { hashPassword, needsRehash, verifyPassword } from "./password";

process.env.PASSWORD_HASH_COST = "10";

describe("password hashes", () => {
  it("verify the password they were made from, and no other", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).not.toContain("correct");
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
    expect(await hashPassword("correct horse battery")).not.toBe(hash); // salted
  });

  it("accept bcrypt hashes from before and ask for them to be replaced", async () => {
    const old = await bcrypt.hash("learner-demo-pass", 4);
    expect(await verifyPassword("learner-demo-pass", old)).toBe(true);
    expect(await verifyPassword("learner-demo-pasS", old)).toBe(false);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPassword("learner-demo-pass"))).toBe(false);
  });

  it("refuse anything that is not a hash", async () => {
    expect(await verifyPassword("x", "")).toBe(false);
    expect(await verifyPassword("x", "plain-text")).toBe(false);
  });
});
