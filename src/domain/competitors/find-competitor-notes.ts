import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Deps } from "../../deps.ts";
import { type CompetitorNote, createCompetitorStore } from "./competitor-store.ts";

export const NOTE_LIST_LIMIT = 20;
/** How far back search and list look; a team's notes fit, and matching in code is the same on both databases. */
const SCAN_LIMIT = 2000;

/**
 * The shop's latest notes, optionally of one competitor or containing `text` (in the
 * competitor, note, tags or URL), case-insensitive on both databases; newest first.
 */
export async function findCompetitorNotes(
  deps: Pick<Deps, "db">,
  shop: ShopConfig,
  query: { competitor?: string; text?: string },
): Promise<CompetitorNote[]> {
  const notes = await createCompetitorStore(deps.db).latest(shop.id, SCAN_LIMIT);
  const competitor = query.competitor?.toLocaleLowerCase();
  const text = query.text?.toLocaleLowerCase();
  return notes
    .filter((n) => competitor === undefined || n.competitor.toLocaleLowerCase() === competitor)
    .filter(
      (n) =>
        text === undefined ||
        [n.competitor, n.note, n.tags.join(" "), n.url ?? ""].some((f) => f.toLocaleLowerCase().includes(text)),
    )
    .slice(0, NOTE_LIST_LIMIT);
}
