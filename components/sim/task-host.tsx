"use client";
/**
 * What a page tells the guided tasks on it: whether someone is signed in, which tasks they have done, and how
 * to save a finished task (a server action that grades the runs again before it stores them). Without a host
 * (a preview, a signed-out visitor's first paint) tasks still grade the learner's runs in the browser and
 * store nothing.
 */
import { createContext } from "react";
import type { ActionResult } from "@/lib/forms";
import type { TaskGrade, TaskRun } from "@/lib/sim/tasks";

export type SaveTaskResult = ActionResult<{ grade: TaskGrade; saved: boolean }>;

export interface SimTaskHost {
  /** null while the page does not know yet. */
  signedIn: boolean | null;
  done: ReadonlySet<string>;
  signInHref: string;
  save(taskId: string, runs: TaskRun[]): Promise<SaveTaskResult>;
}

export const SimTaskHostContext = createContext<SimTaskHost | null>(null);
