import { invalidInput } from "../../shared/errors.ts";
import { addDays, type Day, isoWeekday, isValidDay } from "../../shared/time.ts";

/**
 * Small parsers shared by the workflow commands and modals. Each one takes text a person
 * typed and returns a typed value or throws `invalid_input` with the i18n key naming the
 * problem; none of them touches the database.
 */

/** How long free text may be, per field (Slack shows more, but these keep messages readable). */
export const TEXT_LIMITS = {
  title: 200,
  reason: 500,
  note: 2000,
  competitor: 80,
  promo: 100,
  tag: 30,
  url: 500,
} as const;

const MENTION = /^<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>$/;
const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/**
 * Slack sends `&`, `<` and `>` typed by people as HTML entities (and escaped commands carry
 * mentions as `<@U…|name>`). Free text is stored as the person typed it, so the entities go.
 */
export function decodeSlackText(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** A user mention as Slack escapes it (`<@U123>` or `<@U123|name>`) → the user id. */
export function parseUserMention(word: string | undefined, what = "user"): string {
  if (word === undefined || word === "")
    throw invalidInput(`missing ${what}`, { key: "input.missing", params: { what } });
  const match = MENTION.exec(word);
  if (!match) throw invalidInput(`not a mention: ${word}`, { key: "input.unknownUser", params: { text: word } });
  return match[1] as string;
}

export function isUserMention(word: string): boolean {
  return MENTION.test(word);
}

/** `12` or `#12` → 12. */
export function parseId(word: string | undefined): number {
  if (word === undefined || word === "")
    throw invalidInput("missing id", { key: "input.missing", params: { what: "id" } });
  const match = /^#?(\d{1,9})$/.exec(word);
  if (!match) throw invalidInput(`not an id: ${word}`, { key: "input.badId", params: { text: word } });
  return Number(match[1]);
}

/** Refuses text over `max` characters (counted as people count them: code points). */
export function checkLength(field: keyof typeof TEXT_LIMITS, text: string): string {
  const length = [...text].length;
  const max = TEXT_LIMITS[field];
  if (length > max) throw invalidInput(`${field} too long`, { key: "common.tooLong", params: { field, length, max } });
  return text;
}

/** Non-empty text within its limit, stored verbatim (quotes, mrkdwn and control characters included). */
export function requireText(field: keyof typeof TEXT_LIMITS, text: string | undefined): string {
  const value = text?.trim() ?? "";
  if (value === "") throw invalidInput(`missing ${field}`, { key: "input.missing", params: { what: field } });
  return checkLength(field, value);
}

/**
 * A due day relative to `today` (the shop's local day): `YYYY-MM-DD`, `today`, `tomorrow`
 * or a weekday `mon`…`sun` meaning the next such day after today. Days before today are refused.
 */
export function parseDueDay(word: string, today: Day): Day {
  const lower = word.toLowerCase();
  let day: Day;
  if (lower === "today") day = today;
  else if (lower === "tomorrow") day = addDays(today, 1);
  else if ((WEEKDAYS as readonly string[]).includes(lower.slice(0, 3)) && /^[a-z]{3,9}$/.test(lower)) {
    const target = WEEKDAYS.indexOf(lower.slice(0, 3) as (typeof WEEKDAYS)[number]) + 1;
    const ahead = (target - isoWeekday(today) + 7) % 7 || 7;
    day = addDays(today, ahead);
  } else if (isValidDay(word)) day = word;
  else throw invalidInput(`not a day: ${word}`, { key: "input.badDay", params: { text: word } });
  if (day < today) throw invalidInput(`day in the past: ${day}`, { key: "input.dayInPast", params: { day } });
  return day;
}

/** An http(s) URL, unwrapped from Slack's `<https://…>` / `<https://…|label>` link form. */
export function parseUrl(word: string): string | undefined {
  const unwrapped = /^<(https?:\/\/[^|>]+)(?:\|[^>]*)?>$/.exec(word)?.[1] ?? word;
  if (!/^https?:\/\/\S+$/i.test(unwrapped) || !URL.canParse(unwrapped)) return undefined;
  return checkLength("url", unwrapped);
}

/** The first word of `text` and the verbatim rest (spacing inside the rest kept). */
export function splitFirstWord(text: string): [string, string] {
  const trimmed = text.trimStart();
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  return match ? [match[1] as string, match[2] as string] : ["", ""];
}

/** Refuses trailing words a command does not take, instead of silently ignoring them. */
export function noExtra(words: string[]): void {
  if (words.length > 0)
    throw invalidInput(`unexpected ${words.join(" ")}`, { key: "input.unexpected", params: { text: words.join(" ") } });
}
