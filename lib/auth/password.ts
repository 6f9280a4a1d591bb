// Password hashing with scrypt from Node's crypto (docs/decisions/053). It is native and runs on
// libuv's thread pool, so hashing a password does not stall the server's other requests the way
// bcryptjs (pure JavaScript, on the event loop) did. Parameters are OWASP's for scrypt: N = 2^17,
// r = 8, p = 1 (128 MiB, ~0.3 s here). Hashes made with bcrypt before are still accepted, and
// replaced with scrypt ones at the owner's next successful sign-in.
import bcrypt from "bcryptjs";
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

const R = 8;
const P = 1;
const KEY_BYTES = 32;

/** log2 of scrypt's N: 17 in production; tests may lower it through PASSWORD_HASH_COST (10 to 20). */
function costLog2(): number {
  const fromEnv = Number(process.env.PASSWORD_HASH_COST);
  return Number.isInteger(fromEnv) && fromEnv >= 10 && fromEnv <= 20 ? fromEnv : 17;
}

function derive(password: string, salt: Buffer, log2N: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** log2N;
  const options: ScryptOptions = { N, r, p, maxmem: 128 * N * r * p + 16 * 1024 * 1024 };
  return new Promise((resolve, reject) => scrypt(password.normalize("NFC"), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key))));
}

/** "scrypt$<log2 N>$<r>$<p>$<salt>$<key>", salt and key in base64url. */
export async function hashPassword(password: string): Promise<string> {
  const log2N = costLog2();
  const salt = randomBytes(16);
  const key = await derive(password, salt, log2N, R, P);
  return ["scrypt", log2N, R, P, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (/^\$2[aby]\$/.test(hash)) return bcrypt.compare(password, hash);
  const [scheme, log2N, r, p, salt, key] = hash.split("$");
  if (scheme !== "scrypt" || !salt || !key) return false;
  const expected = Buffer.from(key, "base64url");
  const actual = await derive(password, Buffer.from(salt, "base64url"), Number(log2N), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** True for a hash older than the current scheme and cost: rehash it once the password is known. */
export function needsRehash(hash: string): boolean {
  return !hash.startsWith(`scrypt$${costLog2()}$${R}$${P}$`);
}

// A valid hash to compare against when the email is unknown, so that response time does not
// reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword("not-a-real-password");
  return dummyHash;
}
