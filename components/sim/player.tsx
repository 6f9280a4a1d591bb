"use client";
/**
 * The player shell every simulation shares: playback (play/pause, step, speed, scrub, reset), the event
 * log, a metric chart, the fault palette and the fault script. A simulation plugs in with a `SimConfig`:
 * how to compact its state into a snapshot, and a `Stage` component that draws one snapshot.
 */
import { useCallback, useEffect, useId, useMemo, useReducer, useRef, useState, type ComponentType, type KeyboardEvent, type ReactNode } from "react";
import type { Fault, FaultKind } from "@/lib/sim/faults";
import type { MetricSeries, SimEvent } from "@/lib/sim/types";
import { SimulationHistoryCheck, type SimulationEvidence } from "@/components/lincheck/simulation-check";
import { MetricChart } from "./chart";
import { FaultPalette, PlaybackControls, RunErrors, SidePanel, Timeline } from "./player-parts";
import { durationOf, initialPlayerState, playerReducer, type PlayerState, type Run } from "./player-state";
import { formatTime, indexAtOrBefore, insertFault, record, type AnyDefinition, type Recording } from "./recording";
import styles from "./sim.module.css";

export { SPEEDS } from "./player-state";

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
  /**
   * On a narrow stage, its size in CSS pixels: draw in a viewBox of exactly this size (one unit = one pixel),
   * so 12 px text stays 12 px. Null on a wide stage, where the picture scales its fixed design to fit.
   */
  narrow: StageBox | null;
}

export interface StageBox {
  width: number;
  height: number;
}

/** Below this canvas width a stage switches to its narrow layout. */
export const NARROW_STAGE_PX = 560;

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
  Sim.displayName = `Sim(${config.definition.name})`;
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
  /** The heading; the simulation's own title when absent. (Its name, for test ids, is the definition's.) */
  title?: string;
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
  /** The series the chart opens on; the first when absent. */
  defaultSeries?: string;
  /** Event kinds marked on the timeline: the moments a lesson wants a reader to stop at. */
  markKinds?: string[];
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
  /**
   * The run records its clients' history (quorum, Raft): below the player, a "Check linearizability"
   * button checks it in a Web Worker and shows the order found or the read that could not have happened.
   */
  historyCheck?: boolean;
}

export interface SimPlayerProps<V> {
  config: SimConfig<V>;
  seed: number;
  params: Record<string, unknown>;
  faults: Fault[];
  duration?: number;
  title?: string;
  /** Told about every run the player shows (the first one and each re-run), e.g. by a guided task. */
  onRun?(run: Run<V>): void;
}

function makeRun<V>(config: SimConfig<V>, seed: number, params: Record<string, unknown>, faults: Fault[], duration?: number): Run<V> {
  const result = record(config.definition, { seed, params, faults, duration }, config.compact, config.gridMs);
  return result.ok ? { faults, recording: result.recording, errors: [] } : { faults, recording: null, errors: result.errors };
}

/** The shell: state in a reducer (player-state.ts), drawing in the parts (player-parts.tsx). */
export function SimPlayer<V>({ config, seed, params, faults: initialFaults, duration, title, onRun }: SimPlayerProps<V>) {
  const [state, dispatch] = useReducer(
    playerReducer<V>,
    null,
    (): PlayerState<V> =>
      initialPlayerState(makeRun(config, seed, params, initialFaults, duration), {
        fallbackDuration: duration ?? config.definition.defaultDuration,
        importantKinds: config.importantKinds,
        speed: config.defaultSpeed,
        seriesKey: config.defaultSeries ?? config.series[0].key,
      }),
  );
  const { run, t, playing, selecting } = state;
  const recording = run.recording;

  // New parameters (a guided task's form) re-run the current fault script; the view stays at the same moment.
  const ranWith = useRef(params);
  useEffect(() => {
    if (ranWith.current === params) return;
    ranWith.current = params;
    dispatch({ type: "replace-run", run: makeRun(config, seed, params, run.faults, duration), message: "Parameters changed: the run starts over with them.", failure: "Those parameters could not run" });
  }, [params, config, seed, duration, run.faults]);

  useEffect(() => {
    onRun?.(run);
  }, [run, onRun]);

  // A violation found by the history check: show its moment in the picture.
  const showEvidence = useCallback(
    (evidence: SimulationEvidence) => {
      const op = evidence.operationId !== null ? recording?.history?.find((o) => o.id === evidence.operationId) : undefined;
      if (!op) return;
      dispatch({ type: "pause" });
      dispatch({ type: "seek", t: op.returnedAt ?? op.invokedAt });
    },
    [recording],
  );
  const total = durationOf(state);
  const uid = useId();
  const supported = config.definition.supportedFaults as readonly FaultKind[];
  // Fault times are read in callbacks; a ref avoids re-creating them on every animation frame.
  const tRef = useRef(t);
  useEffect(() => {
    tRef.current = t;
  }, [t]);

  // Playback: requestAnimationFrame feeds wall time to the reducer; the picture is looked up, never re-simulated.
  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    let frame = 0;
    const tick = (now: number) => {
      // A hidden tab or a long frame should not jump the run forward.
      dispatch({ type: "tick", wallMs: Math.min(100, now - last) });
      last = now;
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [playing]);

  // Pause when the player scrolls out of view (saves the reader's battery; nothing is lost).
  const rootRef = useRef<HTMLElement>(null);
  useEffect(() => {
    const el = rootRef.current;
    if (!el || typeof IntersectionObserver === "undefined") return;
    const io = new IntersectionObserver(([entry]) => {
      if (!entry.isIntersecting) dispatch({ type: "pause" });
    });
    io.observe(el);
    return () => io.disconnect();
  }, []);

  // The stage's size decides between the wide design (scaled) and the narrow layout (drawn at 1:1).
  const canvasRef = useRef<HTMLDivElement>(null);
  const [narrow, setNarrow] = useState<StageBox | null>(null);
  const hasStage = recording !== null;
  useEffect(() => {
    const el = canvasRef.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(([entry]) => {
      const width = Math.round(entry.contentRect.width);
      const height = Math.round(entry.contentRect.height);
      setNarrow((old) => (width >= NARROW_STAGE_PX ? null : old && old.width === width && old.height === height ? old : { width, height }));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [hasStage]);

  /** Re-run from the seed with a new fault script; the view stays at the same moment. */
  const applyFaults = useCallback(
    (faults: Fault[], message: string | null) =>
      dispatch({ type: "replace-run", run: makeRun(config, seed, params, faults, duration), message, failure: "That fault could not be added" }),
    [config, seed, params, duration],
  );
  const addFault = useCallback((fault: Fault, message: string) => applyFaults(insertFault(run.faults, fault), message), [applyFaults, run.faults]);
  const faultTime = useCallback(() => Math.min(total, Math.floor(tRef.current)), [total]);

  const snapIndex = recording ? indexAtOrBefore(recording.times, t) : 0;
  const snap = recording ? recording.snaps[snapIndex] : null;
  const nodes = useMemo(() => (snap !== null && config.nodes ? config.nodes(snap) : []), [snap, config]);
  const canCrash = supported.includes("crash") && nodes.length > 0;
  const canPartition = supported.includes("partition") && nodes.length > 1;
  const selected = useMemo(() => (selecting ? new Set(selecting) : EMPTY), [selecting]);

  const onNode = useCallback(
    (id: number) => {
      if (selecting) return dispatch({ type: "toggle-selected", id });
      const node = canCrash ? nodes.find((n) => n.id === id) : undefined;
      if (!node) return;
      const at = faultTime();
      if (node.up) addFault({ at, fault: "crash", node: id }, `${config.nodeWord} ${id} crashed at ${formatTime(at, total)}.`);
      else if (supported.includes("restart")) {
        addFault({ at, fault: "restart", node: id, durable: state.durable }, `${config.nodeWord} ${id} restarted at ${formatTime(at, total)}.`);
      }
    },
    [selecting, canCrash, nodes, faultTime, addFault, config.nodeWord, total, supported, state.durable],
  );

  const applyPartition = () => {
    if (!selecting) return;
    const a = nodes.filter((n) => selecting.includes(n.id)).map((n) => n.id);
    const b = nodes.filter((n) => !selecting.includes(n.id)).map((n) => n.id);
    if (a.length === 0 || b.length === 0) return;
    addFault({ at: faultTime(), fault: "partition", groups: [a, b] }, `Network partitioned into {${a.join(", ")}} and {${b.join(", ")}}.`);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const target = e.target as HTMLElement;
    const tag = target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || e.altKey || e.ctrlKey || e.metaKey) return;
    const isButton = tag === "BUTTON" || target.getAttribute("role") === "button" || tag === "SUMMARY";
    if (e.key === " " && !isButton) {
      e.preventDefault();
      dispatch({ type: "toggle-play" });
    } else if (e.key === "ArrowRight") {
      e.preventDefault();
      dispatch({ type: "step-forward" });
    } else if (e.key === "ArrowLeft") {
      e.preventDefault();
      dispatch({ type: "step-back" });
    }
  };

  const chartMetrics = useMemo(() => (recording ? chartSeries(recording, config.series) : null), [recording, config.series]);
  const marks = useMemo(() => (recording && config.markKinds ? groupMarks(recording.trace, config.markKinds, total) : []), [recording, config.markKinds, total]);
  const Stage = config.Stage;
  const nodeMode: StageProps<V>["nodeMode"] = selecting ? "select" : canCrash ? "crash" : "none";
  const heading = title ?? config.title ?? config.definition.title;

  return (
    <>
    <section ref={rootRef} className={styles.root} data-testid={`sim-${config.definition.name}`} aria-labelledby={`${uid}-title`} onKeyDown={onKeyDown}>
      <header className={styles.head}>
        <h3 id={`${uid}-title`} className={styles.title}>
          {heading}
        </h3>
        <p className={styles.summary}>{snap !== null && config.summary ? config.summary(snap) : null}</p>
      </header>

      <div className={styles.stage} role="group" aria-label={`${heading}: picture. Space plays or pauses, arrow keys step between events.`} tabIndex={0}>
        {snap !== null ? (
          <div className={styles.canvas} ref={canvasRef}>
            <Stage snap={snap} t={t} params={params} nodeMode={nodeMode} selected={selected} onNode={onNode} metrics={recording!.metrics} narrow={narrow} />
          </div>
        ) : (
          <RunErrors errors={run.errors} />
        )}
        {config.legend ? <div className={styles.legend}>{config.legend}</div> : null}
      </div>

      <div className={styles.chart}>
        {recording && chartMetrics ? (
          <MetricChart
            metrics={chartMetrics}
            series={config.series}
            selected={state.seriesKey}
            onSelect={(key) => dispatch({ type: "set-series", key })}
            t={t}
            duration={total}
            idPrefix={uid}
          />
        ) : null}
      </div>

      <SidePanel
        uid={uid}
        tab={state.tab}
        onTab={(tab) => dispatch({ type: "set-tab", tab })}
        recording={recording}
        t={t}
        total={total}
        importantKinds={config.importantKinds}
        faults={run.faults}
        onUndo={() => applyFaults(run.faults.slice(0, -1), "Last fault removed.")}
        onClear={() => applyFaults([], "Every fault removed.")}
      />

      <Timeline uid={uid} t={t} total={total} disabled={!recording} marks={marks} dispatch={dispatch} />

      <PlaybackControls
        playing={playing}
        disabled={!recording}
        speed={state.speed}
        dispatch={dispatch}
        onReset={() => dispatch({ type: "reset", run: makeRun(config, seed, params, initialFaults, duration) })}
      />

      <FaultPalette
        config={config}
        supported={supported}
        nodes={nodes}
        selecting={selecting}
        canCrash={canCrash}
        canPartition={canPartition}
        partitionActive={snap !== null && config.partitionActive ? config.partitionActive(snap) : true}
        durable={state.durable}
        notice={state.notice}
        t={t}
        faults={run.faults}
        params={params}
        dispatch={dispatch}
        onPartition={applyPartition}
        onHeal={() => addFault({ at: faultTime(), fault: "heal" }, "Partition healed.")}
        onSlider={(spec, value) => addFault(makeRateFault(spec, faultTime(), value), `${spec.label} set to ${spec.format(value)}.`)}
      />

      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {state.announcement}
      </div>
    </section>
    {config.historyCheck ? (
      <div className={styles.historyCheck}>
        {recording?.history ? <SimulationHistoryCheck key={recordingKey(recording)} history={recording.history} onEvidence={showEvidence} /> : null}
      </div>
    ) : null}
    </>
  );
}

const recordingKeys = new WeakMap<object, number>();
let recordingCount = 0;
/** A key per recording: a new run starts the check over (an old verdict would describe another history). */
function recordingKey(recording: object): number {
  let key = recordingKeys.get(recording);
  if (key === undefined) {
    key = ++recordingCount;
    recordingKeys.set(recording, key);
  }
  return key;
}

const EMPTY: ReadonlySet<number> = new Set();

/**
 * Key moments for the timeline. Events closer than 1.2% of the run would be drawn on top of each other, so
 * they share one flag (at the first of them), which names them all.
 */
export function groupMarks(trace: readonly SimEvent[], kinds: readonly string[], total: number): SimEvent[][] {
  const groups: SimEvent[][] = [];
  for (const e of trace) {
    if (!kinds.includes(e.kind)) continue;
    const last = groups[groups.length - 1];
    if (last && e.t - last[0].t < total * 0.012) last.push(e);
    else groups.push([e]);
  }
  return groups;
}

/** Every chart series sampled at the recording's snapshot times (snapshot-derived ones exactly). */
function chartSeries<V>(recording: Recording<V>, series: SimConfig<V>["series"]): MetricSeries {
  const out: MetricSeries = { intervalMs: recording.metrics.intervalMs, t: recording.times, series: {} };
  for (const s of series) {
    if (s.of) out.series[s.key] = recording.snaps.map((snap) => s.of!(snap));
    else if (recording.metrics.series[s.key]) out.series[s.key] = recording.times.map((tt) => metricAt(recording.metrics, s.key, tt));
  }
  return out;
}

function makeRateFault(spec: SliderSpec, at: number, value: number): Fault {
  const kind = spec.fault;
  if (kind === "delay") return { at, fault: "delay", ms: value, jitter: 0 };
  if (kind === "hotkey") return { at, fault: "hotkey", key: spec.key ?? "hot", share: value };
  return { at, fault: kind, rate: value };
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
