import { ACTION_BODY_LIMIT, JSON_BODY_LIMIT, bodyLimitFor, carriesBody, declaredLength, malformedPath } from "./requests";

const headers = (h: Record<string, string>) => ({ get: (name: string) => h[name] ?? null });

describe("request checks at the edge", () => {
  it("calls a path malformed when a % escape is not UTF-8 or decodes to a control character", () => {
    for (const bad of ["/learn/%E0%A4%A", "/learn/replication/%C0", "/api/lessons/%zz/progress", "/%", "/mentor/learners/a%00b/answers.csv", "/notifications/open/a%0Ab", "/x/%ED%A0%80", "/x/%7F"]) {
      expect({ bad, malformed: malformedPath(bad) }).toEqual({ bad, malformed: true });
    }
    for (const good of ["/", "/learn/replication/leader-follower-replication", "/learn/caf%C3%A9", "/api/quiz/abc/answers", "/join/a-b_c", "/x/%20y"]) {
      expect({ good, malformed: malformedPath(good) }).toEqual({ good, malformed: false });
    }
  });

  it("gives JSON routes a 64 KB limit and pages (server actions) Next.js's 1 MB", () => {
    expect(JSON_BODY_LIMIT).toBe(65_536);
    expect(ACTION_BODY_LIMIT).toBe(1_048_576);
    expect(bodyLimitFor("/api/quiz/q1/answers")).toBe(JSON_BODY_LIMIT);
    expect(bodyLimitFor("/api")).toBe(JSON_BODY_LIMIT);
    expect(bodyLimitFor("/review")).toBe(ACTION_BODY_LIMIT);
    expect(bodyLimitFor("/apiary")).toBe(ACTION_BODY_LIMIT);
  });

  it("reads the declared body length, telling chunked bodies from none", () => {
    expect(declaredLength(headers({ "content-length": "120" }))).toBe(120);
    expect(declaredLength(headers({ "transfer-encoding": "chunked" }))).toBe("unknown");
    expect(declaredLength(headers({ "content-length": "12x", "transfer-encoding": "chunked" }))).toBe("unknown");
    expect(declaredLength(headers({}))).toBe("none");
    expect(carriesBody("POST") && carriesBody("PATCH") && !carriesBody("GET") && !carriesBody("HEAD")).toBe(true);
  });
});
