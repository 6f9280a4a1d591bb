import Link from "next/link";

/** Shown (with status 404) when the learner does not exist or is not one of the viewer's learners. */
export default function LearnerNotFound() {
  return (
    <div className="container page mentor-page">
      <div className="card mentor-denied">
        <p className="mentor-denied-code">404 · Not available</p>
        <h1>This learner&apos;s progress is not available</h1>
        <p>
          You can see a learner&apos;s progress only while they are in one of your cohorts. They may have left the cohort, or the link
          may be wrong.
        </p>
        <Link className="button" href="/mentor">Back to your cohorts</Link>
      </div>
    </div>
  );
}
