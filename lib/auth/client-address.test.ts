import { addressKey, clientAddress, SOCKET_ADDRESS_HEADER, trustedProxyHops, UNKNOWN_ADDRESS } from "./client-address";

const headers = (h: Record<string, string>) => new Headers(h);

describe("the client address for the limits", () => {
  it("is the connection's peer when no proxy is trusted, whatever X-Forwarded-For claims", () => {
    const h = headers({ [SOCKET_ADDRESS_HEADER]: "::ffff:203.0.113.5", "x-forwarded-for": "198.51.100.1" });
    expect(clientAddress(h, 0)).toBe("203.0.113.5");
  });

  it("is read that many hops from the right of X-Forwarded-For behind trusted proxies", () => {
    const h = headers({ [SOCKET_ADDRESS_HEADER]: "10.0.0.2", "x-forwarded-for": "6.6.6.6, 203.0.113.5, 10.0.0.1" });
    expect(clientAddress(h, 1)).toBe("10.0.0.1");
    expect(clientAddress(h, 2)).toBe("203.0.113.5");
    // A client's own entries (further left) are never reached by more hops than there are entries…
    expect(clientAddress(headers({ [SOCKET_ADDRESS_HEADER]: "10.0.0.2", "x-forwarded-for": "203.0.113.5" }), 3)).toBe("203.0.113.5");
    // …and without the header the peer is the client.
    expect(clientAddress(headers({ [SOCKET_ADDRESS_HEADER]: "10.0.0.2" }), 1)).toBe("10.0.0.2");
  });

  it("is one shared bucket when the request carries no readable address", () => {
    expect(clientAddress(headers({}), 0)).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress(headers({ "x-forwarded-for": "not-an-address" }), 1)).toBe(UNKNOWN_ADDRESS);
  });

  it.each([
    ["203.0.113.5", "203.0.113.5"],
    ["203.0.113.5:4431", "203.0.113.5"],
    ["::ffff:192.0.2.1", "192.0.2.1"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["[2001:db8:1:2::99]:443", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["64:ff9b::192.0.2.33", "64:ff9b:0:0::/64"],
    ["evil", null],
    ["", null],
  ])("keys %s as %s (IPv6 by its /64)", (raw, key) => {
    expect(addressKey(raw)).toBe(key);
  });

  it("trusts no proxy unless TRUST_PROXY says how many, and refuses anything but a hop count", () => {
    expect(trustedProxyHops(undefined)).toBe(0);
    expect(trustedProxyHops("")).toBe(0);
    expect(trustedProxyHops("2")).toBe(2);
    expect(() => trustedProxyHops("true")).toThrow(/TRUST_PROXY must be the number of reverse proxies/);
    expect(() => trustedProxyHops("-1")).toThrow(/TRUST_PROXY/);
  });
});
