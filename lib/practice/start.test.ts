import { lessonToContinue } from "./start";

const lessons = ["a", "b", "c", "d"].map((id) => ({ id }));

describe("the lesson to continue", () => {
  it("is the first lesson for someone who has read none", () => {
    expect(lessonToContinue(lessons, new Set(), null)).toEqual({ lesson: { id: "a" }, afterLastRead: false });
  });

  it("is the next unread lesson after the one read last, wrapping round to those skipped", () => {
    expect(lessonToContinue(lessons, new Set(["b"]), "b")).toEqual({ lesson: { id: "c" }, afterLastRead: true });
    expect(lessonToContinue(lessons, new Set(["b", "c"]), "b")).toEqual({ lesson: { id: "d" }, afterLastRead: true });
    expect(lessonToContinue(lessons, new Set(["c", "d"]), "d")).toEqual({ lesson: { id: "a" }, afterLastRead: true });
  });

  it("is nothing once every lesson is read, and copes with a last-read lesson that no longer exists", () => {
    expect(lessonToContinue(lessons, new Set(["a", "b", "c", "d"]), "c")).toBeNull();
    expect(lessonToContinue(lessons, new Set(["gone"]), "gone")).toEqual({ lesson: { id: "a" }, afterLastRead: false });
  });
});
