import { checkHistory } from "./checker";
import { EXAMPLES } from "./examples";
import { explainViolation } from "./explain";
import { parseHistory } from "./parse";

describe("the page's example histories", () => {
  it.each(EXAMPLES.map((e) => [e.id, e] as const))("%s parses and gets the verdict its description promises", (_id, example) => {
    const { history } = parseHistory(example.text);
    expect(checkHistory(history).verdict).toBe(example.expected);
  });

  it("the simulation examples fail on the stale read they describe", () => {
    const quorum = parseHistory(EXAMPLES.find((e) => e.id === "quorum-stale-read")!.text).history;
    expect(explainViolation(quorum, checkHistory(quorum))).toMatchObject({ kind: "stale-read", operationId: 4, missedWriteId: 2, sourceWriteId: 0 });
    const raft = parseHistory(EXAMPLES.find((e) => e.id === "raft-old-leader-read")!.text).history;
    expect(explainViolation(raft, checkHistory(raft))).toMatchObject({ kind: "stale-read", operationId: 4, missedWriteId: 2, sourceWriteId: 0 });
  });
});
