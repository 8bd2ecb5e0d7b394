import { invalidInput } from "../../shared/errors.ts";
import { type Day, isValidDay, isValidMonth, type Month } from "../../shared/time.ts";
import {
  decodeSlackText,
  noExtra,
  parseId,
  parseUserMention,
  requireText,
  splitFirstWord,
} from "../input/parse-input.ts";

export type SpendCommand =
  | { kind: "request"; amountMicros: bigint; currency: string; channel: string; reason: string }
  | { kind: "list"; status: "pending" | "all" }
  | { kind: "plan"; month: Month | undefined }
  | { kind: "edit"; id: number; amountMicros: bigint }
  | { kind: "substitute"; substituteId: string; untilDay: Day }
  | { kind: "substitute-off" };

const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf("currency"));
const CHANNEL = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** `/spend` text (after the shop id) → a typed command. Throws `invalid_input` naming the problem. */
export function parseSpendCommand(text: string): SpendCommand {
  const [sub, rest] = splitFirstWord(text);
  const words = rest.split(/\s+/).filter(Boolean);
  switch (sub.toLowerCase()) {
    case "request": {
      const [amountWord, afterAmount] = splitFirstWord(rest);
      const amountMicros = parseAmount(amountWord);
      const [currencyWord, afterCurrency] = splitFirstWord(afterAmount);
      const currency = parseCurrency(currencyWord);
      const [channelWord, reason] = splitFirstWord(afterCurrency);
      const channel = parseChannel(channelWord);
      return {
        kind: "request",
        amountMicros,
        currency,
        channel,
        reason: requireText("reason", decodeSlackText(reason)),
      };
    }
    case "list": {
      noExtra(words.slice(1));
      const status = (words[0] ?? "pending").toLowerCase();
      if (status !== "pending" && status !== "all")
        throw invalidInput(`bad list filter ${status}`, { key: "input.unexpected", params: { text: words[0] ?? "" } });
      return { kind: "list", status };
    }
    case "plan": {
      noExtra(words.slice(1));
      const month = words[0];
      if (month !== undefined && !isValidMonth(month))
        throw invalidInput(`not a month: ${month}`, { key: "input.badMonth", params: { text: month } });
      return { kind: "plan", month };
    }
    case "edit":
      noExtra(words.slice(2));
      return { kind: "edit", id: parseId(words[0]), amountMicros: parseAmount(words[1]) };
    case "substitute": {
      if (words[0]?.toLowerCase() === "off") {
        noExtra(words.slice(1));
        return { kind: "substitute-off" };
      }
      noExtra(words.slice(2));
      const substituteId = parseUserMention(words[0], "substitute");
      const untilDay = words[1];
      if (untilDay === undefined)
        throw invalidInput("missing until day", { key: "input.missing", params: { what: "YYYY-MM-DD" } });
      if (!isValidDay(untilDay))
        throw invalidInput(`not a day: ${untilDay}`, { key: "input.badDay", params: { text: untilDay } });
      return { kind: "substitute", substituteId, untilDay };
    }
    default:
      throw invalidInput(`unknown subcommand ${sub}`, {
        key: "common.unknownSubcommand",
        params: { command: "/spend", sub },
      });
  }
}

/**
 * An amount in currency units → integer micros. Digits with up to two decimals (`1500`,
 * `1500.50`, `1500,50`), more than zero, at most 12 digits before the decimal point.
 */
export function parseAmount(word: string | undefined): bigint {
  // A currency code where the amount belongs means the amount was left out.
  if (word === undefined || word === "" || KNOWN_CURRENCIES.has(word.toUpperCase()))
    throw invalidInput("missing amount", { key: "spend.amountMissing" });
  if (/^[-−–]/.test(word))
    throw invalidInput(`negative amount ${word}`, { key: "spend.amountNotPositive", params: { text: word } });
  const match = /^(\d{1,12})(?:[.,](\d{1,2}))?$/.exec(word);
  if (!match) throw invalidInput(`not an amount: ${word}`, { key: "spend.amountNotNumber", params: { text: word } });
  const micros = BigInt(match[1] as string) * 1_000_000n + BigInt((match[2] ?? "").padEnd(6, "0"));
  if (micros === 0n) throw invalidInput("zero amount", { key: "spend.amountNotPositive", params: { text: word } });
  return micros;
}

/** An ISO 4217 code such as EUR (any case) → upper case. */
export function parseCurrency(word: string | undefined): string {
  if (word === undefined || word === "") throw invalidInput("missing currency", { key: "spend.currencyMissing" });
  const code = word.toUpperCase();
  if (!/^[A-Z]{3}$/.test(code) || !KNOWN_CURRENCIES.has(code))
    throw invalidInput(`unknown currency ${word}`, { key: "spend.currencyUnknown", params: { text: word } });
  return code;
}

function parseChannel(word: string | undefined): string {
  if (word === undefined || word === "") throw invalidInput("missing channel", { key: "spend.channelMissing" });
  const channel = word.toLowerCase();
  if (!CHANNEL.test(channel))
    throw invalidInput(`bad channel ${word}`, { key: "spend.channelInvalid", params: { text: word } });
  return channel;
}
