import { invalidInput } from "../../shared/errors.ts";
import { checkLength, decodeSlackText, parseUrl, requireText, splitFirstWord } from "../input/parse-input.ts";

export type CompetitorCommand =
  | { kind: "add"; competitor: string; note: string; tags: string[]; url: string | undefined }
  | { kind: "list"; competitor: string | undefined }
  | { kind: "search"; text: string };

const TAG = /^#([\p{L}\p{N}_-]{1,30})$/u;
const MAX_TAGS = 10;

/**
 * `/competitor` text (after the shop id) → a typed command. `add`: the competitor is the first
 * word (or a "quoted name"); trailing `#tags` and one trailing URL are split off; the note in
 * between is kept verbatim. Throws `invalid_input`.
 */
export function parseCompetitorCommand(text: string): CompetitorCommand {
  const [sub, rest] = splitFirstWord(text);
  switch (sub.toLowerCase()) {
    case "add": {
      const { competitor, after } = takeCompetitor(rest);
      const { note, tags, url } = splitNote(after);
      return { kind: "add", competitor, note: requireText("note", decodeSlackText(note)), tags, url };
    }
    case "list": {
      const name = decodeSlackText(
        rest
          .trim()
          .replace(/^"(.*)"$/s, "$1")
          .trim(),
      );
      return { kind: "list", competitor: name === "" ? undefined : checkLength("competitor", name) };
    }
    case "search":
      return { kind: "search", text: requireText("note", decodeSlackText(rest)) };
    default:
      throw invalidInput(`unknown subcommand ${sub}`, {
        key: "common.unknownSubcommand",
        params: { command: "/competitor", sub },
      });
  }
}

function takeCompetitor(text: string): { competitor: string; after: string } {
  const trimmed = text.trim();
  const quoted = /^"([^"]+)"\s*([\s\S]*)$/.exec(trimmed);
  const [name, after] = quoted ? [quoted[1] as string, quoted[2] as string] : splitFirstWord(trimmed);
  return { competitor: requireText("competitor", decodeSlackText(name)), after };
}

/** Trailing `#tags` and a trailing URL (in any order) come off the end; the rest is the note, verbatim. */
export function splitNote(text: string): { note: string; tags: string[]; url: string | undefined } {
  let note = text.trimEnd();
  const tags: string[] = [];
  let url: string | undefined;
  for (;;) {
    const match = /(^|\s)(\S+)$/.exec(note);
    if (!match) break;
    const word = match[2] as string;
    const tag = TAG.exec(word);
    const link = url === undefined && !tag ? parseUrl(word) : undefined;
    if (tag) tags.unshift((tag[1] as string).toLowerCase());
    else if (link) url = link;
    else break;
    note = note.slice(0, match.index).trimEnd();
  }
  if (tags.length > MAX_TAGS)
    throw invalidInput("too many tags", { key: "competitor.tooManyTags", params: { max: MAX_TAGS } });
  return { note, tags: [...new Set(tags)], url };
}

/** Tags typed in a modal field: words with or without `#`, separated by spaces or commas. */
export function parseTags(text: string | undefined): string[] {
  const words = (text ?? "").split(/[\s,]+/).filter(Boolean);
  const tags = words.map((w) => {
    const match = TAG.exec(w.startsWith("#") ? w : `#${w}`);
    if (!match) throw invalidInput(`bad tag ${w}`, { key: "competitor.badTag", params: { text: w } });
    return (match[1] as string).toLowerCase();
  });
  if (tags.length > MAX_TAGS)
    throw invalidInput("too many tags", { key: "competitor.tooManyTags", params: { max: MAX_TAGS } });
  return [...new Set(tags)];
}
