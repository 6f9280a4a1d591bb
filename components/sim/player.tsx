"use client";
/**
 * The player shell every simulation shares: playback (play/pause, step, speed, scrub, reset), the event
 * log, a metric chart, the fault palette and the fault script. A simulation plugs in with a `SimConfig`:
 * how to compact its state into a snapshot, and a `Stage` component that draws one snapshot.
 */
import {
  memo,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type ComponentType,
  type KeyboardEvent,
  type ReactNode,
} from "react";
import type { Fault, FaultKind } from "@/lib/sim/faults";
import type { MetricSeries, SimEvent } from "@/lib/sim/types";
import { MetricChart } from "./chart";
import {
  eventsUpTo,
  faultsToJson,
  faultValueAt,
  formatTime,
  indexAtOrBefore,
  insertFault,
  record,
  type AnyDefinition,
  type Recording,
} from "./recording";
import { BackIcon, PauseIcon, PlayIcon, ResetIcon, StepIcon } from "./icons";
import styles from "./sim.module.css";

export interface StageProps<V> {
  snap: V;
  /** Current simulated time (changes every animation frame while playing). */
  t: number;
  params: Record<string, unknown>;
  /** What a click on a node does right now. */
  nodeMode: "crash" | "select" | "none";
  /** Nodes chosen for partition group A (select mode). */
  selected: ReadonlySet<number>;
  onNode(id: number): void;
  /** The run's metrics (windowed rates etc.); use `metricAt` to read a value at t. */
  metrics: MetricSeries;
}

/** A metric's sampled value at time t (the last sample at or before t), or the fallback. */
export function metricAt(metrics: MetricSeries, key: string, t: number, fallback = 0): number {
  const values = metrics.series[key];
  if (!values || metrics.t.length === 0 || metrics.t[0] > t) return fallback;
  return values[indexAtOrBefore(metrics.t, t)] ?? fallback;
}

/** Props that name a parameter of the simulation become params; anything else (title, seed…) is not. */
export function pickParams(schema: Record<string, unknown>, props: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) if (Object.prototype.hasOwnProperty.call(schema, k) && v !== undefined) out[k] = v;
  return out;
}

/** Props every simulation component accepts (plus its own parameters). */
export interface CommonSimProps {
  seed?: number;
  faults?: Fault[];
  duration?: number;
  title?: string;
  [param: string]: unknown;
}

/** The standard component for a config: MDX props → seed, params, faults. */
export function makeSimComponent<V>(config: SimConfig<V>, defaultSeed: number) {
  function Sim({ seed = defaultSeed, faults = [], duration, title, ...rest }: CommonSimProps) {
    // MDX passes a fresh props object on every render; recompute params only when their values change.
    const restKey = JSON.stringify(rest);
    const params = useMemo(() => pickParams(config.definition.paramsSchema, JSON.parse(restKey)), [restKey]);
    return <SimPlayer config={config} seed={seed} params={params} faults={faults} duration={duration} title={title} />;
  }
  Sim.displayName = `Sim(${config.name})`;
  return Sim;
}

export interface SliderSpec {
  fault: Extract<FaultKind, "drop" | "delay" | "load" | "errors" | "duplicate" | "hotkey">;
  /** For `hotkey`: which key becomes hot. */
  key?: string;
  label: string;
  min: number;
  max: number;
  step: number;
  format(value: number): string;
  /** Value before any such fault (e.g. the load from params). */
  baseline?(params: Record<string, unknown>): number;
}

export interface NodeStatus {
  id: number;
  up: boolean;
}

export interface SimConfig<V> {
  /** Registry name, used in test ids: `sim-<name>`. */
  name: string;
  title: string;
  definition: AnyDefinition;
  compact(state: unknown, trace: readonly SimEvent[]): V;
  Stage: ComponentType<StageProps<V>>;
  /** Snapshot grid (ms); event moments are always snapshotted. */
  gridMs?: number;
  /** Playback speed the player starts at (1 = real time: one simulated second per second). */
  defaultSpeed: number;
  /**
   * Chart series. With `of`, the series is read from the snapshots, so the chart and the header (which
   * draws the same snapshot) agree at every moment; otherwise it is the run's 100 ms metric samples.
   */
  series: { key: string; label: string; of?(snap: V): number }[];
  /** Event kinds marked on the timeline: the moments a lesson wants a reader to stop at. */
  markKinds?: string[];
  defaultSeries: string;
  /** Event kinds worth announcing to screen readers and highlighting in the log. */
  importantKinds: string[];
  /** "Node", "Replica", "Server"… */
  nodeWord: string;
  /** The nodes a fault can name (crash/restart/partition), with whether each is up in the snapshot. */
  nodes?(snap: V): NodeStatus[];
  partitionActive?(snap: V): boolean;
  sliders?: SliderSpec[];
  /** One sentence describing the snapshot, for the header and screen readers. */
  summary?(snap: V): ReactNode;
  legend?: ReactNode;
}

export interface SimPlayerProps<V> {
  config: SimConfig<V>;
  seed: number;
  params: Record<string, unknown>;
  faults: Fault[];
  duration?: number;
  title?: string;
}

/** Multiples of real time: 1× plays one simulated second per second. */
export const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5, 10];

type Run<V> = { faults: Fault[]; recording: Recording<V> | null; errors: string[] };

function makeRun<V>(config: SimConfig<V>, seed: number, params: Record<string, unknown>, faults: Fault[], duration?: number): Run<V> {
  const result = record(config.definition, { seed, params, faults, duration }, config.compact, config.gridMs);
  return result.ok ? { faults, recording: result.recording, errors: [] } : { faults, recording: null, errors: result.errors };
}

export function SimPlayer<V>({ config, seed, params, faults: initialFaults, duration, title }: SimPlayerProps<V>) {
  const [run, setRun] = useState<Run<V>>(() => makeRun(config, seed, params, initialFaults, duration));
  const recording = run.recording;
  const total = recording?.duration ?? duration ?? config.definition.defaultDuration;
  const [t, setT] = useState(0);
  const tRef = useRef(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(config.defaultSpeed);
  const [tab, setTab] = useState<"events" | "script">("events");
  const [selecting, setSelecting] = useState<Set<number> | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const [seriesKey, setSeriesKey] = useState(config.defaultSeries);
  const [durable, setDurable] = useState(true);
  const uid = useId();
  const supported = config.definition.supportedFaults as readonly FaultKind[];

  /** Move the clock; announce important events crossed when moving forward a little (play/step). */
  const goTo = useCallback(
    (next: number, announce: boolean) => {
      const clamped = Math.min(Math.max(0, next), total);
      const prev = tRef.current;
      tRef.current = clamped;
      setT(clamped);
      if (announce && recording && clamped > prev) {
        const from = eventsUpTo(recording.trace, prev);
        const to = eventsUpTo(recording.trace, clamped);
        for (let i = to - 1; i >= from; i--) {
          const e = recording.trace[i];
          if (config.importantKinds.includes(e.kind)) {
            setAnnouncement(`At ${formatTime(e.t, total)}: ${e.text}`);
            break;
          }
        }
      }
    },
    [total, recording, config.importantKinds],
  );

  // Playback: requestAnimationFrame advances the clock; the picture is looked up, never re-simulated.
  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    let frame = 0;
    const tick = (now: number) => {
      const dt = Math.min(100, now - last);
      last = now;
      const next = tRef.current + dt * speed;
      if (next >= total) {
        goTo(total, true);
        setPlaying(false);
        return;
      }
      goTo(next, true);
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [playing, speed, total, goTo]);

  // Pause when the player scrolls out of view (saves the reader's battery; nothing is lost).
  const rootRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = rootRef.current;
    if (!el || typeof IntersectionObserver === "undefined") return;
    const io = new IntersectionObserver(([entry]) => {
      if (!entry.isIntersecting) setPlaying(false);
    });
    io.observe(el);
    return () => io.disconnect();
  }, []);

  const togglePlay = useCallback(() => {
    if (!recording) return;
    setPlaying((p) => {
      if (!p && tRef.current >= total) goTo(0, false);
      return !p;
    });
  }, [recording, total, goTo]);

  const stepForward = useCallback(() => {
    if (!recording) return;
    setPlaying(false);
    const i = eventsUpTo(recording.trace, tRef.current);
    goTo(i < recording.trace.length ? recording.trace[i].t : total, true);
  }, [recording, total, goTo]);

  const stepBack = useCallback(() => {
    if (!recording) return;
    setPlaying(false);
    const now = tRef.current;
    let i = eventsUpTo(recording.trace, now) - 1;
    while (i >= 0 && recording.trace[i].t >= now) i--;
    goTo(i >= 0 ? recording.trace[i].t : 0, false);
  }, [recording, goTo]);

  const reset = useCallback(() => {
    setPlaying(false);
    setSelecting(null);
    setNotice(null);
    setRun(makeRun(config, seed, params, initialFaults, duration));
    goTo(0, false);
    setAnnouncement("Simulation reset to the start with the original fault script.");
  }, [config, seed, params, initialFaults, duration, goTo]);

  /** Re-run from the seed with a new fault script; the view stays at the same moment. */
  const applyFaults = useCallback(
    (faults: Fault[], message: string | null) => {
      const next = makeRun(config, seed, params, faults, duration);
      if (!next.recording) {
        setNotice(`That fault could not be added: ${next.errors.join("; ")}`);
        return false;
      }
      setRun(next);
      setNotice(null);
      if (message) setAnnouncement(message);
      return true;
    },
    [config, seed, params, duration],
  );

  const addFault = useCallback(
    (fault: Fault, message: string) => applyFaults(insertFault(run.faults, fault), message),
    [applyFaults, run.faults],
  );

  const faultTime = () => Math.min(total, Math.floor(tRef.current));

  const snapIndex = recording ? indexAtOrBefore(recording.times, t) : 0;
  const snap = recording ? recording.snaps[snapIndex] : null;
  const nodes = useMemo(() => (snap !== null && config.nodes ? config.nodes(snap) : []), [snap, config]);
  const canCrash = supported.includes("crash") && nodes.length > 0;
  const canPartition = supported.includes("partition") && nodes.length > 1;

  const onNode = useCallback(
    (id: number) => {
      if (selecting) {
        const next = new Set(selecting);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        setSelecting(next);
        return;
      }
      if (!canCrash) return;
      const node = nodes.find((n) => n.id === id);
      if (!node) return;
      const at = faultTime();
      if (node.up) addFault({ at, fault: "crash", node: id }, `${config.nodeWord} ${id} crashed at ${formatTime(at, total)}.`);
      else if (supported.includes("restart")) {
        addFault({ at, fault: "restart", node: id, durable }, `${config.nodeWord} ${id} restarted at ${formatTime(at, total)}.`);
      }
    },
    // faultTime reads a ref
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [selecting, canCrash, nodes, addFault, config.nodeWord, total, supported, durable],
  );

  const applyPartition = () => {
    if (!selecting) return;
    const a = nodes.filter((n) => selecting.has(n.id)).map((n) => n.id);
    const b = nodes.filter((n) => !selecting.has(n.id)).map((n) => n.id);
    if (a.length === 0 || b.length === 0) return;
    const at = faultTime();
    if (addFault({ at, fault: "partition", groups: [a, b] }, `Network partitioned into {${a.join(", ")}} and {${b.join(", ")}}.`)) {
      setSelecting(null);
    }
  };

  const heal = () => addFault({ at: faultTime(), fault: "heal" }, "Partition healed.");

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    const tag = target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || e.altKey || e.ctrlKey || e.metaKey) return;
    const isButton = tag === "BUTTON" || target.getAttribute("role") === "button" || tag === "SUMMARY";
    if (e.key === " " && !isButton) {
      e.preventDefault();
      togglePlay();
    } else if (e.key === "ArrowRight") {
      e.preventDefault();
      stepForward();
    } else if (e.key === "ArrowLeft") {
      e.preventDefault();
      stepBack();
    }
  };

  const chartMetrics = useMemo(() => (recording ? chartSeries(recording, config.series) : null), [recording, config.series]);
  const marks = useMemo(
    () => (recording && config.markKinds ? recording.trace.filter((e) => config.markKinds!.includes(e.kind)) : []),
    [recording, config.markKinds],
  );
  const eventCount = recording ? eventsUpTo(recording.trace, t) : 0;
  const scriptJson = faultsToJson(run.faults);
  const Stage = config.Stage;
  const nodeMode: StageProps<V>["nodeMode"] = selecting ? "select" : canCrash ? "crash" : "none";
  const heading = title ?? config.title;

  return (
    <section
      ref={rootRef}
      className={styles.root}
      data-testid={`sim-${config.name}`}
      aria-labelledby={`${uid}-title`}
      onKeyDown={onKeyDown}
    >
      <header className={styles.head}>
        <h3 id={`${uid}-title`} className={styles.title}>
          {heading}
        </h3>
        <p className={styles.summary}>{snap !== null && config.summary ? config.summary(snap) : null}</p>
      </header>

      <div
        className={styles.stage}
        role="group"
        aria-label={`${heading}: picture. Space plays or pauses, arrow keys step between events.`}
        tabIndex={0}
      >
        {snap !== null ? (
          <div className={styles.canvas}>
            <Stage
              snap={snap}
              t={t}
              params={params}
              nodeMode={nodeMode}
              selected={selecting ?? EMPTY}
              onNode={onNode}
              metrics={recording!.metrics}
            />
          </div>
        ) : (
          <div className={styles.error} role="alert">
            <strong>This simulation could not run.</strong>
            <ul>
              {run.errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          </div>
        )}
        {config.legend ? <div className={styles.legend}>{config.legend}</div> : null}
      </div>

      <div className={styles.chart}>
        {recording && chartMetrics ? (
          <MetricChart
            metrics={chartMetrics}
            series={config.series}
            selected={seriesKey}
            onSelect={setSeriesKey}
            t={t}
            duration={total}
            idPrefix={uid}
          />
        ) : null}
      </div>

      <aside className={styles.side} aria-label="Events and fault script">
        <div className={styles.tabs} role="tablist" aria-label="Panels">
          <button
            type="button"
            role="tab"
            id={`${uid}-tab-events`}
            aria-selected={tab === "events"}
            aria-controls={`${uid}-panel-events`}
            className={styles.tab}
            onClick={() => setTab("events")}
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
            onClick={() => setTab("script")}
          >
            Fault script <span className={styles.count}>{run.faults.length}</span>
          </button>
        </div>
        {tab === "events" ? (
          <div id={`${uid}-panel-events`} role="tabpanel" aria-labelledby={`${uid}-tab-events`} className={styles.panel}>
            {recording ? (
              <EventLog trace={recording.trace} count={eventCount} important={config.importantKinds} duration={total} />
            ) : null}
          </div>
        ) : (
          <div id={`${uid}-panel-script`} role="tabpanel" aria-labelledby={`${uid}-tab-script`} className={styles.panel}>
            <FaultScript
              json={scriptJson}
              count={run.faults.length}
              onUndo={() => applyFaults(run.faults.slice(0, -1), "Last fault removed.")}
              onClear={() => applyFaults([], "Every fault removed.")}
            />
          </div>
        )}
      </aside>

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
          disabled={!recording}
          aria-valuetext={formatTime(t, total)}
          aria-describedby={`${uid}-timeline-help`}
          onChange={(e) => {
            setPlaying(false);
            goTo(Number(e.currentTarget.value), false);
          }}
          onKeyDown={(e) => {
            // Arrow keys scrub by 1% of the run (the native 1 ms step is too fine to be useful).
            const delta = e.key === "ArrowRight" || e.key === "ArrowUp" ? 1 : e.key === "ArrowLeft" || e.key === "ArrowDown" ? -1 : 0;
            if (delta === 0) return;
            e.preventDefault();
            setPlaying(false);
            goTo(tRef.current + delta * Math.max(1, total / 100), false);
          }}
          style={{ ["--progress" as string]: `${(t / total) * 100}%` }}
        />
        {marks.length > 0 ? (
          <ol className={styles.marks} aria-label="Key moments">
            {marks.map((e, i) => (
              <li key={i} style={{ left: `${(e.t / total) * 100}%` }}>
                <button
                  type="button"
                  className={styles.mark}
                  data-testid="sim-mark"
                  data-kind={e.kind}
                  title={`${formatTime(e.t, total)}: ${e.text}`}
                  aria-label={`Go to ${formatTime(e.t, total)}: ${e.text}`}
                  onClick={() => {
                    setPlaying(false);
                    goTo(e.t, true);
                  }}
                />
              </li>
            ))}
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

      <div className={styles.controls} role="toolbar" aria-label="Playback">
        <button
          type="button"
          data-testid="sim-play"
          className={`${styles.button} ${styles.primary}`}
          onClick={togglePlay}
          disabled={!recording}
          aria-label={playing ? "Pause (Space)" : "Play (Space)"}
        >
          {playing ? <PauseIcon /> : <PlayIcon />} {playing ? "Pause" : "Play"}
        </button>
        <button type="button" className={styles.button} onClick={stepBack} disabled={!recording} aria-label="Step back to the previous event (Left arrow)">
          <BackIcon /> Back
        </button>
        <button
          type="button"
          data-testid="sim-step"
          className={styles.button}
          onClick={stepForward}
          disabled={!recording}
          aria-label="Step to the next event (Right arrow)"
        >
          Step <StepIcon />
        </button>
        <label className={styles.field}>
          <span>Speed</span>
          <select value={speed} onChange={(e) => setSpeed(Number(e.currentTarget.value))} className={styles.select}>
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <button type="button" className={styles.button} onClick={reset} aria-label="Reset: back to the start with the original faults">
          <ResetIcon /> Reset
        </button>
        <span className={styles.hint} aria-hidden="true">
          <kbd>Space</kbd> play · <kbd>←</kbd>/<kbd>→</kbd> step
        </span>
      </div>

      <div className={styles.faults} role="group" aria-label="Inject faults">
        <span className={styles.faultsLabel}>Faults</span>
        {selecting ? (
          <>
            <span className={styles.selectHint} role="status">
              Group A: {selecting.size > 0 ? [...selecting].sort((a, b) => a - b).join(", ") : "click nodes to choose"}
            </span>
            <button
              type="button"
              className={`${styles.button} ${styles.primary}`}
              onClick={applyPartition}
              disabled={selecting.size === 0 || selecting.size >= nodes.length}
            >
              Apply partition
            </button>
            <button type="button" className={styles.button} onClick={() => setSelecting(null)}>
              Cancel
            </button>
          </>
        ) : (
          <>
            {canCrash ? <span className={styles.hint}>Click a {config.nodeWord.toLowerCase()} to crash or restart it.</span> : null}
            {canCrash && supported.includes("restart") ? (
              <label className={styles.check}>
                <input type="checkbox" checked={durable} onChange={(e) => setDurable(e.currentTarget.checked)} /> restarts keep disk
              </label>
            ) : null}
            {canPartition ? (
              <button type="button" className={styles.button} onClick={() => setSelecting(new Set())} data-testid="sim-partition">
                Partition…
              </button>
            ) : null}
            {canPartition ? (
              <button
                type="button"
                className={styles.button}
                onClick={heal}
                disabled={snap !== null && config.partitionActive ? !config.partitionActive(snap) : false}
              >
                Heal
              </button>
            ) : null}
            {(config.sliders ?? [])
              .filter((s) => supported.includes(s.fault))
              .map((s) => (
                <FaultSlider
                  key={s.fault + (s.key ?? "")}
                  spec={s}
                  value={faultValueAt(run.faults, s.fault, t, readFaultValue, s.baseline?.(params) ?? 0)}
                  onCommit={(v) => addFault(makeRateFault(s, faultTime(), v), `${s.label} set to ${s.format(v)}.`)}
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

      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
    </section>
  );
}

const EMPTY: ReadonlySet<number> = new Set();

/** Every chart series sampled at the recording's snapshot times (snapshot-derived ones exactly). */
function chartSeries<V>(recording: Recording<V>, series: SimConfig<V>["series"]): MetricSeries {
  const out: MetricSeries = { intervalMs: recording.metrics.intervalMs, t: recording.times, series: {} };
  for (const s of series) {
    if (s.of) out.series[s.key] = recording.snaps.map((snap) => s.of!(snap));
    else if (recording.metrics.series[s.key]) out.series[s.key] = recording.times.map((tt) => metricAt(recording.metrics, s.key, tt));
  }
  return out;
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

function makeRateFault(spec: SliderSpec, at: number, value: number): Fault {
  const kind = spec.fault;
  if (kind === "delay") return { at, fault: "delay", ms: value, jitter: 0 };
  if (kind === "hotkey") return { at, fault: "hotkey", key: spec.key ?? "hot", share: value };
  return { at, fault: kind, rate: value };
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

/** A node drawn in SVG that behaves as a button (focusable, Enter/Space, labelled). */
export function NodeButton({
  id,
  label,
  role,
  x,
  y,
  onNode,
  disabled,
  children,
  className,
}: {
  id: number;
  label: string;
  role: string;
  x: number;
  y: number;
  onNode(id: number): void;
  disabled?: boolean;
  children: ReactNode;
  className?: string;
}) {
  return (
    <g
      role="button"
      tabIndex={disabled ? -1 : 0}
      aria-label={label}
      aria-disabled={disabled || undefined}
      data-testid={`sim-node-${id}`}
      data-role={role}
      className={`${styles.node} ${className ?? ""}`}
      style={{ transform: `translate(${x}px, ${y}px)` }}
      onClick={() => !disabled && onNode(id)}
      onKeyDown={(e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          e.stopPropagation();
          if (!disabled) onNode(id);
        }
      }}
    >
      {children}
    </g>
  );
}
