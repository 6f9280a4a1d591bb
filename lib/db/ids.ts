// Row ids for inserts written in SQL (Prisma's @default(cuid()) applies only to Prisma's own
// creates): 25 characters, lowercase, starting with a letter and the time, so they sort roughly
// by creation like cuids do.
import { randomBytes } from "node:crypto";

export function newId(): string {
  const time = Date.now().toString(36).padStart(9, "0");
  const random = BigInt(`0x${randomBytes(10).toString("hex")}`).toString(36).padStart(16, "0").slice(-15);
  return `c${time}${random}`;
}
