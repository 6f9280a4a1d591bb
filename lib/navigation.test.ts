import { aRole, navFor } from "./navigation";

describe("navFor", () => {
  const labels = (role: Parameters<typeof navFor>[0]) => navFor(role).map((i) => i.label);
  it("shows the learning areas and the checker to everyone and role areas only to their roles", () => {
    expect(labels(null)).toEqual(["Learn", "Practice", "Review", "Cards", "Dashboard", "Checker"]);
    expect(labels("LEARNER")).toEqual(["Learn", "Practice", "Review", "Cards", "Dashboard", "Checker"]);
    expect(labels("MENTOR")).toEqual(["Learn", "Practice", "Review", "Cards", "Dashboard", "Checker", "Mentor"]);
    expect(labels("AUTHOR")).toEqual(["Learn", "Practice", "Review", "Cards", "Dashboard", "Checker", "Author"]);
    expect(labels("ADMIN")).toEqual(["Learn", "Practice", "Review", "Cards", "Dashboard", "Checker", "Mentor", "Author"]);
  });
});

describe("aRole", () => {
  it("puts the right article before each role", () => {
    expect((["LEARNER", "MENTOR", "AUTHOR", "ADMIN"] as const).map(aRole)).toEqual(["a learner", "a mentor", "an author", "an admin"]);
  });
});
