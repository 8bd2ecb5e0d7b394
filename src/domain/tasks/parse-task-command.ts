import { invalidInput } from "../../shared/errors.ts";
import type { Day } from "../../shared/time.ts";
import {
  decodeSlackText,
  noExtra,
  parseDueDay,
  parseId,
  parseUserMention,
  requireText,
  splitFirstWord,
} from "../input/parse-input.ts";

export type TaskCommand =
  | { kind: "add"; assigneeId: string; title: string; dueDay: Day | undefined }
  | { kind: "list"; scope: "mine" | "all" | { assigneeId: string } }
  | { kind: "done"; id: number }
  | { kind: "reassign"; id: number; assigneeId: string };

/**
 * `/task` text (after the shop id) → a typed command. `today` is the shop's local day, so
 * `today`, `tomorrow` and weekdays resolve in the shop's time zone. Throws `invalid_input`.
 */
export function parseTaskCommand(text: string, today: Day): TaskCommand {
  const [sub, rest] = splitFirstWord(text);
  const words = rest.split(/\s+/).filter(Boolean);
  switch (sub.toLowerCase()) {
    case "add": {
      const [mention, afterMention] = splitFirstWord(rest);
      const assigneeId = parseUserMention(mention, "assignee");
      let body = afterMention.trim();
      let dueDay: Day | undefined;
      const due = /\s+due\s+(\S+)$/i.exec(body) ?? /^due\s+(\S+)$/i.exec(body);
      if (due) {
        dueDay = parseDueDay(due[1] as string, today);
        body = body.slice(0, due.index).trim();
      }
      return { kind: "add", assigneeId, title: requireText("title", decodeSlackText(body)), dueDay };
    }
    case "list": {
      noExtra(words.slice(1));
      const scope = words[0]?.toLowerCase();
      if (scope === undefined || scope === "mine") return { kind: "list", scope: "mine" };
      if (scope === "all") return { kind: "list", scope: "all" };
      return { kind: "list", scope: { assigneeId: parseUserMention(words[0]) } };
    }
    case "done":
      noExtra(words.slice(1));
      return { kind: "done", id: parseId(words[0]) };
    case "reassign":
      noExtra(words.slice(2));
      return { kind: "reassign", id: parseId(words[0]), assigneeId: parseUserMention(words[1], "assignee") };
    default:
      throw invalidInput(`unknown subcommand ${sub}`, {
        key: "common.unknownSubcommand",
        params: { command: "/task", sub },
      });
  }
}
