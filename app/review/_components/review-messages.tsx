"use client";
/** What the last request said: a failure (with Retry when the server could not be reached), a card set aside, a notice. */
import type { LessonLink } from "@/lib/views/review";
import { RereadLink } from "./review-card";
import type { Busy, Failure, Retry } from "./review-state";

export function ReviewMessages({
  failure,
  leech,
  notice,
  busy,
  onRetry,
}: {
  failure: Failure | null;
  leech: LessonLink | null;
  notice: string | null;
  busy: Busy | null;
  onRetry: (retry: Retry) => void;
}) {
  const retry = failure?.retry;
  return (
    <div className="review-messages" aria-live="polite">
      {failure ? (
        <div className="form-error review-failure" role="alert">
          <span>{failure.message}</span>
          {retry ? (
            <button type="button" className="button secondary" onClick={() => onRetry(retry)} disabled={busy !== null}>
              Retry
            </button>
          ) : null}
        </div>
      ) : null}
      {leech ? (
        <div className="review-leech" role="status">
          <strong>That card keeps slipping, so it has been set aside.</strong> After eight lapses more drilling rarely helps; re-reading does.
          It waits under Set-aside cards below until you bring it back.{" "}
          <RereadLink lesson={leech} />
        </div>
      ) : null}
      {notice ? <p className="notice review-notice">{notice}</p> : null}
    </div>
  );
}
