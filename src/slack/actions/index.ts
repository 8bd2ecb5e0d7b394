import type { App } from "@slack/bolt";
import type { SlackDeps } from "../publish/publisher.ts";
import { handleAlertAck } from "./alert-ack-action.ts";
import { handleAlertExpected } from "./alert-expected-action.ts";
import { handleAlertSnooze } from "./alert-snooze-action.ts";
import { handleAlertTask } from "./alert-task-action.ts";
import { handleCompetitorSaveShortcut } from "./competitor-save-shortcut.ts";
import { handleHomeNewSpend } from "./home-new-spend-action.ts";
import { handleKpiShare } from "./kpi-share-action.ts";
import { handleNewTaskTriggers } from "./new-task-triggers.ts";
import { handleSpendApprove } from "./spend-approve-action.ts";
import { handleSpendReject } from "./spend-reject-action.ts";
import { handleTaskDone } from "./task-done-action.ts";

/** Registers every action handler (buttons and shortcuts); one handler per file in this folder. */
export function registerActions(app: App, deps: SlackDeps): void {
  handleTaskDone(app, deps);
  handleSpendApprove(app, deps);
  handleSpendReject(app, deps);
  handleNewTaskTriggers(app, deps);
  handleKpiShare(app, deps);
  handleHomeNewSpend(app, deps);
  handleCompetitorSaveShortcut(app, deps);
  handleAlertAck(app, deps);
  handleAlertSnooze(app, deps);
  handleAlertExpected(app, deps);
  handleAlertTask(app, deps);
}
