import { addPromo } from "../../domain/promos/add-promo.ts";
import { listPromos } from "../../domain/promos/list-promos.ts";
import { parsePromoCommand } from "../../domain/promos/parse-promo-command.ts";
import { removePromo } from "../../domain/promos/remove-promo.ts";
import { formatDay } from "../../i18n/format.ts";
import { escapeMrkdwn, section } from "../blocks/block.ts";
import { buildPromoListMessage } from "../blocks/promo-blocks.ts";
import { asCommandInputError } from "../workflow-support.ts";
import type { CommandReply, CommandRequest, SlashCommand } from "./slash-command.ts";

/** `/promo add|list|remove`: the promo calendar digests and the anomaly detector read. */
export const promoCommand: SlashCommand = {
  name: "/promo",
  usageKey: "usage.promo",
  needsShop: true,
  handle: (request) => handlePromo(request).catch(asCommandInputError),
};

async function handlePromo(request: CommandRequest): Promise<CommandReply> {
  const { deps, t, userId } = request;
  const shop = request.shop!;
  const command = parsePromoCommand(request.text);
  const reply = (text: string): CommandReply => ({ text, blocks: [section(text)] });
  switch (command.kind) {
    case "add": {
      const promo = await addPromo(deps, shop, {
        name: command.name,
        startDay: command.startDay,
        endDay: command.endDay,
        createdBy: userId,
      });
      return reply(
        t("promo.added", {
          id: promo.id,
          name: escapeMrkdwn(promo.name),
          from: formatDay(promo.startDay, shop.locale),
          to: formatDay(promo.endDay, shop.locale),
        }),
      );
    }
    case "list":
      return buildPromoListMessage(await listPromos(deps, shop), shop, t);
    case "remove": {
      const promo = await removePromo(deps, shop, { id: command.id, actorId: userId });
      return reply(t("promo.removed", { id: promo.id, name: escapeMrkdwn(promo.name) }));
    }
  }
}
