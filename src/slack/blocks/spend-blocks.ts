import type { ShopConfig } from "../../config/shops-schema.ts";
import type { SpendSummary } from "../../domain/approvals/list-spend-requests.ts";
import type { SpendView } from "../../domain/approvals/spend-view.ts";
import type { PlanStatus } from "../../domain/media-plan/plan-status.ts";
import { formatInstant, formatMoney } from "../../i18n/format.ts";
import type { MessageKey, Translator } from "../../i18n/translate.ts";
import { ACTIONS, VIEWS } from "../ids.ts";
import {
  actions,
  type Block,
  button,
  context,
  escapeMrkdwn,
  header,
  mrkdwn,
  plain,
  type SlackMessage,
  section,
  truncate,
} from "./block.ts";
import { buildListMessage } from "./list-blocks.ts";

/** Block and action ids of the spend modals' inputs. */
export const SPEND_MODAL = {
  reason: "reason",
  amount: "amount",
  channel: "channel",
  shop: "shop",
  value: "value",
} as const;

const STATUS_KEYS: Record<SpendView["status"], MessageKey> = {
  pending: "spend.status.pending",
  approved: "spend.status.approved",
  rejected: "spend.status.rejected",
  expired: "spend.status.expired",
};

const mentions = (ids: string[]) => ids.map((id) => `<@${id}>`).join(", ");

/**
 * The approval message of a spend request. Rendered when posted and re-rendered by the same
 * builder after every step (approval, rejection, expiry, edit), so the message in the
 * approvals channel always shows the current state: buttons only while it is pending.
 */
export function buildSpendRequestMessage(view: SpendView, shop: ShopConfig, t: Translator): SlackMessage {
  const money = (value: number) => formatMoney(value, view.currency, shop.locale);
  const when = (at: Date | undefined) => (at ? formatInstant(at, shop.timezone, shop.locale) : "");
  const channel = escapeMrkdwn(view.channel);
  const blocks: Block[] = [
    header(t("spend.message.title", { id: view.id })),
    {
      type: "section",
      fields: [
        mrkdwn(`*${t("spend.field.amount")}*\n${money(view.amount)}`),
        mrkdwn(`*${t("spend.field.channel")}*\n${channel}`),
        mrkdwn(`*${t("spend.field.month")}*\n${view.month}`),
        mrkdwn(`*${t("spend.field.requester")}*\n<@${view.requesterId}>`),
      ],
    },
    section(`*${t("spend.field.reason")}*\n${escapeMrkdwn(truncate(view.reason, 2500))}`),
  ];
  const plan =
    view.planRemaining === undefined
      ? t("spend.plan.none", { month: view.month, channel })
      : t("spend.plan.left", { month: view.month, channel, remaining: money(view.planRemaining) });
  const over =
    view.exceedsPlan && view.planRemaining !== undefined
      ? [t("spend.plan.exceeds", { over: money(view.amount - view.planRemaining) })]
      : [];
  blocks.push(context(plan, ...over));
  const approvers = mentions(view.approvals.map((a) => a.approverId));
  switch (view.status) {
    case "pending":
      if (view.requiredApprovals === 2)
        blocks.push(context(approvers ? t("spend.needsTwo", { users: approvers }) : t("spend.needsTwoNone")));
      blocks.push(
        actions(`spend_${view.id}`, [
          button(t("spend.button.approve"), ACTIONS.spendApprove, String(view.id), "primary"),
          button(t("spend.button.reject"), ACTIONS.spendReject, String(view.id), "danger"),
        ]),
      );
      break;
    case "approved":
      blocks.push(section(t("spend.approvedBy", { users: approvers, when: when(view.decidedAt) })));
      break;
    case "rejected":
      blocks.push(
        section(
          t("spend.rejectedBy", {
            user: view.rejection?.approverId ?? "",
            when: when(view.decidedAt),
            reason: escapeMrkdwn(view.rejection?.reason ?? ""),
          }),
        ),
      );
      break;
    case "expired":
      blocks.push(section(t("spend.expired", { when: when(view.decidedAt) })));
      break;
  }
  const text = t("spend.message.fallback", {
    id: view.id,
    amount: money(view.amount),
    channel,
    user: view.requesterId,
  });
  return { text: `${text} · ${t(STATUS_KEYS[view.status])}`, blocks };
}

/** The requester's DM once the request is settled or expired. */
export function buildSpendOutcomeDm(view: SpendView, shop: ShopConfig, t: Translator): SlackMessage {
  const params = {
    id: view.id,
    amount: formatMoney(view.amount, view.currency, shop.locale),
    channel: escapeMrkdwn(view.channel),
  };
  const text =
    view.status === "approved"
      ? t("spend.dm.approved", { ...params, users: mentions(view.approvals.map((a) => a.approverId)) })
      : view.status === "rejected"
        ? t("spend.dm.rejected", {
            ...params,
            user: view.rejection?.approverId ?? "",
            reason: escapeMrkdwn(view.rejection?.reason ?? ""),
          })
        : t("spend.dm.expired", params);
  return { text, blocks: [section(text)] };
}

/** The approver's reminder DM, with the buttons so they can decide from there. */
export function buildSpendReminderDm(view: SpendView, shop: ShopConfig, t: Translator): SlackMessage {
  const text = t("spend.reminder", {
    id: view.id,
    amount: formatMoney(view.amount, view.currency, shop.locale),
    channel: escapeMrkdwn(view.channel),
    user: view.requesterId,
  });
  return {
    text,
    blocks: [
      section(text),
      section(escapeMrkdwn(truncate(view.reason, 2500))),
      actions(`spend_${view.id}`, [
        button(t("spend.button.approve"), ACTIONS.spendApprove, String(view.id), "primary"),
        button(t("spend.button.reject"), ACTIONS.spendReject, String(view.id), "danger"),
      ]),
    ],
  };
}

export function buildSpendListMessage(items: SpendSummary[], shop: ShopConfig, t: Translator): SlackMessage {
  const lines = items.map((r) =>
    t("spend.list.row", {
      id: r.id,
      amount: formatMoney(r.amount, r.currency, shop.locale),
      channel: escapeMrkdwn(r.channel),
      user: r.requesterId,
      status: t(STATUS_KEYS[r.status]),
      reason: escapeMrkdwn(truncate(r.reason, 80)),
    }),
  );
  return buildListMessage(t("spend.list.title", { shop: shop.name }), lines, t("spend.list.empty"));
}

export function buildPlanMessage(status: PlanStatus, shop: ShopConfig, t: Translator): SlackMessage {
  const money = (value: number) => formatMoney(value, status.currency, shop.locale);
  const lines = status.lines.map((l) => {
    const row = t("plan.row", {
      channel: escapeMrkdwn(l.channel),
      budget: l.budget === undefined ? t("plan.noBudget") : money(l.budget),
      approved: money(l.approved),
      spent: money(l.spent),
      left: l.remaining === undefined ? "—" : money(l.remaining),
    });
    return l.remaining !== undefined && l.remaining < 0 ? `${row} ${t("plan.over")}` : row;
  });
  return buildListMessage(
    t("plan.title", { month: status.month, shop: shop.name }),
    lines,
    t("plan.empty", { month: status.month }),
  );
}

/** Asks the approver why; `private_metadata` carries the request id back to the submission. */
export function buildSpendRejectModal(t: Translator, requestId: number): Record<string, unknown> {
  return {
    type: "modal",
    callback_id: VIEWS.spendReject,
    private_metadata: String(requestId),
    title: plain(t("spend.modal.title")),
    submit: plain(t("spend.modal.submit")),
    blocks: [
      section(t("spend.message.title", { id: requestId })),
      {
        type: "input",
        block_id: SPEND_MODAL.reason,
        label: plain(t("spend.modal.reasonLabel")),
        element: { type: "plain_text_input", action_id: SPEND_MODAL.value, multiline: true, max_length: 500 },
      },
    ],
  };
}

/** The App Home's "New spend request" modal: amount, channel, reason and, with several shops, the shop. */
export function buildSpendNewModal(t: Translator, shops: ShopConfig[], channels: string[]): Record<string, unknown> {
  const first = shops[0];
  const input = (blockId: string, label: string, element: Record<string, unknown>) => ({
    type: "input",
    block_id: blockId,
    label: plain(label),
    element: { ...element, action_id: SPEND_MODAL.value },
  });
  const blocks = [
    input(SPEND_MODAL.amount, t("spend.newModal.amountLabel", { currency: first?.currency ?? "" }), {
      type: "plain_text_input",
      max_length: 20,
    }),
    input(SPEND_MODAL.channel, t("spend.field.channel"), {
      type: "static_select",
      options: channels.slice(0, 100).map((c) => ({ text: plain(c), value: c })),
    }),
    input(SPEND_MODAL.reason, t("spend.field.reason"), { type: "plain_text_input", multiline: true, max_length: 500 }),
  ];
  if (shops.length > 1)
    blocks.push(
      input(SPEND_MODAL.shop, t("task.modal.shopLabel"), {
        type: "static_select",
        options: shops.map((s) => ({ text: plain(s.name), value: s.id })),
        initial_option: { text: plain(first?.name ?? ""), value: first?.id ?? "" },
      }),
    );
  return {
    type: "modal",
    callback_id: VIEWS.spendNew,
    private_metadata: shops.length === 1 ? (first?.id ?? "") : "",
    title: plain(t("spend.newModal.title")),
    submit: plain(t("spend.newModal.submit")),
    blocks,
  };
}
