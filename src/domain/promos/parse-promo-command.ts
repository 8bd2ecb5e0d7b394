import { invalidInput } from "../../shared/errors.ts";
import { type Day, daysBetween, isValidDay } from "../../shared/time.ts";
import { decodeSlackText, noExtra, parseId, requireText, splitFirstWord } from "../input/parse-input.ts";

export type PromoCommand =
  | { kind: "add"; name: string; startDay: Day; endDay: Day }
  | { kind: "list" }
  | { kind: "remove"; id: number };

/** A promo may last at most this many days. */
export const MAX_PROMO_DAYS = 366;

/** `/promo` text (after the shop id) → a typed command. The name is everything before the range. */
export function parsePromoCommand(text: string): PromoCommand {
  const [sub, rest] = splitFirstWord(text);
  const words = rest.split(/\s+/).filter(Boolean);
  switch (sub.toLowerCase()) {
    case "add": {
      const match = /^([\s\S]*?)\s*(\S+)$/.exec(rest.trim());
      const rangeWord = match?.[2] ?? "";
      const range = parseDayRange(rangeWord);
      const name = match?.[1] ?? "";
      if (rangeWord === "") throw invalidInput("missing name", { key: "input.missing", params: { what: "name" } });
      if (range === undefined)
        throw invalidInput(`bad range ${rangeWord}`, { key: "promo.badRange", params: { text: rangeWord } });
      return { kind: "add", name: requireText("promo", decodeSlackText(name)), ...range };
    }
    case "list":
      noExtra(words);
      return { kind: "list" };
    case "remove":
      noExtra(words.slice(1));
      return { kind: "remove", id: parseId(words[0]) };
    default:
      throw invalidInput(`unknown subcommand ${sub}`, {
        key: "common.unknownSubcommand",
        params: { command: "/promo", sub },
      });
  }
}

/** `YYYY-MM-DD..YYYY-MM-DD` → the days; undefined when not of that shape. Throws on an inverted or over-long range. */
export function parseDayRange(word: string): { startDay: Day; endDay: Day } | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(word);
  if (!match || !isValidDay(match[1] as string) || !isValidDay(match[2] as string)) return undefined;
  const [startDay, endDay] = [match[1] as string, match[2] as string];
  if (endDay < startDay)
    throw invalidInput("end before start", { key: "promo.endBeforeStart", params: { text: word } });
  if (daysBetween(startDay, endDay) + 1 > MAX_PROMO_DAYS)
    throw invalidInput("promo too long", { key: "promo.tooLong", params: { max: MAX_PROMO_DAYS } });
  return { startDay, endDay };
}
