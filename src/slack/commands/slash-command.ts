import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Locale, ShopConfig } from "../../config/shops-schema.ts";
import { createTranslator, type MessageKey, type Translator } from "../../i18n/translate.ts";
import { invalidInput, isShopOpsError, type ShopOpsError } from "../../shared/errors.ts";
import type { Logger } from "../../shared/logger.ts";
import type { SlackMessage } from "../blocks/block.ts";
import type { CommandName } from "../ids.ts";
import type { SlackDeps } from "../publish/publisher.ts";

export type CommandRequest = {
  command: CommandName;
  /** Words after the command (and after a leading shop id). */
  args: string[];
  /** The text after the command, verbatim (titles and reasons keep their spacing). */
  text: string;
  userId: string;
  channelId: string;
  triggerId: string;
  /** The selected shop; undefined only for commands with `needsShop: false`. */
  shop: ShopConfig | undefined;
  locale: Locale;
  t: Translator;
  log: Logger;
  deps: SlackDeps;
  client: WebClient;
};

/** A reply is ephemeral unless `inChannel`. */
export type CommandReply = SlackMessage & { inChannel?: boolean };

export type SlashCommand = {
  name: CommandName;
  /** i18n key of the command's usage, shown for `help` and next to every input problem. */
  usageKey: MessageKey;
  /** Shown above the usage for `help` (the /shopops overview). */
  overviewKey?: MessageKey;
  needsShop: boolean;
  /** Whether the command runs with no words at all (`/kpi`); otherwise that shows the usage. */
  runsWithoutArgs?: boolean;
  handle(request: CommandRequest): Promise<CommandReply | undefined>;
};

/**
 * Wires a slash command the same way for every command: ack at once, answer `help`, pick
 * the shop (a leading shop id, or the only shop), run the handler, and turn a ShopOpsError
 * into an ephemeral message naming the problem with the usage. Nothing is stored on bad
 * input because handlers parse fully before calling a use case.
 */
export function registerSlashCommand(app: App, deps: SlackDeps, command: SlashCommand): void {
  app.command(command.name, async ({ command: payload, ack, respond, client, context }) => {
    const started = performance.now();
    await ack();
    deps.metrics.ackLatency.observe({ kind: "slash_command" }, (performance.now() - started) / 1000);
    const log = (context.log as Logger | undefined) ?? deps.logger;
    const raw = payload.text.trim();
    const fallbackLocale = deps.config.shops[0]?.locale ?? "en";
    let t = createTranslator(fallbackLocale);
    const usage = () => `${t("common.usage")}\n${t(command.usageKey)}`;
    try {
      const picked = pickShop(raw, deps.config.shops);
      if (picked.shop) t = createTranslator(picked.shop.locale);
      const wantsHelp = picked.args[0]?.toLowerCase() === "help";
      if (wantsHelp || (picked.args.length === 0 && !command.runsWithoutArgs)) {
        const overview = command.overviewKey ? `${t(command.overviewKey)}\n\n` : "";
        await respond({ response_type: "ephemeral", text: `${overview}${usage()}` });
        return;
      }
      if (command.needsShop && !picked.shop) {
        throw invalidInput("no shop selected", {
          key: "common.chooseShop",
          params: { shops: deps.config.shops.map((s) => s.id).join(", ") || "—" },
        });
      }
      const reply = await command.handle({
        command: command.name,
        args: picked.args,
        text: picked.text,
        userId: payload.user_id,
        channelId: payload.channel_id,
        triggerId: payload.trigger_id,
        shop: picked.shop,
        locale: picked.shop?.locale ?? fallbackLocale,
        t,
        log,
        deps,
        client,
      });
      if (reply) {
        await respond({
          response_type: reply.inChannel ? "in_channel" : "ephemeral",
          text: reply.text,
          ...(reply.blocks ? { blocks: reply.blocks as never } : {}),
        });
      }
    } catch (error) {
      await respond({ response_type: "ephemeral", text: describeError(error, t, usage, log) });
    }
  });
}

/** The user-facing text for a failure: the problem and, for bad input, the usage. */
export function describeError(error: unknown, t: Translator, usage: () => string, log: Logger): string {
  if (isShopOpsError(error) && error.user) {
    const message = t(error.user.key as MessageKey, error.user.params);
    return error.code === "invalid_input" ? `${message}\n${usage()}` : message;
  }
  log.error({ err: error }, "command failed");
  return t("common.internalError");
}

/** A leading word naming a configured shop selects it; with one shop it is implied. */
export function pickShop(
  text: string,
  shops: ShopConfig[],
): { shop: ShopConfig | undefined; args: string[]; text: string } {
  const trimmed = text.trim();
  const words = trimmed.split(/\s+/).filter(Boolean);
  const first = words[0] ?? "";
  const named = shops.find((s) => s.id.toLowerCase() === first.toLowerCase());
  const shop = named ?? (shops.length === 1 ? shops[0] : undefined);
  return named
    ? { shop, args: words.slice(1), text: trimmed.slice(first.length).trim() }
    : { shop, args: words, text: trimmed };
}

/** The error for `/x foo` when `foo` is not a subcommand of `/x`. */
export function unknownSubcommand(command: CommandName, sub: string): ShopOpsError {
  return invalidInput(`unknown subcommand ${sub}`, {
    key: "common.unknownSubcommand",
    params: { command, sub },
  });
}
