/**
 * The simulation player's state machine: playback (paused ⇄ playing, the clock, speed), the panels, partition
 * selection and announcements. A pure reducer, so every transition is tested without a browser; the React
 * component only dispatches actions and renders. Re-running a simulation (a new fault script) is the one
 * expensive step: it happens outside the reducer, which receives the finished run.
 */
import type { Fault } from "@/lib/sim/faults";
import { eventsUpTo, formatTime, type Recording } from "./recording";

/** Multiples of real time: 1× plays one simulated second per second. */
export const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5, 10];

/** A recorded run of the current fault script, or why it could not run. */
export interface Run<V> {
  faults: Fault[];
  recording: Recording<V> | null;
  errors: string[];
}

export interface PlayerState<V> {
  run: Run<V>;
  /** Duration when the run failed and has no recording. */
  fallbackDuration: number;
  /** Event kinds announced to screen readers when playback crosses them. */
  importantKinds: readonly string[];
  /** Simulated ms. */
  t: number;
  playing: boolean;
  speed: number;
  tab: "events" | "script";
  /** Nodes chosen for partition group A, or null when not choosing. */
  selecting: number[] | null;
  announcement: string;
  /** A fault that could not be added, shown until the next successful change. */
  notice: string | null;
  seriesKey: string;
  /** Restarts keep the node's disk. */
  durable: boolean;
}

export type PlayerAction<V> =
  | { type: "tick"; wallMs: number }
  | { type: "toggle-play" }
  | { type: "pause" }
  | { type: "seek"; t: number }
  | { type: "step-forward" }
  | { type: "step-back" }
  | { type: "set-speed"; speed: number }
  | { type: "set-tab"; tab: PlayerState<V>["tab"] }
  | { type: "start-selecting" }
  | { type: "toggle-selected"; id: number }
  | { type: "cancel-selecting" }
  | { type: "set-series"; key: string }
  | { type: "set-durable"; durable: boolean }
  /** A re-run with a new fault script: kept if it ran, reported as a notice if it did not. */
  | { type: "replace-run"; run: Run<V>; message: string | null; failure: string }
  /** Back to the original script, at t = 0. */
  | { type: "reset"; run: Run<V> };

export function initialPlayerState<V>(
  run: Run<V>,
  options: { fallbackDuration: number; importantKinds: readonly string[]; speed: number; seriesKey: string },
): PlayerState<V> {
  return {
    run,
    fallbackDuration: options.fallbackDuration,
    importantKinds: options.importantKinds,
    t: 0,
    playing: false,
    speed: options.speed,
    tab: "events",
    selecting: null,
    announcement: "",
    notice: null,
    seriesKey: options.seriesKey,
    durable: true,
  };
}

export function durationOf<V>(state: PlayerState<V>): number {
  return state.run.recording?.duration ?? state.fallbackDuration;
}

/** Move the clock (clamped); when `announce`, the latest important event crossed going forward is announced. */
function moveTo<V>(state: PlayerState<V>, next: number, announce: boolean): PlayerState<V> {
  const total = durationOf(state);
  const t = Math.min(Math.max(0, next), total);
  const recording = state.run.recording;
  let announcement = state.announcement;
  if (announce && recording && t > state.t) {
    const from = eventsUpTo(recording.trace, state.t);
    for (let i = eventsUpTo(recording.trace, t) - 1; i >= from; i--) {
      const e = recording.trace[i];
      if (state.importantKinds.includes(e.kind)) {
        announcement = `At ${formatTime(e.t, total)}: ${e.text}`;
        break;
      }
    }
  }
  return { ...state, t, announcement };
}

export function playerReducer<V>(state: PlayerState<V>, action: PlayerAction<V>): PlayerState<V> {
  const recording = state.run.recording;
  const total = durationOf(state);
  switch (action.type) {
    case "tick": {
      if (!state.playing) return state;
      const next = state.t + action.wallMs * state.speed;
      if (next >= total) return { ...moveTo(state, total, true), playing: false };
      return moveTo(state, next, true);
    }
    case "toggle-play":
      if (!recording) return state;
      if (state.playing) return { ...state, playing: false };
      return { ...(state.t >= total ? moveTo(state, 0, false) : state), playing: true };
    case "pause":
      return state.playing ? { ...state, playing: false } : state;
    case "seek":
      return { ...moveTo(state, action.t, false), playing: false };
    case "step-forward": {
      if (!recording) return state;
      const i = eventsUpTo(recording.trace, state.t);
      return { ...moveTo(state, i < recording.trace.length ? recording.trace[i].t : total, true), playing: false };
    }
    case "step-back": {
      if (!recording) return state;
      let i = eventsUpTo(recording.trace, state.t) - 1;
      while (i >= 0 && recording.trace[i].t >= state.t) i--;
      return { ...moveTo(state, i >= 0 ? recording.trace[i].t : 0, false), playing: false };
    }
    case "set-speed":
      return { ...state, speed: action.speed };
    case "set-tab":
      return { ...state, tab: action.tab };
    case "start-selecting":
      return { ...state, selecting: [] };
    case "toggle-selected": {
      if (!state.selecting) return state;
      const has = state.selecting.includes(action.id);
      const selecting = has ? state.selecting.filter((id) => id !== action.id) : [...state.selecting, action.id].sort((a, b) => a - b);
      return { ...state, selecting };
    }
    case "cancel-selecting":
      return { ...state, selecting: null };
    case "set-series":
      return { ...state, seriesKey: action.key };
    case "set-durable":
      return { ...state, durable: action.durable };
    case "replace-run":
      if (!action.run.recording) return { ...state, notice: `${action.failure}: ${action.run.errors.join("; ")}` };
      return {
        ...state,
        run: action.run,
        notice: null,
        selecting: null,
        announcement: action.message ?? state.announcement,
        // The view stays at the same moment of the new run (clamped if the run got shorter).
        t: Math.min(state.t, action.run.recording.duration),
      };
    case "reset":
      return {
        ...state,
        run: action.run,
        t: 0,
        playing: false,
        selecting: null,
        notice: null,
        announcement: "Simulation reset to the start with the original fault script.",
      };
  }
}
