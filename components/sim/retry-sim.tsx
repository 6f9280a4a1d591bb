"use client";
/** A client calling a flaky dependency: retries, backoff with jitter, and a circuit breaker (closed, open, half-open). */
import { retry, type RetryState } from "@/lib/sim/retry";
import { makeSimComponent, metricAt, type SimConfig, type StageProps } from "./player";
import { Connector, MetricBox, StageSvg, param, sliders, stackBoxes, statLines, withoutTime } from "./stage-parts";
import styles from "./sim.module.css";

export type RetrySnap = Omit<RetryState, "t">;

const W = 660;
const H = 330;
const STRATEGY: Record<RetryState["strategy"], string> = {
  none: "No retries",
  retry: "Immediate retries",
  backoff: "Exponential backoff with jitter",
  breaker: "Circuit breaker, no retries",
};

function RetryStage({ snap, t, metrics, params, narrow }: StageProps<RetrySnap>) {
  const callsPerSec = metricAt(metrics, "dependencyCallsPerSec", t);
  const okPerSec = metricAt(metrics, "successPerSec", t);
  const concurrency = Number(params.dependencyConcurrency ?? retry.defaults.dependencyConcurrency);
  const amplification = snap.requestsPerSec > 0 ? callsPerSec / snap.requestsPerSec : 0;
  const breaker = snap.breaker;
  const breakerBox = breaker === "open" ? styles.boxBad : breaker === "half-open" ? styles.boxWarn : styles.boxOk;
  const depBox = snap.errorRate >= 0.5 ? styles.boxBad : snap.errorRate >= 0.1 ? styles.boxWarn : styles.box;
  const c = snap.counts;
  const boxes = [
    { w: 150, h: 110, wide: { x: 20, y: 70 } },
    { w: 156, h: 90, wide: { x: 252, y: 80 } },
    { w: 160, h: 130, wide: { x: 480, y: 60 } },
  ];
  const { at, bottom, box } = stackBoxes(narrow, boxes);
  const stats = statLines(
    narrow,
    [
      [`requests ${c.clientRequests}`, `succeeded ${c.successfulRequests}`, `failed ${c.failedRequests}`, `shed by the breaker ${c.shedRequests}`],
      [
        `calls ${c.dependencyCalls}`,
        `errors ${c.dependencyFailures}`,
        `rejected ${c.overloadRejections}`,
        `timed out ${c.timeouts}`,
        { text: `wasted ${c.wastedCalls}`, className: c.wastedCalls > 0 ? styles.textWarn : undefined },
      ],
      [
        {
          text: `calls per request so far: ${c.clientRequests > 0 ? (c.dependencyCalls / c.clientRequests).toFixed(2) : "—"}`,
          className: c.clientRequests > 0 && c.dependencyCalls / c.clientRequests > 1.5 ? styles.textWarn : undefined,
        },
      ],
    ],
    { wide: H - 56, narrow: bottom + 28 },
    { lineH: 22 },
  );
  return (
    <StageSvg narrow={narrow} w={W} h={H} height={bottom + 40 + stats.height} label={describe(snap, callsPerSec)}>
      <MetricBox at={at[0]} w={150} h={110} title="Clients" value={`${Math.round(snap.requestsPerSec)}/s`} lines={["requests offered", `${Math.round(okPerSec)}/s succeed`]} />

      <Connector from={box(0)} to={box(1)} narrow={narrow} />
      <g transform={`translate(${at[1].x}, ${at[1].y})`}>
        <rect width={156} height={90} rx={10} className={breaker ? breakerBox : styles.box} />
        <text x={78} y={24} textAnchor="middle" className={styles.label}>{breaker ? "Circuit breaker" : "Retry policy"}</text>
        <text x={78} y={50} textAnchor="middle" className={breaker === "open" ? styles.textBad : breaker === "half-open" ? styles.textWarn : breaker ? styles.textOk : styles.small}>
          {breaker ? breaker.toUpperCase() : STRATEGY[snap.strategy]}
        </text>
        <text x={78} y={72} textAnchor="middle" className={styles.small}>
          {breaker === "open"
            ? "failing fast, no calls"
            : breaker === "half-open"
              ? "letting probes through"
              : breaker
                ? "calls pass through"
                : `up to ${String(params.maxRetries ?? retry.defaults.maxRetries)} retries`}
        </text>
      </g>
      <Connector from={box(1)} to={box(2)} narrow={narrow} />

      <MetricBox
        at={at[2]}
        w={160}
        h={130}
        className={depBox}
        title="Dependency"
        value={`${Math.round(callsPerSec)}/s`}
        lines={[
          { text: `calls · ${amplification.toFixed(1)}× offered`, className: amplification > 1.5 ? styles.textWarn : undefined },
          { text: `${Math.round(snap.errorRate * 100)}% errors`, className: snap.errorRate >= 0.1 ? styles.textBad : undefined },
        ]}
      >
        <rect x={14} y={104} width={132} height={6} rx={3} className={styles.fillMuted} />
        <rect x={14} y={104} width={(132 * Math.min(snap.dependencyInFlight, concurrency)) / concurrency} height={6} rx={3} className={snap.dependencyInFlight >= concurrency ? styles.fillBad : styles.fillAccent} />
        <text x={80} y={124} textAnchor="middle" className={snap.dependencyQueue > concurrency ? styles.textWarn : styles.small}>
          {snap.dependencyInFlight}/{concurrency} busy · {snap.dependencyQueue} queued
        </text>
      </MetricBox>
      {stats.node}
    </StageSvg>
  );
}

function describe(s: RetrySnap, callsPerSec: number): string {
  return `${STRATEGY[s.strategy]}. ${Math.round(s.requestsPerSec)} requests per second offered, ${Math.round(callsPerSec)} dependency calls per second, dependency error rate ${Math.round(
    s.errorRate * 100,
  )}%${s.breaker ? `, breaker ${s.breaker}` : ""}. ${s.counts.successfulRequests} of ${s.counts.clientRequests} requests succeeded.`;
}

export const retryConfig: SimConfig<RetrySnap> = {
  title: "Retries, backoff and a circuit breaker",
  definition: retry,
  compact: withoutTime<RetryState>,
  Stage: RetryStage,
  gridMs: 50,
  defaultSpeed: 2,
  series: [
    { key: "dependencyCallsPerSec", label: "Dependency calls per second" },
    { key: "successPerSec", label: "Goodput: successful requests per second" },
    { key: "successRatio", label: "Success ratio" },
    { key: "dependencyInFlight", label: "Dependency calls in flight" },
    { key: "dependencyQueue", label: "Dependency queue" },
    { key: "timeoutsPerSec", label: "Client timeouts per second" },
    { key: "wastedCallsPerSec", label: "Wasted calls per second (client gone)" },
    { key: "breaker", label: "Breaker (0 closed, 1 open, 2 half-open)" },
  ],
  importantKinds: ["breaker", "fault", "overload", "recovered"],
  markKinds: ["overload", "recovered", "breaker"],
  nodeWord: "Node",
  sliders: [
    sliders.errors("Dependency errors", param(retry.defaults, "errorRate")),
    sliders.load("Load", 500, 10, param(retry.defaults, "requestsPerSec")),
    sliders.delay("Extra latency", 1000),
  ],
  summary: (s) => (
    <>
      <strong>{STRATEGY[s.strategy]}</strong>
      {s.breaker ? ` · breaker ${s.breaker}` : ""} · {s.counts.successfulRequests}/{s.counts.clientRequests} succeeded
    </>
  ),
};

export default makeSimComponent(retryConfig, 5);
