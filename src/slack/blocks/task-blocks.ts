import type { Locale, ShopConfig } from "../../config/shops-schema.ts";
import type { Task } from "../../domain/tasks/task-store.ts";
import { formatDay } from "../../i18n/format.ts";
import type { Translator } from "../../i18n/translate.ts";
import { ACTIONS, VIEWS } from "../ids.ts";
import { actions, type Block, button, context, escapeMrkdwn, plain, type SlackMessage, section } from "./block.ts";
import { buildListMessage } from "./list-blocks.ts";

/** Block and action ids of the task modal's inputs, read back by the submission handler. */
export const TASK_MODAL = { title: "title", assignee: "assignee", due: "due", shop: "shop", value: "value" } as const;

const dueText = (task: Task, t: Translator, locale: Locale) =>
  task.dueDay ? t("task.due", { day: formatDay(task.dueDay, locale) }) : t("task.noDue");

/**
 * A task as a DM: `headline` (assigned, reminder, reassigned) with a Done button while it is
 * open; once done, the same message re-rendered with who finished it and no button.
 */
export function buildTaskMessage(task: Task, headline: string, t: Translator, locale: Locale): SlackMessage {
  const blocks: Block[] = [section(headline), context(dueText(task, t, locale))];
  if (task.status === "open")
    blocks.push(
      actions(`task_${task.id}`, [button(t("task.button.done"), ACTIONS.taskDone, String(task.id), "primary")]),
    );
  else blocks.push(context(t("task.doneBy", { user: task.doneBy ?? "" })));
  return { text: headline, blocks };
}

export function buildTaskListMessage(tasks: Task[], shop: ShopConfig, t: Translator): SlackMessage {
  const lines = tasks.map((task) =>
    t("task.list.row", {
      id: task.id,
      title: escapeMrkdwn(task.title),
      user: task.assigneeId,
      due: task.dueDay ? formatDay(task.dueDay, shop.locale) : "—",
      status: t(task.status === "open" ? "task.status.open" : "task.status.done"),
    }),
  );
  return buildListMessage(t("task.list.title", { shop: shop.name }), lines, t("task.list.empty"));
}

/** The "New task" modal: title, assignee, due date and, with several shops, the shop. */
export function buildTaskModal(t: Translator, shops: ShopConfig[], initialAssignee?: string): Record<string, unknown> {
  const input = (blockId: string, label: string, element: Record<string, unknown>, optional = false) => ({
    type: "input",
    block_id: blockId,
    label: plain(label),
    element: { ...element, action_id: TASK_MODAL.value },
    ...(optional ? { optional: true } : {}),
  });
  const blocks = [
    input(TASK_MODAL.title, t("task.modal.titleLabel"), { type: "plain_text_input", max_length: 200 }),
    input(TASK_MODAL.assignee, t("task.modal.assigneeLabel"), {
      type: "users_select",
      ...(initialAssignee ? { initial_user: initialAssignee } : {}),
    }),
    input(TASK_MODAL.due, t("task.modal.dueLabel"), { type: "datepicker" }, true),
  ];
  if (shops.length > 1)
    blocks.push(
      input(TASK_MODAL.shop, t("task.modal.shopLabel"), {
        type: "static_select",
        options: shops.map((s) => ({ text: plain(s.name), value: s.id })),
        initial_option: { text: plain(shops[0]?.name ?? ""), value: shops[0]?.id ?? "" },
      }),
    );
  return {
    type: "modal",
    callback_id: VIEWS.taskNew,
    title: plain(t("task.modal.title")),
    submit: plain(t("task.modal.submit")),
    close: plain(t("task.modal.cancel")),
    private_metadata: shops.length === 1 ? (shops[0]?.id ?? "") : "",
    blocks,
  };
}
