import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { buildShopDigest } from "../../domain/digests/build-digest.ts";
import { periodOfKey } from "../../domain/digests/period.ts";
import { createTranslator } from "../../i18n/translate.ts";
import type { Logger } from "../../shared/logger.ts";
import { digestRenderOptions, parseKpiShareValue } from "../blocks/digest-blocks.ts";
import { ACTIONS } from "../ids.ts";
import { postDigest } from "../publish/post-digest.ts";
import type { SlackDeps } from "../publish/publisher.ts";

/**
 * `kpi_share` on a `/kpi` reply: posts the same period's digest to the channel, credited to
 * the person who shared it, and removes the private reply. The figures are rebuilt from the
 * store for the button's exact period, so the channel sees what the asker saw.
 */
export function handleKpiShare(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(ACTIONS.kpiShare, async ({ ack, body, action, respond, context }) => {
    await ack();
    const log = (context.log as Logger | undefined) ?? deps.logger;
    const value = parseKpiShareValue(action.value ?? "");
    const shop = deps.config.shops.find((s) => s.id === value?.shopId);
    const channel = body.channel?.id;
    if (!value || !shop || !channel || value.kind === "custom") {
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        text: createTranslator(shop?.locale ?? "en")("kpi.shareFailed"),
      });
      return;
    }
    const period = periodOfKey(value.kind, value.key, shop.timezone, value.throughHour);
    const content = await buildShopDigest(deps, shop, period);
    await postDigest(deps.publisher, channel, content, { ...digestRenderOptions(shop), sharedBy: body.user.id }).catch(
      (error: unknown) => log.warn({ err: error }, "sharing the KPI reply failed"),
    );
    await respond({ delete_original: true });
  });
}
