import { publicOrigin } from "./public-url";

describe("publicOrigin", () => {
  it("uses PUBLIC_URL's origin, whatever host the request names", () => {
    expect(publicOrigin({ publicUrl: "https://quorum.example.com", development: false, host: "evil.example" })).toBe("https://quorum.example.com");
    expect(publicOrigin({ publicUrl: "https://quorum.example.com/", development: true, host: "evil.example" })).toBe("https://quorum.example.com");
    expect(publicOrigin({ publicUrl: "http://127.0.0.1:3000", development: false, host: null })).toBe("http://127.0.0.1:3000");
  });

  it("refuses a PUBLIC_URL that is not an http(s) origin", () => {
    for (const bad of ["quorum.example.com", "javascript:alert(1)", "ftp://example.com", "https://example.com/app", "https://example.com/?x=1"]) {
      expect(publicOrigin({ publicUrl: bad, development: true, host: "localhost:3000" })).toBeNull();
    }
  });

  it("falls back to the request's host in development only, and only to a plain host name", () => {
    expect(publicOrigin({ publicUrl: undefined, development: true, host: "localhost:3000" })).toBe("http://localhost:3000");
    expect(publicOrigin({ publicUrl: undefined, development: true, host: "[::1]:3000" })).toBe("http://[::1]:3000");
    expect(publicOrigin({ publicUrl: undefined, development: false, host: "quorum.example.com" })).toBeNull();
    expect(publicOrigin({ publicUrl: undefined, development: true, host: "evil.example/path?" })).toBeNull();
    expect(publicOrigin({ publicUrl: undefined, development: true, host: null })).toBeNull();
  });
});
