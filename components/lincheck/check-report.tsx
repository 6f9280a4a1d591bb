"use client";
/**
 * The verdict and its evidence for one checked history: a banner, the explanation, a timeline per
 * key with the culprit highlighted, the selected operation's details, and the order found.
 */
import { useMemo, useState } from "react";
import { compareKeys } from "@/lib/lincheck/checker";
import { span, who } from "@/lib/lincheck/explain";
import { MODELS } from "@/lib/lincheck/models";
import { FORMAT_NAMES } from "@/lib/lincheck/parse";
import { timelineLayout, violationFor } from "@/lib/lincheck/timeline";
import type { Operation } from "@/lib/lincheck/types";
import { HistoryTimeline } from "./history-timeline";
import type { CheckResponse } from "./protocol";
import styles from "./lincheck.module.css";

type Checked = Extract<CheckResponse, { ok: true }>;

const VERDICT_TITLE = { linearizable: "Linearizable", "not-linearizable": "Not linearizable", unknown: "Unknown" } as const;
const VERDICT_ICON = { linearizable: "✓", "not-linearizable": "✗", unknown: "?" } as const;

const CHIP_ROLE = { culprit: "Could not happen", missed: "Missed write", source: "Value read came from", newer: "Had already read newer" } as const;

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : ms < 10_000 ? `${Math.round(ms).toLocaleString("en")} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function CheckReport({ checked, onRetryLonger }: { checked: Checked; onRetryLonger?: () => void }) {
  const { history, result } = checked;
  const model = MODELS[history.model];
  const byId = useMemo(() => new Map(history.operations.map((o) => [o.id, o])), [history]);
  const keys = useMemo(() => result.partitions.map((p) => p.key).sort(compareKeys), [result]);
  const firstBad = result.partitions.find((p) => p.verdict === "not-linearizable");
  const [key, setKey] = useState<string>(firstBad?.key ?? keys[0] ?? "");
  const partition = result.partitions.find((p) => p.key === key);
  const violation = useMemo(() => violationFor(checked, key), [checked, key]);
  const layout = useMemo(() => (partition ? timelineLayout(history, partition, violation) : null), [history, partition, violation]);
  const [selection, setSelection] = useState<{ key: string; id: number } | null>(
    checked.violation ? { key: checked.violation.key, id: checked.violation.operationId } : null,
  );
  const selectedId = selection?.key === key ? selection.id : (violation?.operationId ?? null);
  const select = (id: number) => setSelection({ key, id });
  const operations = result.partitions.reduce((n, p) => n + p.operationIds.length, 0);
  const leftOut = history.operations.length - operations;

  const opButton = (id: number | null, role: keyof typeof CHIP_ROLE) => {
    if (id === null) return null;
    const op = byId.get(id)!;
    return (
      <li>
        <button type="button" className={`${styles.chip} ${styles[`chip-${role}`]}`} onClick={() => select(id)} aria-pressed={selectedId === id}>
          <span className={styles.chipRole}>{CHIP_ROLE[role]}</span>
          {who(model, op)}
        </button>
      </li>
    );
  };

  return (
    <div className={styles.report} data-testid="lincheck-report" data-verdict={result.verdict} data-check-ms={checked.checkMs.toFixed(1)}>
      <div className={`${styles.verdict} ${styles[`verdict-${result.verdict}`]}`} role="status">
        <span className={styles.verdictIcon} aria-hidden="true">
          {VERDICT_ICON[result.verdict]}
        </span>
        <div>
          <p className={styles.verdictTitle} data-testid="lincheck-verdict">
            {VERDICT_TITLE[result.verdict]}
          </p>
          <p className={styles.verdictMeta}>
            {checked.format === "simulation" ? "Simulation run" : capitalised(FORMAT_NAMES[checked.format])}, {model.name === "register" ? "register" : "key-value"} model ·{" "}
            {operations.toLocaleString("en")} operations on {keys.length} {keys.length === 1 ? "key" : "keys"}
            {leftOut > 0 ? ` (${leftOut} left out: failed, or reads that never returned)` : ""} · checked in {formatMs(checked.checkMs)} off the main thread
          </p>
        </div>
      </div>

      {result.verdict === "unknown" ? (
        <div className={styles.unknown}>
          <p>
            The time budget ran out before every key was decided. Checking linearizability is NP-complete in general; histories with
            many concurrent or never-returning operations can take long.
          </p>
          {onRetryLonger ? (
            <button type="button" className="button secondary" onClick={onRetryLonger}>
              Check again with 60 seconds
            </button>
          ) : null}
        </div>
      ) : null}

      {checked.violation ? (
        <div className={styles.explanation}>
          <p data-testid="lincheck-summary">{checked.violation.summary}</p>
          <ul className={styles.chips} aria-label="Operations involved">
            {opButton(checked.violation.operationId, "culprit")}
            {opButton(checked.violation.missedWriteId, "missed")}
            {opButton(checked.violation.sourceWriteId, "source")}
            {opButton(checked.violation.newerReadId, "newer")}
          </ul>
        </div>
      ) : null}

      {keys.length > 1 ? (
        <div className={styles.keyPicker}>
          <label htmlFor="lincheck-key">Key</label>
          <select id="lincheck-key" value={key} onChange={(e) => setKey(e.target.value)}>
            {keys.map((k) => {
              const p = result.partitions.find((x) => x.key === k)!;
              const state = p.verdict === "unknown" && p.unknownBecause === "violation-elsewhere" ? "not checked" : VERDICT_TITLE[p.verdict].toLowerCase();
              return (
                <option key={k} value={k}>
                  {k} — {state}, {p.operationIds.length} operations
                </option>
              );
            })}
          </select>
          {partition?.verdict === "unknown" && partition.unknownBecause === "violation-elsewhere" ? (
            <span className="muted">Not checked: another key is already not linearizable, which settles the verdict.</span>
          ) : null}
        </div>
      ) : null}

      {layout && partition ? (
        <>
          <Legend linearizable={partition.verdict === "linearizable"} failing={partition.verdict === "not-linearizable"} hasNewer={violation?.newerReadId != null} />
          <HistoryTimeline history={history} layout={layout} linearizable={partition.verdict === "linearizable"} selectedId={selectedId} onSelect={select} />
          {selectedId !== null && byId.has(selectedId) ? <OperationDetails op={byId.get(selectedId)!} checked={checked} partitionKey={key} /> : null}
          <Evidence checked={checked} partitionKey={key} onSelect={select} />
        </>
      ) : null}
    </div>
  );
}

function Legend({ linearizable, failing, hasNewer }: { linearizable: boolean; failing: boolean; hasNewer: boolean }) {
  return (
    <ul className={styles.legend} aria-label="Legend">
      <li>
        <span className={`${styles.swatch} ${styles.swatchOrdered}`} aria-hidden="true" />
        {linearizable ? "Numbered in linearization order" : failing ? "Numbered in the longest linearizable prefix" : "Operation"}
      </li>
      {failing ? (
        <>
          <li>
            <span className={`${styles.swatch} ${styles.swatchCulprit}`} aria-hidden="true" />
            Could not have happened
          </li>
          <li>
            <span className={`${styles.swatch} ${styles.swatchMissed}`} aria-hidden="true" />
            The write it missed
          </li>
          <li>
            <span className={`${styles.swatch} ${styles.swatchSource}`} aria-hidden="true" />
            Where its value came from
          </li>
          {hasNewer ? (
            <li>
              <span className={`${styles.swatch} ${styles.swatchNewer}`} aria-hidden="true" />
              Had already read a newer value
            </li>
          ) : null}
        </>
      ) : null}
      <li>
        <span className={`${styles.swatch} ${styles.swatchPending}`} aria-hidden="true" />
        Never returned (may or may not have taken effect)
      </li>
    </ul>
  );
}

function OperationDetails({ op, checked, partitionKey }: { op: Operation; checked: Checked; partitionKey: string }) {
  const { history, result } = checked;
  const model = MODELS[history.model];
  const partition = result.partitions.find((p) => p.key === partitionKey)!;
  const order = partition.linearization ?? partition.prefix ?? [];
  const position = order.indexOf(op.id);
  const stuck = partition.stuck?.find((s) => s.id === op.id);
  let place: string;
  if (partition.verdict === "linearizable") place = `Number ${position + 1} of ${order.length} in the linearization.`;
  else if (partition.verdict === "not-linearizable") {
    place = position >= 0 ? `Number ${position + 1} in the longest linearizable prefix (${order.length} of ${partition.operationIds.length}).` : stuck ? `Cannot come next after the longest linearizable prefix: ${stuck.reason}.` : "Not in the longest linearizable prefix.";
  } else place = "This key was not decided.";
  return (
    <div className={styles.details} data-testid="lincheck-details" aria-live="polite">
      <p className={styles.detailsTitle}>
        <code>#{op.id}</code> {who(model, op).replace(/^client/, "Client")}
      </p>
      <p className="muted">
        {span(op, history.timeUnit)}
        {op.line ? ` · line ${op.line}` : ""}
      </p>
      <p>{place}</p>
    </div>
  );
}

function Evidence({ checked, partitionKey, onSelect }: { checked: Checked; partitionKey: string; onSelect: (id: number) => void }) {
  const { history, result } = checked;
  const model = MODELS[history.model];
  const partition = result.partitions.find((p) => p.key === partitionKey)!;
  const byId = new Map(history.operations.map((o) => [o.id, o]));
  const item = (id: number) => (
    <li key={id}>
      <button type="button" className={styles.linkButton} onClick={() => onSelect(id)}>
        <code>#{id}</code> {who(model, byId.get(id)!)}
      </button>
    </li>
  );
  if (partition.verdict === "linearizable") {
    return (
      <details className={styles.evidence}>
        <summary>Linearization order ({partition.linearization!.length} operations)</summary>
        <ol>{partition.linearization!.map(item)}</ol>
      </details>
    );
  }
  if (partition.verdict !== "not-linearizable") return null;
  return (
    <div className={styles.evidenceGroup}>
      <details className={styles.evidence}>
        <summary>
          Longest linearizable prefix ({partition.prefix!.length} of {partition.operationIds.length} operations), after which the{" "}
          {history.model === "register" ? "register" : "key"} holds {partition.stateAfterPrefix}
        </summary>
        <ol>{partition.prefix!.map(item)}</ol>
      </details>
      <div className={styles.evidence}>
        <p className={styles.evidenceTitle}>
          None of the operations that could come next fits
          {partition.operationIds.some((id) => byId.get(id)!.ret === Infinity) ? " (operations that never returned are optional and not listed)" : ""}:
        </p>
        <ul>
          {partition.stuck!.map((s) => (
            <li key={s.id}>
              <button type="button" className={styles.linkButton} onClick={() => onSelect(s.id)}>
                <code>#{s.id}</code> {who(model, byId.get(s.id)!)}
              </button>
              : {s.reason}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
