import type { ShopConfig } from "../../config/shops-schema.ts";
import type { CompetitorNote } from "../../domain/competitors/competitor-store.ts";
import { formatDay } from "../../i18n/format.ts";
import type { Translator } from "../../i18n/translate.ts";
import { localDay } from "../../shared/time.ts";
import { VIEWS } from "../ids.ts";
import { type Block, context, escapeMrkdwn, header, plain, type SlackMessage, section, truncate } from "./block.ts";

export const COMPETITOR_MODAL = {
  competitor: "competitor",
  note: "note",
  tags: "tags",
  url: "url",
  shop: "shop",
  value: "value",
} as const;

/** Notes as one section each (competitor, note, tags, link) with who and when underneath. */
export function buildCompetitorNotesMessage(
  title: string,
  notes: CompetitorNote[],
  shop: ShopConfig,
  t: Translator,
): SlackMessage {
  if (notes.length === 0)
    return {
      text: `${title}\n${t("competitor.list.empty")}`,
      blocks: [header(title), section(t("competitor.list.empty"))],
    };
  const blocks: Block[] = [header(title)];
  for (const n of notes.slice(0, 24)) {
    const tags = n.tags.map((tag) => `\`#${escapeMrkdwn(tag)}\``).join(" ");
    const link = n.url ? `\n<${n.url.replace(/[<>|]/g, encodeURIComponent)}>` : "";
    blocks.push(section(`*${escapeMrkdwn(n.competitor)}* ${tags}\n${escapeMrkdwn(truncate(n.note, 2500))}${link}`));
    const meta = t("competitor.list.meta", {
      id: n.id,
      user: n.authorId,
      day: formatDay(localDay(n.createdAt, shop.timezone), shop.locale),
    });
    blocks.push(context(n.permalink ? `${meta} · <${n.permalink}|${t("competitor.source")}>` : meta));
  }
  return { text: title, blocks };
}

/** The note modal; the message shortcut pre-fills the note with the message text and keeps its permalink. */
export function buildCompetitorNoteModal(
  t: Translator,
  shops: ShopConfig[],
  prefill: { note?: string; permalink?: string },
): Record<string, unknown> {
  const input = (blockId: string, label: string, element: Record<string, unknown>, optional = false) => ({
    type: "input",
    block_id: blockId,
    label: plain(label),
    element: { ...element, action_id: COMPETITOR_MODAL.value },
    ...(optional ? { optional: true } : {}),
  });
  const note = prefill.note ? truncate(prefill.note, 2000) : undefined;
  const blocks = [
    input(COMPETITOR_MODAL.competitor, t("competitor.modal.competitorLabel"), {
      type: "plain_text_input",
      max_length: 80,
    }),
    input(COMPETITOR_MODAL.note, t("competitor.modal.noteLabel"), {
      type: "plain_text_input",
      multiline: true,
      max_length: 2000,
      ...(note ? { initial_value: note } : {}),
    }),
    input(COMPETITOR_MODAL.tags, t("competitor.modal.tagsLabel"), { type: "plain_text_input" }, true),
    input(COMPETITOR_MODAL.url, t("competitor.modal.urlLabel"), { type: "url_text_input" }, true),
  ];
  if (shops.length > 1)
    blocks.push(
      input(COMPETITOR_MODAL.shop, t("task.modal.shopLabel"), {
        type: "static_select",
        options: shops.map((s) => ({ text: plain(s.name), value: s.id })),
        initial_option: { text: plain(shops[0]?.name ?? ""), value: shops[0]?.id ?? "" },
      }),
    );
  return {
    type: "modal",
    callback_id: VIEWS.competitorNote,
    // The permalink rides along to the submission; shop id too when there is only one.
    private_metadata: JSON.stringify({
      permalink: prefill.permalink ?? null,
      shopId: shops.length === 1 ? shops[0]?.id : null,
    }),
    title: plain(t("competitor.modal.title")),
    submit: plain(t("competitor.modal.submit")),
    blocks,
  };
}
