// Password hashing with bcrypt (bcryptjs: pure JavaScript, no native build; docs/decisions/003).
import bcrypt from "bcryptjs";

/** Cost factor: 12 in production (~250 ms); tests may lower it through BCRYPT_COST (never below 4). */
function cost(): number {
  const fromEnv = Number(process.env.BCRYPT_COST);
  return Number.isInteger(fromEnv) && fromEnv >= 4 && fromEnv <= 15 ? fromEnv : 12;
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, cost());
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

// A valid hash to compare against when the email is unknown, so that response time does not
// reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= bcrypt.hash("not-a-real-password", cost());
  return dummyHash;
}
