/**
 * A message broker between producers and consumers with at-least-once delivery: a delivered message is
 * invisible for `visibilityTimeoutMs`; without an ack in time it becomes visible again (redelivery), and
 * after `maxAttempts` deliveries it goes to the dead-letter queue. Nodes in fault scripts are consumers.
 */
import { describeFault, type Fault } from "./faults";
import { Kernel } from "./kernel";
import { Cluster } from "./network";
import type { ParamsOf } from "./params";
import { defineSimulation, type ResolvedOptions } from "./simulation";
import type { SimResult } from "./types";

export const queueParams = {
  producers: { type: "number", label: "Producers", default: 2, min: 1, max: 50, integer: true },
  consumers: { type: "number", label: "Consumers", default: 2, min: 1, max: 50, integer: true },
  capacity: { type: "number", label: "Queue capacity (0 = unbounded)", default: 50, min: 0, max: 1_000_000, integer: true },
  whenFull: { type: "enum", label: "When the queue is full", default: "reject", options: ["reject", "block"] },
  maxAttempts: { type: "number", label: "Deliveries before dead-lettering", default: 3, min: 1, max: 100, integer: true },
  idempotent: { type: "boolean", label: "Idempotent consumer (dedupe by message id)", default: false },
  produceRate: { type: "number", label: "Messages per second per producer", default: 3, min: 0, max: 10_000 },
  processingMs: { type: "number", label: "Mean processing time", default: 300, min: 1, max: 600_000, unit: "ms" },
  visibilityTimeoutMs: { type: "number", label: "Visibility timeout", default: 1000, min: 1, max: 600_000, unit: "ms" },
  failureRate: { type: "number", label: "Share of processing attempts that fail", default: 0.05, min: 0, max: 1 },
  produceForMs: { type: "number", label: "Producers stop after (0 = never)", default: 0, min: 0, max: 600_000, unit: "ms" },
} as const;

export type QueueParams = ParamsOf<typeof queueParams>;

export interface QueueMessageView {
  id: number;
  attempts: number;
  producedAt: number;
}

export interface ConsumerView {
  id: number;
  up: boolean;
  slowFactor: number;
  /** Message being processed, if any. */
  processing: number | null;
}

export interface QueueState {
  t: number;
  ready: QueueMessageView[];
  inFlight: (QueueMessageView & { consumer: number; visibleAt: number })[];
  deadLetter: QueueMessageView[];
  consumers: ConsumerView[];
  blockedProducers: number[];
  counts: {
    produced: number;
    rejected: number;
    processed: number;
    duplicatesProcessed: number;
    duplicatesSuppressed: number;
    redelivered: number;
    deadLettered: number;
    maxQueueDepth: number;
  };
  /** Messages produced and not yet acknowledged or dead-lettered. */
  lag: number;
}

export type QueueResult = SimResult<QueueParams, QueueState>;

interface Message {
  id: number;
  attempts: number;
  producedAt: number;
  /** Bumped at each delivery, so that a stale visibility timer is ignored. */
  delivery: number;
  consumer: number;
  visibleAt: number;
}

function buildQueue({ seed, params, faults, sampleEveryMs, eventBudget }: ResolvedOptions<QueueParams>) {
  const kernel = new Kernel(seed, sampleEveryMs, eventBudget);
  const produceRng = kernel.rng.fork();
  const workRng = kernel.rng.fork();
  const consumers = new Cluster(kernel, kernel.rng.fork(), params.consumers, { baseMs: 0, jitterMs: 0 });
  const ready: Message[] = [];
  const inFlight = new Map<number, Message>();
  const deadLetter: Message[] = [];
  const processing = new Array<number | null>(params.consumers + 1).fill(null);
  const idle: number[] = [...consumers.ids];
  /** Side effects per message id (the consumer's database), which survives consumer crashes. */
  const sideEffects = new Map<number, number>();
  const acked = new Set<number>();
  const blocked: { producer: number; message: Message }[] = [];
  const counts = { produced: 0, rejected: 0, processed: 0, duplicatesProcessed: 0, duplicatesSuppressed: 0, redelivered: 0, deadLettered: 0, maxQueueDepth: 0 };
  let ratePerProducer = params.produceRate;
  let failureRate = params.failureRate;
  let nextId = 0;

  const depth = () => ready.length + inFlight.size;
  const full = () => params.capacity > 0 && depth() >= params.capacity;

  function enqueue(m: Message): void {
    ready.push(m);
    counts.maxQueueDepth = Math.max(counts.maxQueueDepth, depth());
    dispatch();
  }

  /** Hand ready messages to idle, running consumers. */
  function dispatch(): void {
    while (ready.length > 0 && idle.length > 0) {
      const consumer = idle.shift()!;
      if (!consumers.isUp(consumer)) continue;
      deliver(ready.shift()!, consumer);
    }
  }

  function deliver(m: Message, consumer: number): void {
    m.attempts++;
    m.delivery++;
    m.consumer = consumer;
    m.visibleAt = kernel.now + params.visibilityTimeoutMs;
    inFlight.set(m.id, m);
    processing[consumer] = m.id;
    if (m.attempts > 1) {
      counts.redelivered++;
      kernel.log("redeliver", `Message ${m.id} redelivered to consumer ${consumer} (attempt ${m.attempts} of ${params.maxAttempts})`, { node: consumer, message: m.id, attempt: m.attempts });
    }
    const delivery = m.delivery;
    kernel.schedule(params.visibilityTimeoutMs, () => visibilityExpired(m, delivery));
    consumers.timer(consumer, workRng.exponential(params.processingMs) * consumers.slowness(consumer), () => finishProcessing(consumer, m));
  }

  function visibilityExpired(m: Message, delivery: number): void {
    if (m.delivery !== delivery || !inFlight.has(m.id)) return;
    inFlight.delete(m.id);
    if (m.attempts >= params.maxAttempts) {
      deadLetter.push(m);
      counts.deadLettered++;
      kernel.log("dead-letter", `Message ${m.id} moved to the dead-letter queue after ${m.attempts} unacknowledged deliveries`, { message: m.id });
      unblockProducers();
    } else {
      // Not acked in time: visible again, ahead of newer messages (the consumer may still be working on it:
      // a duplicate in the making).
      ready.unshift(m);
      dispatch();
    }
  }

  function finishProcessing(consumer: number, m: Message): void {
    processing[consumer] = null;
    if (workRng.chance(failureRate)) {
      kernel.log("failure", `Consumer ${consumer} failed to process message ${m.id}; it will be redelivered after the visibility timeout`, { node: consumer, message: m.id });
    } else {
      const done = sideEffects.get(m.id) ?? 0;
      if (done > 0 && params.idempotent) {
        counts.duplicatesSuppressed++;
        kernel.log("dedupe", `Consumer ${consumer} skipped message ${m.id}: already processed (idempotent consumer)`, { node: consumer, message: m.id });
      } else {
        sideEffects.set(m.id, done + 1);
        if (done > 0) {
          counts.duplicatesProcessed++;
          kernel.log("duplicate", `Consumer ${consumer} processed message ${m.id} again: duplicate side effect`, { node: consumer, message: m.id });
        }
      }
      // Ack by message id: removes it wherever it is, even if a timeout already made it visible again.
      if (!acked.has(m.id) && !deadLetter.includes(m)) {
        acked.add(m.id);
        counts.processed++;
      }
      inFlight.delete(m.id);
      const i = ready.indexOf(m);
      if (i >= 0) ready.splice(i, 1);
      unblockProducers();
    }
    idle.push(consumer);
    dispatch();
  }

  function unblockProducers(): void {
    while (blocked.length > 0 && !full()) {
      const { producer, message } = blocked.shift()!;
      kernel.log("unblocked", `Producer ${producer} unblocked: message ${message.id} enqueued`, { producer, message: message.id });
      enqueue(message);
      scheduleProduce(producer);
    }
  }

  const producing = () => params.produceForMs === 0 || kernel.now < params.produceForMs;

  /** Producers with a message scheduled or waiting to enqueue; a load fault restarts only the others. */
  const producerActive = new Array<boolean>(params.producers + 1).fill(false);

  function scheduleProduce(producer: number): void {
    producerActive[producer] = ratePerProducer > 0;
    if (ratePerProducer <= 0) return; // a load fault restarts it
    kernel.schedule(produceRng.exponential(1000 / ratePerProducer), () => {
      producerActive[producer] = false;
      if (!producing() || ratePerProducer <= 0) return;
      const message: Message = { id: ++nextId, attempts: 0, producedAt: kernel.now, delivery: 0, consumer: 0, visibleAt: 0 };
      if (full()) {
        if (params.whenFull === "block") {
          counts.produced++;
          producerActive[producer] = true;
          blocked.push({ producer, message });
          kernel.log("blocked", `Producer ${producer} blocked: the queue is full (${params.capacity} messages)`, { producer });
          return;
        }
        counts.rejected++;
        nextId--; // a rejected message never existed for the broker
        kernel.log("rejected", `Producer ${producer}'s message rejected: the queue is full (${params.capacity} messages)`, { producer });
      } else {
        counts.produced++;
        enqueue(message);
      }
      scheduleProduce(producer);
    });
  }

  function applyFault(f: Fault): void {
    switch (f.fault) {
      case "crash": {
        if (!consumers.isUp(f.node)) return;
        consumers.crash(f.node);
        const holding = processing[f.node];
        processing[f.node] = null;
        const i = idle.indexOf(f.node);
        if (i >= 0) idle.splice(i, 1);
        kernel.log("crash", `Consumer ${f.node} crashed${holding !== null ? ` while processing message ${holding} (it will be redelivered)` : ""}`, { node: f.node });
        return;
      }
      case "restart":
        if (consumers.isUp(f.node)) return;
        consumers.restart(f.node);
        kernel.log("restart", `Consumer ${f.node} restarted`, { node: f.node });
        idle.push(f.node);
        dispatch();
        return;
      case "slow":
        consumers.applyNetworkFault(f);
        break;
      case "load": {
        const wasIdle = ratePerProducer <= 0;
        ratePerProducer = f.rate / params.producers;
        // A producer with a message scheduled or blocked carries on at the new rate; a second stream would double it.
        if (wasIdle) for (let p = 1; p <= params.producers; p++) if (!producerActive[p]) scheduleProduce(p);
        break;
      }
      case "errors":
        failureRate = f.rate;
        break;
    }
    kernel.log("fault", describeFault(f, "Consumer"), { fault: f.fault });
  }

  for (const f of faults) kernel.at(f.at, () => applyFault(f));
  for (let p = 1; p <= params.producers; p++) scheduleProduce(p);
  kernel.sample(() => ({
    depth: depth(),
    ready: ready.length,
    inFlight: inFlight.size,
    lag: depth() + blocked.length,
    processed: counts.processed,
    deadLettered: counts.deadLettered,
    rejected: counts.rejected,
    duplicatesProcessed: counts.duplicatesProcessed,
    oldestAgeMs: ready.length > 0 ? kernel.now - Math.min(...ready.map((m) => m.producedAt)) : 0,
  }));

  const messageView = (m: Message): QueueMessageView => ({ id: m.id, attempts: m.attempts, producedAt: m.producedAt });
  const view = (): QueueState => ({
    t: kernel.now,
    ready: ready.map(messageView),
    inFlight: [...inFlight.values()].map((m) => ({ ...messageView(m), consumer: m.consumer, visibleAt: m.visibleAt })),
    deadLetter: deadLetter.map(messageView),
    consumers: consumers.ids.map((id) => ({ id, up: consumers.isUp(id), slowFactor: consumers.slowness(id), processing: processing[id] })),
    blockedProducers: blocked.map((b) => b.producer),
    counts: { ...counts },
    lag: depth() + blocked.length,
  });

  return { kernel, view };
}

export const queue = defineSimulation({
  name: "queue",
  title: "Message queue: at-least-once delivery, dead letters and back-pressure",
  description:
    "Producers publish to a broker; consumers ack after processing. Missing acks cause redelivery (and duplicates), repeated failures go to the dead-letter queue, and a bounded queue pushes back on producers.",
  paramsSchema: queueParams,
  defaultDuration: 20_000,
  supportedFaults: ["crash", "restart", "slow", "load", "errors"],
  exampleFaults: [
    { at: 5000, fault: "crash", node: 1 },
    { at: 8000, fault: "load", rate: 20 },
    { at: 12000, fault: "restart", node: 1, durable: true },
    { at: 15000, fault: "load", rate: 4 },
  ],
  nodeWord: "consumer",
  nodeCount: (p) => p.consumers,
  build: buildQueue,
  queries: {
    deadLettered: (r) => r.final.counts.deadLettered,
    duplicatesProcessed: (r) => r.final.counts.duplicatesProcessed,
    maxQueueDepth: (r) => r.final.counts.maxQueueDepth,
    rejected: (r) => r.final.counts.rejected,
    processed: (r) => r.final.counts.processed,
    lagAtEnd: (r) => r.final.lag,
  },
});
