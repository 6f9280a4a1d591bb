// A guided simulation task's submission (lib/sim/tasks.ts): the task and, per step, the run on the
// learner's screen. Only the shape is checked here; the simulation validates the values (its own
// parameter ranges and fault scripts) when the server re-runs the configuration.
import { z } from "zod";
import { recordId, storableText } from "./input";

const shortText = storableText("Expected text.").max(40, "Too long.");
const param = z.union([z.number().finite(), z.boolean(), shortText, z.array(z.number().finite()).max(50)]);
const faultField = z.union([z.number().finite(), z.boolean(), shortText, z.array(z.array(z.number().int()).max(20)).max(20)]);
const fault = z.record(shortText, faultField).refine((f) => Object.keys(f).length <= 8, "A fault has at most 8 fields.");

export const taskRunSchema = z.object({
  seed: z.number().int().safe(),
  params: z.record(shortText, param).refine((p) => Object.keys(p).length <= 40, "Too many parameters."),
  faults: z.array(fault).max(100, "At most 100 faults."),
});

export const simTaskSubmissionSchema = z.object({
  taskId: recordId,
  runs: z.array(taskRunSchema).min(1, "Submit at least one run.").max(5, "A task has at most 5 steps."),
});

export type SimTaskSubmission = z.infer<typeof simTaskSubmissionSchema>;
