"use client";
/**
 * The simulation components lessons embed, keyed by MDX component name. Each entry is a light wrapper:
 * it reserves the player's exact box (so nothing shifts) and loads the simulation code only when the
 * box comes near the viewport.
 */
import { Component, Suspense, lazy, useEffect, useRef, useState, type ComponentType, type ReactNode } from "react";
import styles from "./sim.module.css";

export type SimProps = Record<string, unknown>;
type Loader = () => Promise<{ default: ComponentType<SimProps> }>;

interface Entry {
  /** Registry name in lib/sim (used in test ids and the preview route). */
  name: string;
  title: string;
  load: Loader;
  /** The player has a linearizability check below it (its button row is reserved while loading). */
  historyCheck?: boolean;
}

export const SIM_ENTRIES: Record<string, Entry> = {
  RaftSim: { name: "raft", title: "Raft: leader election and log replication", historyCheck: true, load: () => import("./raft-sim") as Promise<{ default: ComponentType<SimProps> }> },
  QuorumSim: { name: "quorum", title: "Leaderless replication with read and write quorums", historyCheck: true, load: () => import("./quorum-sim") as Promise<{ default: ComponentType<SimProps> }> },
  HashRingSim: { name: "hashring", title: "Consistent hashing with virtual nodes", load: () => import("./hashring-sim") as Promise<{ default: ComponentType<SimProps> }> },
  QueueSim: { name: "queue", title: "A work queue with retries and a dead-letter queue", load: () => import("./queue-sim") as Promise<{ default: ComponentType<SimProps> }> },
  RetrySim: { name: "retry", title: "Retries, backoff and a circuit breaker", load: () => import("./retry-sim") as Promise<{ default: ComponentType<SimProps> }> },
  BalancerSim: { name: "balancer", title: "Load balancing across servers", load: () => import("./balancer-sim") as Promise<{ default: ComponentType<SimProps> }> },
  CacheSim: { name: "cache", title: "A cache in front of a database", load: () => import("./cache-sim") as Promise<{ default: ComponentType<SimProps> }> },
};

/** MDX component name for a registry name ("raft" → "RaftSim"). */
export function componentNameFor(name: string): string | undefined {
  return Object.keys(SIM_ENTRIES).find((k) => SIM_ENTRIES[k].name === name);
}

function Placeholder({ title, onLoad, loading, historyCheck }: { title: string; onLoad?: () => void; loading: boolean; historyCheck?: boolean }) {
  return (
    <>
    <div className={`${styles.root} ${styles.placeholder}`} aria-busy={loading}>
      <header className={styles.head}>
        <h3 className={styles.title}>{title}</h3>
        <p className={styles.summary}>Interactive simulation</p>
      </header>
      <div className={styles.placeholderStage}>
        {loading ? <div className={styles.shimmer} aria-hidden="true" /> : null}
        <p>{loading ? "Loading the simulation…" : "The simulation loads when you scroll to it."}</p>
        {!loading && onLoad ? (
          <button type="button" className={styles.button} onClick={onLoad}>
            Load it now
          </button>
        ) : null}
      </div>
    </div>
    {historyCheck ? <div className={styles.historyCheck} aria-hidden="true" /> : null}
    </>
  );
}

class SimErrorBoundary extends Component<{ title: string; children: ReactNode }, { error: string | null }> {
  state = { error: null as string | null };
  static getDerivedStateFromError(err: unknown) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
  render() {
    if (this.state.error) {
      return (
        <div className={`${styles.root} ${styles.placeholder}`}>
          <header className={styles.head}>
            <h3 className={styles.title}>{this.props.title}</h3>
          </header>
          <div className={styles.placeholderStage} role="alert">
            <p>
              <strong>This simulation failed to load.</strong>
            </p>
            <p>{this.state.error}</p>
          </div>
        </div>
      );
    }
    return this.props.children;
  }
}

function makeLazySim(entry: Entry): ComponentType<SimProps> {
  const Impl = lazy(entry.load);
  function LazySim(props: SimProps) {
    const ref = useRef<HTMLDivElement>(null);
    const [visible, setVisible] = useState(false);
    useEffect(() => {
      const el = ref.current;
      if (!el) return;
      const io = new IntersectionObserver(
        (entries) => {
          if (entries.some((e) => e.isIntersecting)) {
            setVisible(true);
            io.disconnect();
          }
        },
        { rootMargin: "200px 0px" },
      );
      io.observe(el);
      return () => io.disconnect();
    }, []);
    const title = typeof props.title === "string" ? props.title : entry.title;
    // A new key when the props change: the player starts over from the new seed/params/faults.
    const key = JSON.stringify(props);
    return (
      <div ref={ref} className={styles.frame} data-sim={entry.name}>
        {visible ? (
          <SimErrorBoundary title={title}>
            <Suspense fallback={<Placeholder title={title} loading historyCheck={entry.historyCheck} />}>
              <Impl key={key} {...props} />
            </Suspense>
          </SimErrorBoundary>
        ) : (
          <Placeholder title={title} loading={false} onLoad={() => setVisible(true)} historyCheck={entry.historyCheck} />
        )}
      </div>
    );
  }
  LazySim.displayName = `Lazy(${entry.name})`;
  return LazySim;
}

export const simComponents: Record<string, ComponentType<SimProps>> = Object.fromEntries(
  Object.entries(SIM_ENTRIES).map(([component, entry]) => [component, makeLazySim(entry)]),
);

/**
 * One simulation by its MDX component name: what a server-rendered lesson embeds (its props are
 * plain data from the MDX file, so they cross to the browser as they are).
 */
export function EmbeddedSim({ component, ...props }: SimProps & { component: string }) {
  const Sim = simComponents[component];
  return Sim ? <Sim {...props} /> : null;
}

const LazyTask = lazy(() => import("./sim-task") as Promise<{ default: ComponentType<SimProps> }>);

/**
 * A guided task (`<SimTask id="…" />`): loaded like a simulation, when it comes near the viewport. The
 * placeholder is a player's box, so the page moves only by the task's few lines of text when it loads.
 */
export function EmbeddedSimTask(props: SimProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && (setVisible(true), io.disconnect()), { rootMargin: "200px 0px" });
    io.observe(el);
    return () => io.disconnect();
  }, []);
  const title = "Guided task";
  return (
    <div ref={ref} data-sim-task={typeof props.id === "string" ? props.id : undefined}>
      {visible ? (
        <SimErrorBoundary title={title}>
          <Suspense fallback={<div className={styles.frame}><Placeholder title={title} loading /></div>}>
            <LazyTask {...props} />
          </Suspense>
        </SimErrorBoundary>
      ) : (
        <div className={styles.frame}>
          <Placeholder title={title} loading={false} onLoad={() => setVisible(true)} />
        </div>
      )}
    </div>
  );
}
