// The client's network address, for the sign-in and sign-up limits (docs/decisions/050).
//
// Next.js 16 gives routes and server actions the request's headers, not its socket. It copies the
// socket's peer into X-Forwarded-For only when the client sent none (`??=` in base-server.js), so
// that header cannot tell a forged value from a real one. So the server process stamps the peer
// address of every request's connection into SOCKET_ADDRESS_HEADER, replacing whatever a client
// sent under that name, from Node's `http.server.request.start` diagnostics channel (registered by
// instrumentation.ts before requests are handled). Behind reverse proxies, TRUST_PROXY says how many
// of them append to X-Forwarded-For; the address is then read that many hops from the right.
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import { isIPv4, isIPv6, type Socket } from "node:net";

/** Set by the server process on every request to the connection's peer address. */
export const SOCKET_ADDRESS_HEADER = "x-quorum-socket-address";

/** Requests whose address could not be read (none before start-up finished) share one bucket. */
export const UNKNOWN_ADDRESS = "unknown";

/** TRUST_PROXY: how many reverse proxies in front of the app append to X-Forwarded-For (default 0: none). */
export function trustedProxyHops(value = process.env.TRUST_PROXY): number {
  if (value === undefined || value.trim() === "") return 0;
  const hops = Number(value);
  if (!Number.isInteger(hops) || hops < 0 || hops > 10) {
    throw new Error(`TRUST_PROXY must be the number of reverse proxies in front of Quorum (0 to 10), not "${value}".`);
  }
  return hops;
}

/** Expands an IPv6 address to its eight 16-bit groups. */
function ipv6Groups(address: string): number[] {
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1].split(".").map(Number);
    text = text.slice(0, -v4[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const parse = (part: string | undefined) => (part ? part.split(":").map((g) => parseInt(g, 16)) : []);
  const front = parse(head);
  const back = parse(tail);
  return tail === undefined ? front : [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/**
 * The limits' key for an address: IPv4 as is; IPv6 by its /64 prefix, because one subscriber is
 * usually given a whole /64 and could otherwise change address on every attempt. Null for anything
 * that is not an IP address.
 */
export function addressKey(raw: string): string | null {
  let address = raw.trim();
  if (address.startsWith("[")) address = address.slice(1, address.indexOf("]")); // "[v6]:port"
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":")); // "v4:port"
  address = address.replace(/%.*$/, ""); // zone id
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) address = mapped[1];
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return null;
  return `${ipv6Groups(address).slice(0, 4).map((g) => g.toString(16)).join(":")}::/64`;
}

interface HeaderSource {
  get(name: string): string | null;
}

/** The requesting client's address key, from the stamped socket peer and, behind trusted proxies, X-Forwarded-For. */
export function clientAddress(headers: HeaderSource, hops = trustedProxyHops()): string {
  const socket = headers.get(SOCKET_ADDRESS_HEADER);
  if (hops === 0) return (socket && addressKey(socket)) ?? UNKNOWN_ADDRESS;
  // Each trusted proxy appended the address it received the request from; entries further left
  // were written by the client and prove nothing.
  const forwarded = (headers.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const candidate = forwarded.length >= hops ? forwarded[forwarded.length - hops] : (forwarded[0] ?? socket);
  return (candidate && addressKey(candidate)) ?? UNKNOWN_ADDRESS;
}

const STAMPING = Symbol.for("quorum.socketAddressStamping");

/** Stamps each incoming request with its connection's peer address. Idempotent; call once per server process. */
export function stampSocketAddresses(): void {
  const process = globalThis as { [STAMPING]?: true };
  if (process[STAMPING]) return;
  process[STAMPING] = true;
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    request.headers[SOCKET_ADDRESS_HEADER] = socket.remoteAddress ?? "";
  });
}
