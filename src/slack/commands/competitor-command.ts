import { addCompetitorNote } from "../../domain/competitors/add-competitor-note.ts";
import { findCompetitorNotes } from "../../domain/competitors/find-competitor-notes.ts";
import { parseCompetitorCommand } from "../../domain/competitors/parse-competitor-command.ts";
import { escapeMrkdwn, section } from "../blocks/block.ts";
import { buildCompetitorNotesMessage } from "../blocks/competitor-blocks.ts";
import type { CommandReply, CommandRequest, SlashCommand } from "./slash-command.ts";

/** `/competitor add|list|search`: competitor observations with tags and links. */
export const competitorCommand: SlashCommand = {
  name: "/competitor",
  usageKey: "usage.competitor",
  needsShop: true,
  handle: handleCompetitor,
};

async function handleCompetitor(request: CommandRequest): Promise<CommandReply> {
  const { deps, t, userId } = request;
  const shop = request.shop!;
  const command = parseCompetitorCommand(request.text);
  switch (command.kind) {
    case "add": {
      const note = await addCompetitorNote(deps, shop, {
        authorId: userId,
        competitor: command.competitor,
        note: command.note,
        tags: command.tags,
        url: command.url,
      });
      const text = t("competitor.saved", { id: note.id, competitor: escapeMrkdwn(note.competitor) });
      return { text, blocks: [section(text)] };
    }
    case "list": {
      const notes = await findCompetitorNotes(deps, shop, command.competitor ? { competitor: command.competitor } : {});
      return buildCompetitorNotesMessage(t("competitor.list.title", { shop: shop.name }), notes, shop, t);
    }
    case "search": {
      const notes = await findCompetitorNotes(deps, shop, { text: command.text });
      // The header is plain text: no escaping needed there.
      return buildCompetitorNotesMessage(
        t("competitor.search.title", { text: command.text, shop: shop.name }),
        notes,
        shop,
        t,
      );
    }
  }
}
