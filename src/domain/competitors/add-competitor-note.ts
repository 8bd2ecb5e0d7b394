import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Deps } from "../../deps.ts";
import { invalidInput } from "../../shared/errors.ts";
import { createAuditLogStore } from "../audit/audit-log-store.ts";
import { parseUrl, requireText } from "../input/parse-input.ts";
import { type CompetitorNote, createCompetitorStore } from "./competitor-store.ts";

export type CompetitorNoteInput = {
  authorId: string;
  competitor: string;
  note: string;
  tags: string[];
  url: string | undefined;
  /** The Slack message the note was saved from (message shortcut). */
  permalink?: string;
};

/** Stores a competitor observation verbatim (checked first: nothing stored on bad input); audited. */
export async function addCompetitorNote(
  deps: Pick<Deps, "db" | "clock">,
  shop: ShopConfig,
  input: CompetitorNoteInput,
): Promise<CompetitorNote> {
  const competitor = requireText("competitor", input.competitor);
  const note = requireText("note", input.note);
  const url = input.url === undefined || input.url === "" ? undefined : parseUrl(input.url);
  if (input.url && url === undefined)
    throw invalidInput("bad url", { key: "competitor.badUrl", params: { text: input.url } });
  const now = deps.clock.now();
  const saved = await createCompetitorStore(deps.db).create({
    shopId: shop.id,
    competitor,
    note,
    tags: input.tags,
    url,
    permalink: input.permalink,
    authorId: input.authorId,
    createdAt: now,
  });
  await createAuditLogStore(deps.db).record({
    shopId: shop.id,
    actorId: input.authorId,
    action: "competitor.noted",
    subjectType: "competitor_note",
    subjectId: saved.id,
    details: { competitor, tags: input.tags },
    at: now,
  });
  return saved;
}
