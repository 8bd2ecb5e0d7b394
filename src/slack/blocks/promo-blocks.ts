import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Promo } from "../../domain/promos/promo-store.ts";
import { formatDay } from "../../i18n/format.ts";
import type { Translator } from "../../i18n/translate.ts";
import { escapeMrkdwn, type SlackMessage } from "./block.ts";
import { buildListMessage } from "./list-blocks.ts";

export function buildPromoListMessage(promos: Promo[], shop: ShopConfig, t: Translator): SlackMessage {
  const lines = promos.map((p) =>
    t("promo.list.row", {
      id: p.id,
      name: escapeMrkdwn(p.name),
      from: formatDay(p.startDay, shop.locale),
      to: formatDay(p.endDay, shop.locale),
    }),
  );
  return buildListMessage(t("promo.list.title", { shop: shop.name }), lines, t("promo.list.empty"));
}
