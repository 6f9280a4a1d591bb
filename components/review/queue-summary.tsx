import type { QueueView } from "@/lib/views/review";

/** Today's queue at a glance: what is due, what is new, what is done, and the daily limits. */
export function QueueSummary({ queue }: { queue: QueueView }) {
  return (
    <dl className="queue-summary" aria-label="Today's queue">
      <div>
        <dt>Due</dt>
        <dd>{queue.due}</dd>
      </div>
      <div>
        <dt>New</dt>
        <dd>{queue.newAvailable}</dd>
      </div>
      <div>
        <dt>Done today</dt>
        <dd>{queue.doneToday}</dd>
      </div>
      <div className="queue-summary-limits">
        <dt>Daily limits</dt>
        <dd>
          {queue.limits.newPerDay} new · {queue.limits.reviewsPerDay} reviews
        </dd>
      </div>
    </dl>
  );
}
