import type { App } from "@slack/bolt";
import { addCompetitorNote } from "../../domain/competitors/add-competitor-note.ts";
import { parseTags } from "../../domain/competitors/parse-competitor-command.ts";
import { createTranslator } from "../../i18n/translate.ts";
import type { Logger } from "../../shared/logger.ts";
import { escapeMrkdwn } from "../blocks/block.ts";
import { COMPETITOR_MODAL } from "../blocks/competitor-blocks.ts";
import { VIEWS } from "../ids.ts";
import type { SlackDeps } from "../publish/publisher.ts";
import { bestEffort, shopById, translatorFor } from "../workflow-support.ts";
import { modalErrors } from "./modal-errors.ts";

/** The competitor note modal (from the message shortcut): stored with the message's permalink, then a DM confirming. */
export function handleCompetitorNoteSubmission(app: App, deps: SlackDeps): void {
  app.view(VIEWS.competitorNote, async ({ ack, body, view, context }) => {
    const log = (context.log as Logger | undefined) ?? deps.logger;
    const field = (block: string) => view.state.values[block]?.[COMPETITOR_MODAL.value];
    const meta = parseMetadata(view.private_metadata);
    const shop =
      shopById(deps, field(COMPETITOR_MODAL.shop)?.selected_option?.value ?? meta.shopId) ?? deps.config.shops[0];
    if (!shop) return void (await ack());
    let saved: Awaited<ReturnType<typeof addCompetitorNote>>;
    try {
      saved = await addCompetitorNote(deps, shop, {
        authorId: body.user.id,
        competitor: field(COMPETITOR_MODAL.competitor)?.value ?? "",
        note: field(COMPETITOR_MODAL.note)?.value ?? "",
        tags: parseTags(field(COMPETITOR_MODAL.tags)?.value ?? ""),
        url: field(COMPETITOR_MODAL.url)?.value ?? undefined,
        ...(meta.permalink ? { permalink: meta.permalink } : {}),
      });
    } catch (error) {
      await ack(
        modalErrors(error, translatorFor(deps, shop), log, (key, params) =>
          key === "competitor.badUrl"
            ? COMPETITOR_MODAL.url
            : key === "competitor.badTag" || key === "competitor.tooManyTags"
              ? COMPETITOR_MODAL.tags
              : params.field === "competitor" || params.what === "competitor"
                ? COMPETITOR_MODAL.competitor
                : COMPETITOR_MODAL.note,
        ),
      );
      return;
    }
    await ack();
    const t = createTranslator(shop.locale);
    await bestEffort(log, "competitor note dm", () =>
      deps.publisher.dm(body.user.id, {
        text: t("competitor.saved", { id: saved.id, competitor: escapeMrkdwn(saved.competitor) }),
      }),
    );
  });
}

function parseMetadata(text: string): { permalink?: string; shopId?: string } {
  try {
    const value = JSON.parse(text) as { permalink?: unknown; shopId?: unknown };
    return {
      ...(typeof value.permalink === "string" ? { permalink: value.permalink } : {}),
      ...(typeof value.shopId === "string" ? { shopId: value.shopId } : {}),
    };
  } catch {
    return {};
  }
}
