"use server";
// The drill pages' server actions. Each one reads the signed-in user and asks the permissions
// module; lib/practice/drill.ts validates the input, scopes every write to the user's own drill
// and keeps time with the server's clock.
import { redirect } from "next/navigation";
import { actingUser, requireUser } from "@/lib/auth/session.server";
import { getDb } from "@/lib/db/client.server";
import { ownData } from "@/lib/permissions";
import { asActionResult, type ActionResult } from "@/lib/forms";
import {
  advancePhase,
  DrillError,
  finishDrill,
  getDrill,
  savePhaseText,
  startDrill,
  type DrillView,
  type SavedPhaseText,
} from "@/lib/practice/drill";


async function signedInLearner() {
  const user = await actingUser("update", ownData, "Your session has ended. Sign in again in another tab; your text stays in this one.");
  return { user, db: await getDb() };
}

/** Known refusals become messages for the page, with their status; anything else is a bug and is thrown. */
async function run<T>(work: () => Promise<T>): Promise<ActionResult<{ data: T }>> {
  return asActionResult(async () => ({ ok: true, data: await work() }));
}

export async function startDrillAction(formData: FormData) {
  const user = await requireUser("/practice/drills", "create");
  let drillId: string;
  try {
    drillId = (await startDrill(await getDb(), user.id, formData.get("promptId"))).id;
  } catch (err) {
    if (err instanceof DrillError) redirect("/practice/drills?error=unknown-prompt");
    throw err;
  }
  redirect(`/practice/drills/${drillId}`);
}

/** The drill as it stands, with the server's clock: the page re-reads it once it runs in the browser. */
export async function readDrillAction(drillId: string): Promise<ActionResult<{ data: DrillView }>> {
  return run(async () => {
    const { user, db } = await signedInLearner();
    return getDrill(db, user, drillId, new Date());
  });
}

export async function saveDrillTextAction(drillId: string, phase: string, text: string): Promise<ActionResult<{ data: SavedPhaseText }>> {
  return run(async () => {
    const { user, db } = await signedInLearner();
    return savePhaseText(db, user.id, drillId, phase, text, new Date());
  });
}

export async function advanceDrillAction(drillId: string, fromPhase: string): Promise<ActionResult<{ data: DrillView }>> {
  return run(async () => {
    const { user, db } = await signedInLearner();
    return advancePhase(db, user.id, drillId, fromPhase, new Date());
  });
}

export async function finishDrillAction(drillId: string, assessment: { ratings: Record<string, string>; note: string }): Promise<ActionResult<{ data: DrillView }>> {
  return run(async () => {
    const { user, db } = await signedInLearner();
    return finishDrill(db, user.id, drillId, assessment, new Date());
  });
}
