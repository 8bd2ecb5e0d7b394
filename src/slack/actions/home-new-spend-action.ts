import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { knownChannels } from "../../domain/media-plan/plan-status.ts";
import type { Logger } from "../../shared/logger.ts";
import { buildSpendNewModal } from "../blocks/spend-blocks.ts";
import { ACTIONS } from "../ids.ts";
import type { SlackDeps } from "../publish/publisher.ts";
import { translatorFor } from "../workflow-support.ts";

/** App Home "New spend request": a modal with the channels the shops know. */
export function handleHomeNewSpend(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(ACTIONS.homeNewSpend, async ({ ack, body, client, context }) => {
    await ack();
    const log = (context.log as Logger | undefined) ?? deps.logger;
    try {
      const channels = new Set<string>();
      for (const shop of deps.config.shops) for (const c of await knownChannels(deps, shop)) channels.add(c);
      const view = buildSpendNewModal(translatorFor(deps), deps.config.shops, [...channels].sort());
      await client.views.open({ trigger_id: body.trigger_id, view: view as never });
    } catch (error) {
      log.warn({ err: error }, "spend modal did not open");
    }
  });
}
