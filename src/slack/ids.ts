/**
 * Every action_id, callback_id and shortcut id ShopOps answers, in one place so blocks,
 * handlers and the manifest guard test agree. Values are part of the public contract
 * (issue texts, saved messages in Slack): never rename one.
 */
export const ACTIONS = {
  taskDone: "task_done",
  spendApprove: "spend_approve",
  spendReject: "spend_reject",
  alertAck: "alert_ack",
  alertSnooze: "alert_snooze",
  alertExpected: "alert_expected",
  alertTask: "alert_task",
  kpiShare: "kpi_share",
  homeNewTask: "home_new_task",
  homeNewSpend: "home_new_spend",
} as const;

export const VIEWS = {
  taskNew: "task_new_modal",
  spendReject: "spend_reject_modal",
  competitorNote: "competitor_note_modal",
  /** App Home "New spend request". */
  spendNew: "spend_new_modal",
} as const;

export const SHORTCUTS = {
  /** Global shortcut "New task". */
  taskNew: "task_new",
  /** Message shortcut "Save as competitor note". */
  competitorSave: "competitor_save",
} as const;

/** The slash commands the manifest declares. */
export const COMMAND_NAMES = ["/shopops", "/kpi", "/task", "/spend", "/competitor", "/promo"] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];
