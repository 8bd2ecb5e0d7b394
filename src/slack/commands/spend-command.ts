import { editSpend } from "../../domain/approvals/edit-spend.ts";
import { listSpendRequests } from "../../domain/approvals/list-spend-requests.ts";
import { parseSpendCommand } from "../../domain/approvals/parse-spend-command.ts";
import { requestSpend } from "../../domain/approvals/request-spend.ts";
import { setSubstitute } from "../../domain/approvals/set-substitute.ts";
import { getPlanStatus } from "../../domain/media-plan/plan-status.ts";
import { formatDay, formatMoney } from "../../i18n/format.ts";
import { localDay, monthOf } from "../../shared/time.ts";
import { section } from "../blocks/block.ts";
import { buildPlanMessage, buildSpendListMessage, buildSpendRequestMessage } from "../blocks/spend-blocks.ts";
import { postSpendRequest } from "../publish/spend-messages.ts";
import { asCommandInputError, bestEffort } from "../workflow-support.ts";
import type { CommandReply, CommandRequest, SlashCommand } from "./slash-command.ts";

/** `/spend request|list|plan|edit|substitute`: media-plan spend requests and their approvals. */
export const spendCommand: SlashCommand = {
  name: "/spend",
  usageKey: "usage.spend",
  needsShop: true,
  handle: (request) => handleSpend(request).catch(asCommandInputError),
};

async function handleSpend(request: CommandRequest): Promise<CommandReply> {
  const { deps, t, log, userId } = request;
  const shop = request.shop!;
  const command = parseSpendCommand(request.text);
  const reply = (text: string): CommandReply => ({ text, blocks: [section(text)] });
  const money = (value: number) => formatMoney(value, shop.currency, shop.locale);
  switch (command.kind) {
    case "request": {
      const view = await requestSpend(deps, shop, {
        requesterId: userId,
        amountMicros: command.amountMicros,
        currency: command.currency,
        channel: command.channel,
        reason: command.reason,
      });
      const posted = await postSpendRequest(deps, shop, view, shop.channels.approvals ?? request.channelId);
      return reply(t("spend.requested", { id: view.id, amount: money(view.amount), channel: posted.channel }));
    }
    case "list":
      return buildSpendListMessage(await listSpendRequests(deps, shop, command.status), shop, t);
    case "plan": {
      const month = command.month ?? monthOf(localDay(deps.clock.now(), shop.timezone));
      return buildPlanMessage(await getPlanStatus(deps, shop, month), shop, t);
    }
    case "edit": {
      const { view, previousAmount } = await editSpend(deps, shop, {
        requestId: command.id,
        actorId: userId,
        amountMicros: command.amountMicros,
      });
      const at = view.channelId && view.messageTs ? { channel: view.channelId, ts: view.messageTs } : undefined;
      if (at) {
        await bestEffort(log, "spend message update", () =>
          deps.publisher.update(at, buildSpendRequestMessage(view, shop, t)),
        );
        await bestEffort(log, "spend edit note", () =>
          deps.publisher.post(
            at.channel,
            { text: t("spend.editedThread", { user: userId, from: money(previousAmount), to: money(view.amount) }) },
            { threadTs: at.ts },
          ),
        );
      }
      return reply(t("spend.edited", { id: view.id, amount: money(view.amount) }));
    }
    case "substitute":
      await setSubstitute(deps, shop, {
        approverId: userId,
        substituteId: command.substituteId,
        untilDay: command.untilDay,
      });
      return reply(
        t("spend.substituteSet", { user: command.substituteId, day: formatDay(command.untilDay, shop.locale) }),
      );
    case "substitute-off":
      await setSubstitute(deps, shop, { approverId: userId, substituteId: undefined });
      return reply(t("spend.substituteOff"));
  }
}
