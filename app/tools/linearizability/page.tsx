import type { Metadata } from "next";
import Link from "next/link";
import { EXAMPLES } from "@/lib/lincheck/examples";
import { LinearizabilityChecker } from "./checker";
import "./linearizability.css";

export const metadata: Metadata = {
  title: "Linearizability checker",
  description:
    "Paste a Jepsen or Knossos history, or a simulation run, and get a proof: a linearization, or the read that could not have happened and the write it missed.",
};

export default function LinearizabilityPage() {
  return (
    <div className="container page lc-page">
      <header className="lc-header">
        <p className="lc-eyebrow">Tool</p>
        <h1>Linearizability checker</h1>
        <p className="lead muted">
          Paste what your clients saw, from a Jepsen test or from one of Quorum&apos;s simulations. The checker searches for an order
          that explains every result and either shows it, or shows the operation that could not have happened and the write it missed.
        </p>
      </header>

      <LinearizabilityChecker examples={EXAMPLES} />

      <section className="lc-about" aria-labelledby="lc-about-title">
        <h2 id="lc-about-title">How it decides</h2>
        <div className="lc-about-grid">
          <div>
            <h3>What linearizable means here</h3>
            <p>
              Every operation must appear to take effect at one moment between its invocation and its return, in an order that a
              single copy of the data would produce. Operations that never returned (a crashed client, Jepsen&apos;s{" "}
              <code>:info</code>) may take effect at any later moment, or never.
            </p>
          </div>
          <div>
            <h3>How it searches</h3>
            <p>
              The Wing &amp; Gong search with Lowe&apos;s memo of visited states, as in Porcupine and Knossos, one key at a time.
              The problem is NP-complete in general; real histories of a few thousand operations take well under a second. After 10
              seconds the answer is &ldquo;unknown&rdquo; rather than a hang.
            </p>
          </div>
          <div>
            <h3>Formats</h3>
            <ul className="lc-formats">
              <li>
                Jepsen etcd log: <code>INFO jepsen.util - 0 :invoke :cas [1 2]</code>
              </li>
              <li>
                Knossos EDN: <code>{'{:process 0, :type :ok, :f :get, :key "k", :value "a"}'}</code>
              </li>
              <li>
                Simulation run (JSON): <code>{'[{"id": 0, "client": 1, "kind": "read", …}]'}</code>
              </li>
            </ul>
          </div>
        </div>
        <p className="lc-lesson-link">
          Why it works, what it cannot tell you, and how to talk about it in an interview:{" "}
          <Link href="/learn/replication/consistency-checking">Checking consistency: linearizability in practice</Link>.
        </p>
      </section>
    </div>
  );
}
