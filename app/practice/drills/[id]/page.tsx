import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { familyBySlug } from "@/lib/content/families";
import { DRILL_NOTE_MAX, DRILL_TEXT_MAX, DrillError, getDrill, type DrillView } from "@/lib/practice/drill";
import { NotFoundError } from "@/lib/errors";
import { mentorIdsOf } from "@/lib/permissions/relations";
import { DrillRunner } from "@/components/drill/drill-runner";
import { DrillSummary } from "@/components/drill/drill-summary";
import { PromptCard } from "@/components/drill/inline-text";
import { PhaseStepper } from "@/components/drill/phase-stepper";
import { advanceDrillAction, finishDrillAction, readDrillAction, saveDrillTextAction } from "../actions";
import "../drills.css";

export const metadata: Metadata = { title: "Design drill" };

type Params = { params: Promise<{ id: string }> };

export default async function DrillPage({ params }: Params) {
  const { id } = await params;
  const user = await requireUser(`/practice/drills/${id}`);
  const db = await getDb();
  let view: DrillView;
  try {
    // Reading never moves the clock: a reload shows the same deadline, counted from the server's now.
    view = await getDrill(db, user, id, new Date());
  } catch (err) {
    if (err instanceof NotFoundError || (err instanceof DrillError && err.status === 400)) notFound();
    throw err;
  }
  const title = view.prompt?.title ?? "A removed prompt";
  const hasMentor = view.isOwner && (await mentorIdsOf(db, user.id)).length > 0;

  return (
    <div className="container page drill-page">
      <nav className="drill-breadcrumb" aria-label="Breadcrumb">
        <Link href="/practice">Practice</Link>
        <span aria-hidden="true">/</span>
        <Link href="/practice/drills">Design drills</Link>
      </nav>
      <header className="drill-header">
        <h1>{title}</h1>
        {view.prompt ? (
          <p className="drill-families">
            {view.prompt.families.map((f) => (
              <span key={f} className="drill-family">
                {familyBySlug(f)?.name ?? f}
              </span>
            ))}
          </p>
        ) : (
          <p className="muted">This prompt has been removed from Quorum; the answers written for it are kept.</p>
        )}
      </header>
      {view.isOwner && view.stage !== "finished" ? (
        <DrillRunner
          initial={view}
          actions={{ read: readDrillAction, save: saveDrillTextAction, advance: advanceDrillAction, finish: finishDrillAction }}
          textMax={DRILL_TEXT_MAX}
          noteMax={DRILL_NOTE_MAX}
          hasMentor={hasMentor}
        />
      ) : (
        <div className="drill-runner">
          <PhaseStepper phases={view.phases} current={view.currentPhase} stage={view.stage} />
          <div className="drill-columns">
            <div className="drill-main">
              <DrillSummary view={view} headingId="drill-summary-title" />
            </div>
            {view.prompt ? <PromptCard blocks={view.prompt.blocks} /> : null}
          </div>
        </div>
      )}
    </div>
  );
}
