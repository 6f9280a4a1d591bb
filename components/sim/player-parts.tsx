"use client";
/** The player's parts: timeline, playback controls, fault palette, events and fault-script panel. */
import { memo, useId, useMemo, useRef, useState, type Dispatch } from "react";
import type { Fault, FaultKind } from "@/lib/sim/faults";
import type { SimEvent } from "@/lib/sim/types";
import type { NodeStatus, SimConfig, SliderSpec } from "./player";
import { SPEEDS, type PlayerAction } from "./player-state";
import { eventsUpTo, faultsToJson, faultValueAt, formatTime, type Recording } from "./recording";
import { BackIcon, PauseIcon, PlayIcon, ResetIcon, StepIcon } from "./icons";
import styles from "./sim.module.css";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDispatch = Dispatch<PlayerAction<any>>;

/** Why a run did not run: invalid options, or more events than the budget allows. */
export function RunErrors({ errors }: { errors: string[] }) {
  const busy = errors.some((e) => /too busy/.test(e));
  return (
    <div className={styles.error} role="alert">
      <strong>{busy ? "This run is too busy to show." : "This simulation could not run."}</strong>
      <ul>
        {errors.map((e) => (
          <li key={e}>{e}</li>
        ))}
      </ul>
    </div>
  );
}

export function Timeline({
  uid,
  t,
  total,
  disabled,
  marks,
  dispatch,
}: {
  uid: string;
  t: number;
  total: number;
  disabled: boolean;
  /** Key moments, grouped when they are too close to tell apart (see groupMarks). */
  marks: readonly SimEvent[][];
  dispatch: AnyDispatch;
}) {
  return (
    <div className={styles.timeline}>
      <label htmlFor={`${uid}-timeline`} className="visually-hidden">
        Timeline (simulated time)
      </label>
      <div className={styles.track}>
        <input
          id={`${uid}-timeline`}
          data-testid="sim-timeline"
          className={styles.range}
          type="range"
          min={0}
          max={total}
          step={1}
          value={t}
          disabled={disabled}
          aria-valuetext={formatTime(t, total)}
          aria-describedby={`${uid}-timeline-help`}
          onChange={(e) => dispatch({ type: "seek", t: Number(e.currentTarget.value) })}
          onKeyDown={(e) => {
            // Arrow keys scrub by 1% of the run (the native 1 ms step is too fine to be useful).
            const delta = e.key === "ArrowRight" || e.key === "ArrowUp" ? 1 : e.key === "ArrowLeft" || e.key === "ArrowDown" ? -1 : 0;
            if (delta === 0) return;
            e.preventDefault();
            dispatch({ type: "seek", t: t + delta * Math.max(1, total / 100) });
          }}
          style={{ ["--progress" as string]: `${(t / total) * 100}%` }}
        />
        {marks.length > 0 ? (
          <ol className={styles.marks} aria-label="Key moments">
            {marks.map((group, i) => {
              const e = group[0];
              const text = group.map((g) => `${formatTime(g.t, total)}: ${g.text}`).join("\n");
              return (
                <li key={i} style={{ left: `${(e.t / total) * 100}%` }}>
                  <button
                    type="button"
                    className={styles.mark}
                    data-testid="sim-mark"
                    data-kind={e.kind}
                    data-kinds={[...new Set(group.map((g) => g.kind))].join(" ")}
                    title={text}
                    aria-label={`Go to ${text}`}
                    onClick={() => dispatch({ type: "seek", t: e.t })}
                  />
                </li>
              );
            })}
          </ol>
        ) : null}
      </div>
      <span id={`${uid}-timeline-help`} className="visually-hidden">
        Arrow keys move by 1% of the run; Home and End jump to the start and the end.
      </span>
      <output data-testid="sim-time" data-t={t} className={styles.time} aria-live="off">
        {formatTime(t, total)} <span className={styles.muted}>/ {formatTime(total, total)}</span>
      </output>
    </div>
  );
}

export function PlaybackControls({
  playing,
  disabled,
  speed,
  dispatch,
  onReset,
}: {
  playing: boolean;
  disabled: boolean;
  speed: number;
  dispatch: AnyDispatch;
  onReset(): void;
}) {
  return (
    <div className={styles.controls} role="toolbar" aria-label="Playback">
      <button
        type="button"
        data-testid="sim-play"
        className={`${styles.button} ${styles.primary}`}
        onClick={() => dispatch({ type: "toggle-play" })}
        disabled={disabled}
        aria-label={playing ? "Pause (Space)" : "Play (Space)"}
      >
        {playing ? <PauseIcon /> : <PlayIcon />} {playing ? "Pause" : "Play"}
      </button>
      <button
        type="button"
        className={styles.button}
        onClick={() => dispatch({ type: "step-back" })}
        disabled={disabled}
        aria-label="Step back to the previous event (Left arrow)"
      >
        <BackIcon /> Back
      </button>
      <button
        type="button"
        data-testid="sim-step"
        className={styles.button}
        onClick={() => dispatch({ type: "step-forward" })}
        disabled={disabled}
        aria-label="Step to the next event (Right arrow)"
      >
        Step <StepIcon />
      </button>
      <label className={styles.field}>
        <span>Speed</span>
        <select value={speed} onChange={(e) => dispatch({ type: "set-speed", speed: Number(e.currentTarget.value) })} className={styles.select}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <button type="button" className={styles.button} onClick={onReset} aria-label="Reset: back to the start with the original faults">
        <ResetIcon /> Reset
      </button>
      <span className={styles.hint} aria-hidden="true">
        <kbd>Space</kbd> play · <kbd>←</kbd>/<kbd>→</kbd> step
      </span>
    </div>
  );
}

export function FaultPalette<V>({
  config,
  supported,
  nodes,
  selecting,
  canCrash,
  canPartition,
  partitionActive,
  durable,
  notice,
  t,
  faults,
  params,
  dispatch,
  onPartition,
  onHeal,
  onSlider,
}: {
  config: SimConfig<V>;
  supported: readonly FaultKind[];
  nodes: NodeStatus[];
  selecting: number[] | null;
  canCrash: boolean;
  canPartition: boolean;
  partitionActive: boolean;
  durable: boolean;
  notice: string | null;
  t: number;
  faults: Fault[];
  params: Record<string, unknown>;
  dispatch: AnyDispatch;
  onPartition(): void;
  onHeal(): void;
  onSlider(spec: SliderSpec, value: number): void;
}) {
  return (
    <div className={styles.faults} role="group" aria-label="Inject faults">
      <span className={styles.faultsLabel}>Faults</span>
      {selecting ? (
        <>
          <span className={styles.selectHint} role="status">
            Group A: {selecting.length > 0 ? selecting.join(", ") : "click nodes to choose"}
          </span>
          <button
            type="button"
            className={`${styles.button} ${styles.primary}`}
            onClick={onPartition}
            disabled={selecting.length === 0 || selecting.length >= nodes.length}
          >
            Apply partition
          </button>
          <button type="button" className={styles.button} onClick={() => dispatch({ type: "cancel-selecting" })}>
            Cancel
          </button>
        </>
      ) : (
        <>
          {canCrash ? <span className={styles.hint}>Click a {config.nodeWord.toLowerCase()} to crash or restart it.</span> : null}
          {canCrash && supported.includes("restart") ? (
            <label className={styles.check}>
              <input type="checkbox" checked={durable} onChange={(e) => dispatch({ type: "set-durable", durable: e.currentTarget.checked })} /> restarts
              keep disk
            </label>
          ) : null}
          {canPartition ? (
            <button type="button" className={styles.button} onClick={() => dispatch({ type: "start-selecting" })} data-testid="sim-partition">
              Partition…
            </button>
          ) : null}
          {canPartition ? (
            <button type="button" className={styles.button} onClick={onHeal} disabled={!partitionActive}>
              Heal
            </button>
          ) : null}
          {(config.sliders ?? [])
            .filter((s) => supported.includes(s.fault))
            .map((s) => (
              <FaultSlider
                key={s.fault + (s.key ?? "")}
                spec={s}
                value={faultValueAt(faults, s.fault, t, readFaultValue, s.baseline?.(params) ?? 0)}
                onCommit={(v) => onSlider(s, v)}
              />
            ))}
        </>
      )}
      {notice ? (
        <p className={styles.notice} role="alert">
          {notice}
        </p>
      ) : null}
    </div>
  );
}

export function SidePanel({
  uid,
  tab,
  onTab,
  recording,
  t,
  total,
  importantKinds,
  faults,
  onUndo,
  onClear,
}: {
  uid: string;
  tab: "events" | "script";
  onTab(tab: "events" | "script"): void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  recording: Recording<any> | null;
  t: number;
  total: number;
  importantKinds: string[];
  faults: Fault[];
  onUndo(): void;
  onClear(): void;
}) {
  const eventCount = recording ? eventsUpTo(recording.trace, t) : 0;
  return (
    <aside className={styles.side} aria-label="Events and fault script">
      <div className={styles.tabs} role="tablist" aria-label="Panels">
        <button
          type="button"
          role="tab"
          id={`${uid}-tab-events`}
          aria-selected={tab === "events"}
          aria-controls={`${uid}-panel-events`}
          className={styles.tab}
          onClick={() => onTab("events")}
        >
          Events <span className={styles.count}>{eventCount}</span>
        </button>
        <button
          type="button"
          role="tab"
          id={`${uid}-tab-script`}
          aria-selected={tab === "script"}
          aria-controls={`${uid}-panel-script`}
          className={styles.tab}
          onClick={() => onTab("script")}
        >
          Fault script <span className={styles.count}>{faults.length}</span>
        </button>
      </div>
      {tab === "events" ? (
        <div id={`${uid}-panel-events`} role="tabpanel" aria-labelledby={`${uid}-tab-events`} className={styles.panel}>
          {recording ? <EventLog trace={recording.trace} count={eventCount} important={importantKinds} duration={total} /> : null}
        </div>
      ) : (
        <div id={`${uid}-panel-script`} role="tabpanel" aria-labelledby={`${uid}-tab-script`} className={styles.panel}>
          <FaultScript json={faultsToJson(faults)} count={faults.length} onUndo={onUndo} onClear={onClear} />
        </div>
      )}
    </aside>
  );
}

function readFaultValue(f: Fault): number {
  switch (f.fault) {
    case "drop":
    case "duplicate":
    case "errors":
    case "load":
      return f.rate;
    case "delay":
      return f.ms;
    case "hotkey":
      return f.share;
    default:
      return 0;
  }
}

/** A slider whose value follows the fault script; a new fault is added when the user lets go. */
function FaultSlider({ spec, value, onCommit }: { spec: SliderSpec; value: number; onCommit(v: number): void }) {
  const [draft, setDraft] = useState<number | null>(null);
  const id = useId();
  const shown = draft ?? value;
  const commit = () => {
    if (draft !== null && draft !== value) onCommit(draft);
    setDraft(null);
  };
  return (
    <span className={styles.slider}>
      <label htmlFor={id}>{spec.label}</label>
      <input
        id={id}
        type="range"
        min={spec.min}
        max={spec.max}
        step={spec.step}
        value={shown}
        aria-valuetext={spec.format(shown)}
        onChange={(e) => setDraft(Number(e.currentTarget.value))}
        onPointerUp={commit}
        onKeyUp={commit}
        onBlur={commit}
      />
      <span className={styles.sliderValue}>{spec.format(shown)}</span>
    </span>
  );
}

const EventLog = memo(function EventLog({
  trace,
  count,
  important,
  duration,
}: {
  trace: readonly SimEvent[];
  count: number;
  important: string[];
  duration: number;
}) {
  const shown = useMemo(() => {
    const out: SimEvent[] = [];
    for (let i = count - 1; i >= 0 && out.length < 150; i--) out.push(trace[i]);
    return out;
  }, [trace, count]);
  if (count === 0) return <p className={styles.empty}>No events yet. Press Play or Step.</p>;
  return (
    <ol className={styles.log} aria-label="Events so far, newest first">
      {shown.map((e, i) => (
        <li key={count - i} className={important.includes(e.kind) ? styles.important : undefined}>
          <time className={styles.logTime}>{formatTime(e.t, duration)}</time>
          <span className={styles.logText}>{e.text}</span>
        </li>
      ))}
      {count > shown.length ? <li className={styles.muted}>… {count - shown.length} earlier events</li> : null}
    </ol>
  );
});

function FaultScript({
  json,
  count,
  onUndo,
  onClear,
}: {
  json: string;
  count: number;
  onUndo(): void;
  onClear(): void;
}) {
  const [copied, setCopied] = useState(false);
  const preRef = useRef<HTMLPreElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(json);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // No clipboard permission: select the text so the reader can copy it by hand.
      const sel = window.getSelection();
      if (sel && preRef.current) {
        sel.selectAllChildren(preRef.current);
      }
    }
  };
  return (
    <div className={styles.script}>
      <p className={styles.scriptHelp}>
        Paste into a lesson as <code>{"faults={[…]}"}</code>. Runs are replayed from the seed, so the same script always
        gives the same story.
      </p>
      <pre ref={preRef} className={styles.json} data-testid="sim-faults-json" tabIndex={0} aria-label="Fault script JSON">
        {json}
      </pre>
      <div className={styles.scriptActions}>
        <button type="button" className={styles.button} onClick={copy}>
          {copied ? "Copied ✓" : "Copy JSON"}
        </button>
        <button type="button" className={styles.button} onClick={onUndo} disabled={count === 0}>
          Undo last
        </button>
        <button type="button" className={styles.button} onClick={onClear} disabled={count === 0}>
          Clear
        </button>
      </div>
      <span className="visually-hidden" aria-live="polite">
        {copied ? "Fault script copied" : ""}
      </span>
    </div>
  );
}

