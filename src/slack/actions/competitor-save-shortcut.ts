import type { App, MessageShortcut } from "@slack/bolt";
import { decodeSlackText } from "../../domain/input/parse-input.ts";
import type { Logger } from "../../shared/logger.ts";
import { buildCompetitorNoteModal } from "../blocks/competitor-blocks.ts";
import { SHORTCUTS } from "../ids.ts";
import type { SlackDeps } from "../publish/publisher.ts";
import { translatorFor } from "../workflow-support.ts";

/** Message shortcut "Save as competitor note": the note modal pre-filled with the message text and permalink. */
export function handleCompetitorSaveShortcut(app: App, deps: SlackDeps): void {
  app.shortcut<MessageShortcut>(SHORTCUTS.competitorSave, async ({ ack, body, client, context }) => {
    await ack();
    const log = (context.log as Logger | undefined) ?? deps.logger;
    try {
      const link = await client.chat
        .getPermalink({ channel: body.channel.id, message_ts: body.message.ts })
        .catch((error: unknown) => {
          log.warn({ err: error }, "no permalink for the message");
          return undefined;
        });
      const view = buildCompetitorNoteModal(translatorFor(deps), deps.config.shops, {
        note: decodeSlackText(body.message.text ?? ""),
        ...(link?.permalink ? { permalink: link.permalink } : {}),
      });
      await client.views.open({ trigger_id: body.trigger_id, view: view as never });
    } catch (error) {
      log.warn({ err: error }, "competitor modal did not open");
    }
  });
}
