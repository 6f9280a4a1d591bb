"use client";
/** The checker page's interactive part: the history box, examples, upload, and the report. */
import { useRef, useState, type KeyboardEvent } from "react";
import type { ExampleHistory } from "@/lib/lincheck/examples";
import { CheckReport } from "@/components/lincheck/check-report";
import { Elapsed } from "@/components/lincheck/elapsed";
import { useCheck } from "@/components/lincheck/use-check";

const LONG_BUDGET_MS = 60_000;

export function LinearizabilityChecker({ examples }: { examples: readonly ExampleHistory[] }) {
  const [text, setText] = useState("");
  const [example, setExample] = useState<ExampleHistory | null>(null);
  const [fileNote, setFileNote] = useState<string | null>(null);
  const { state, run, cancel } = useCheck();
  const box = useRef<HTMLTextAreaElement>(null);
  // The text of the last check: "go to line" only makes sense while the box still holds it.
  const [checkedText, setCheckedText] = useState("");

  const check = (budgetMs?: number) => {
    setCheckedText(text);
    run({ kind: "text", text }, budgetMs);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && text.trim() !== "" && state.status !== "running") {
      e.preventDefault();
      check();
    }
  };

  const goToLine = (line: number) => {
    const el = box.current;
    if (!el) return;
    const lines = el.value.split("\n");
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    el.focus();
    el.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
  };

  const response = state.status === "done" ? state.response : null;

  return (
    <>
      <section className="card lc-input" aria-labelledby="lc-input-title">
        <div className="lc-input-head">
          <h2 id="lc-input-title">History</h2>
          <div className="lc-examples" role="group" aria-label="Example histories">
            <span className="muted">Examples:</span>
            {examples.map((ex) => (
              <button
                key={ex.id}
                type="button"
                className="lc-example"
                aria-pressed={example?.id === ex.id}
                onClick={() => {
                  setText(ex.text);
                  setExample(ex);
                  setFileNote(null);
                }}
              >
                {ex.title}
              </button>
            ))}
          </div>
        </div>
        {example ? (
          <p className="lc-example-note" data-testid="lincheck-example-note">
            <strong>{example.title}.</strong> {example.description}
          </p>
        ) : null}
        {fileNote ? <p className="lc-example-note">{fileNote}</p> : null}
        <label htmlFor="lc-history" className="visually-hidden">
          History to check
        </label>
        <textarea
          id="lc-history"
          ref={box}
          className="lc-textarea"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setExample(null);
          }}
          onKeyDown={onKeyDown}
          spellCheck={false}
          autoComplete="off"
          rows={12}
          placeholder={'INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 0\t:ok\t:read\t3\n\nor {:process 0, :type :invoke, :f :get, :key "k", :value nil}\n\nor a simulation run as JSON'}
          aria-describedby="lc-history-hint"
        />
        <div className="lc-actions">
          {state.status === "running" ? (
            <>
              <button type="button" className="button" disabled>
                Checking…
              </button>
              <button type="button" className="button secondary" onClick={cancel}>
                Cancel
              </button>
              <span className="muted" role="status">
                Searching in a Web Worker: <Elapsed since={state.startedAt} />
              </span>
            </>
          ) : (
            <>
              <button type="button" className="button" onClick={() => check()} disabled={text.trim() === ""}>
                Check
              </button>
              <label className="button secondary lc-upload">
                Upload a file
                <input
                  type="file"
                  className="visually-hidden"
                  accept=".log,.txt,.edn,.json,.clj"
                  onChange={async (e) => {
                    const file = e.target.files?.[0];
                    e.target.value = "";
                    if (!file) return;
                    setText(await file.text());
                    setExample(null);
                    setFileNote(`Loaded ${file.name} (${(file.size / 1024).toFixed(1)} KB).`);
                  }}
                />
              </label>
            </>
          )}
        </div>
        <p id="lc-history-hint" className="lc-hint">
          The format is recognised from the text. Press <kbd>Ctrl</kbd> + <kbd>Enter</kbd> in the box to check. Nothing leaves your
          browser.
        </p>
      </section>

      <section className="lc-results" aria-label="Result" aria-live="polite" data-run={state.status === "done" ? state.run : undefined}>
        {state.status === "failed" ? (
          <p className="form-error" role="alert">
            The checker stopped unexpectedly: {state.message}
          </p>
        ) : null}
        {response && !response.ok ? (
          <div className="form-error lc-parse-error" role="alert" data-testid="lincheck-parse-error">
            <span>
              Line {response.error.line}: {response.error.message}
            </span>
            {checkedText === text ? (
              <button type="button" className="lc-go-to-line" onClick={() => goToLine(response.error.line)}>
                Go to line {response.error.line}
              </button>
            ) : null}
          </div>
        ) : null}
        {response?.ok ? (
          <CheckReport
            key={state.status === "done" ? state.run : 0}
            checked={response}
            onRetryLonger={() => run({ kind: "text", text: checkedText }, LONG_BUDGET_MS)}
          />
        ) : null}
      </section>
    </>
  );
}
