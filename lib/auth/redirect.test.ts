import { safeReturnPath } from "./redirect";

describe("safeReturnPath", () => {
  it.each([
    ["/learn/replication/leader-follower-replication", "/learn/replication/leader-follower-replication"],
    ["/review?deck=all", "/review?deck=all"],
    ["https://evil.example/", "/"],
    ["//evil.example/path", "/"],
    ["/\\evil.example", "/"],
    ["/signin", "/"],
    [undefined, "/"],
  ])("%s -> %s", (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });
});
