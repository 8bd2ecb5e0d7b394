import type { App } from "@slack/bolt";
import type { SlackDeps } from "../publish/publisher.ts";
import { handleCompetitorNoteSubmission } from "./competitor-note-submission.ts";
import { handleSpendNewSubmission } from "./spend-new-submission.ts";
import { handleSpendRejectSubmission } from "./spend-reject-submission.ts";
import { handleTaskNewSubmission } from "./task-new-submission.ts";

/** Registers every view handler; one handler per file in this folder. */
export function registerViews(app: App, deps: SlackDeps): void {
  handleTaskNewSubmission(app, deps);
  handleSpendRejectSubmission(app, deps);
  handleSpendNewSubmission(app, deps);
  handleCompetitorNoteSubmission(app, deps);
}
