"use client";
/** A cache in front of a database with TTL expiry and a hot key: stampedes with and without request coalescing. */
import { cache, type CacheState } from "@/lib/sim/cache";
import { makeSimComponent, metricAt, type SimConfig, type StageProps } from "./player";
import { Connector, MetricBox, StageSvg, param, sliders, stackBoxes, statLines, withoutTime } from "./stage-parts";
import styles from "./sim.module.css";

export type CacheSnap = Omit<CacheState, "t">;

const W = 660;
const H = 340;

function CacheStage({ snap, t, metrics, params, narrow }: StageProps<CacheSnap>) {
  const hitRatio = metricAt(metrics, "hitRatio", t, 1);
  const dbPerSec = metricAt(metrics, "dbQueriesPerSec", t);
  const ttl = Number(params.ttl ?? cache.defaults.ttl);
  const coalescing = Boolean(params.coalescing ?? cache.defaults.coalescing);
  const hotLeft = snap.hotKeyExpiresAt !== null ? Math.max(0, snap.hotKeyExpiresAt - t) : 0;
  const c = snap.counts;
  const dbBox = snap.dbInFlight >= 20 ? styles.boxBad : snap.dbInFlight >= 5 ? styles.boxWarn : styles.box;
  const boxes = [
    { w: 140, h: 110, wide: { x: 20, y: 80 } },
    { w: 200, h: 170, wide: { x: 230, y: 50 } },
    { w: 150, h: 150, wide: { x: 490, y: 60 } },
  ];
  const { at, bottom, box } = stackBoxes(narrow, boxes);
  const capacity = Number(params.capacity ?? 0);
  const stats = statLines(
    narrow,
    [
      [`hits ${c.hits}`, `misses ${c.misses}`, `failed ${c.failed}`, `database queries ${c.dbQueries} (${c.dbQueriesForHotKey} for the hot key)`],
      [
        { text: `peak database concurrency ${c.maxDbConcurrency}`, className: c.maxDbConcurrency > 20 ? styles.textWarn : undefined },
        `TTL ${(ttl / 1000).toFixed(1)} s`,
        ...(capacity > 0 ? [`${String(params.eviction ?? cache.defaults.eviction).toUpperCase()} capacity ${capacity}, ${c.evictions} evictions`] : []),
      ],
    ],
    { wide: H - 36, narrow: bottom + 28 },
    { lineH: 22 },
  );
  return (
    <StageSvg narrow={narrow} w={W} h={H} height={bottom + 40 + stats.height} label={describe(snap, hitRatio, coalescing)}>
      <MetricBox at={at[0]} w={140} h={110} title="Clients" value={c.requests} lines={["requests", `${Math.round(snap.hotShare * 100)}% for ${snap.hotKey}`]} />
      <Connector from={box(0)} to={box(1)} narrow={narrow} />
      <g transform={`translate(${at[1].x}, ${at[1].y})`}>
        <rect width={200} height={170} rx={10} className={styles.boxAccent} />
        <text x={100} y={24} textAnchor="middle" className={styles.label}>Cache {coalescing ? "(coalescing on)" : "(no coalescing)"}</text>
        <text x={100} y={56} textAnchor="middle" className={styles.big}>{Math.round(hitRatio * 100)}%</text>
        <text x={100} y={76} textAnchor="middle" className={styles.small}>hit ratio now · {snap.cachedKeys} keys cached</text>
        <text x={100} y={104} textAnchor="middle" className={snap.hotKeyExpiresAt === null ? styles.textWarn : styles.label}>
          Hot key “{snap.hotKey}”: {snap.hotKeyExpiresAt === null ? "not cached" : `expires in ${(hotLeft / 1000).toFixed(1)} s`}
        </text>
        <rect x={20} y={116} width={160} height={8} rx={4} className={styles.fillMuted} />
        <rect x={20} y={116} width={(160 * Math.min(hotLeft, ttl)) / ttl} height={8} rx={4} className={styles.fillAccent} />
        <text x={100} y={150} textAnchor="middle" className={styles.small}>{c.coalesced} requests waited on a shared fill</text>
      </g>
      <Connector from={box(1)} to={box(2)} narrow={narrow} />
      <MetricBox
        at={at[2]}
        w={150}
        h={150}
        className={dbBox}
        title="Database"
        value={snap.dbInFlight}
        lines={[
          "queries in flight",
          `${Math.round(dbPerSec)} queries/s`,
          { text: `peak ${c.maxHotKeyDbConcurrency} for “${snap.hotKey}”`, className: c.maxHotKeyDbConcurrency > 1 ? styles.textWarn : undefined },
        ]}
      />
      {stats.node}
    </StageSvg>
  );
}

function describe(s: CacheSnap, hitRatio: number, coalescing: boolean): string {
  return `Cache ${coalescing ? "with" : "without"} request coalescing: hit ratio ${Math.round(hitRatio * 100)}%, hot key ${s.hotKey} ${
    s.hotKeyExpiresAt === null ? "not cached" : "cached"
  }, ${s.dbInFlight} database queries in flight, peak ${s.counts.maxHotKeyDbConcurrency} concurrent queries for the hot key.`;
}

export const cacheConfig: SimConfig<CacheSnap> = {
  title: "A cache in front of a database",
  definition: cache,
  compact: withoutTime<CacheState>,
  Stage: CacheStage,
  gridMs: 25,
  defaultSpeed: 2,
  series: [
    { key: "dbInFlight", label: "Database queries in flight" },
    { key: "dbQueriesPerSec", label: "Database queries per second" },
    { key: "hitRatio", label: "Hit ratio" },
  ],
  importantKinds: ["stampede", "refill", "fault"],
  nodeWord: "Node",
  sliders: [
    sliders.load("Load", 2000, 50, param(cache.defaults, "requestsPerSec")),
    sliders.hotkeyShare("hot", param(cache.defaults, "hotShare")),
    sliders.errors("Database errors"),
    sliders.delay("Extra database latency", 1000),
  ],
  summary: (s) => (
    <>
      <strong>{s.counts.dbQueries} database queries</strong> · peak {s.counts.maxHotKeyDbConcurrency} concurrent for {s.hotKey}
    </>
  ),
};

export default makeSimComponent(cacheConfig, 6);
