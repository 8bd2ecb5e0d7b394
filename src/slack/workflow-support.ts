import type { WebClient } from "@slack/web-api";
import type { ShopConfig } from "../config/shops-schema.ts";
import { createTranslator, type MessageKey, type Translator } from "../i18n/translate.ts";
import { invalidInput, isShopOpsError, ShopOpsError } from "../shared/errors.ts";
import type { Logger } from "../shared/logger.ts";
import type { SlackMessage } from "./blocks/block.ts";
import type { SlackDeps } from "./publish/publisher.ts";

/** Helpers the workflow handlers share: shop lookup, wording, user checks, best-effort notices. */

export function shopById(deps: SlackDeps, id: string | undefined): ShopConfig | undefined {
  return deps.config.shops.find((s) => s.id === id);
}

/** Wording in the shop's locale; without a shop, the first shop's (one workspace, one team). */
export function translatorFor(deps: SlackDeps, shop?: ShopConfig): Translator {
  return createTranslator(shop?.locale ?? deps.config.shops[0]?.locale ?? "en");
}

/** What a person sees for a failure outside a slash command (buttons, modals): the problem, no usage. */
export function userErrorText(error: unknown, t: Translator, log: Logger): string {
  if (isShopOpsError(error) && error.user) return t(error.user.key as MessageKey, error.user.params);
  log.error({ err: error }, "workflow step failed");
  return t("common.internalError");
}

/**
 * In a command, an unknown id is bad input like any other: shown with the usage. Use cases
 * report it as `not_found` (a button on an old message is not bad input).
 */
export function asCommandInputError(error: unknown): never {
  if (isShopOpsError(error, "not_found") && error.user) throw invalidInput(error.message, error.user);
  throw error;
}

/** Refuses a mention of someone Slack does not know (users.info answers user_not_found). */
export async function ensureSlackUser(client: WebClient, userId: string): Promise<void> {
  try {
    await client.users.info({ user: userId });
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (code === "user_not_found" || code === "user_not_visible")
      throw invalidInput(`unknown user ${userId}`, { key: "input.userNotFound", params: { user: userId } });
    throw error;
  }
}

/**
 * Sends a notice that must not undo the step already stored (a DM to the requester, a message
 * update): failures are logged, not thrown. The publisher has already retried 429s and 5xx.
 */
export async function bestEffort(log: Logger, what: string, send: () => Promise<unknown>): Promise<void> {
  try {
    await send();
  } catch (error) {
    log.warn({ err: error, what }, "slack notice failed");
  }
}

/** Tells the person who clicked: ephemerally through the response URL when there is one, else by DM. */
export async function tellUser(
  deps: SlackDeps,
  target: { userId: string; respond?: ((message: Record<string, unknown>) => Promise<unknown>) | undefined },
  message: SlackMessage,
): Promise<void> {
  if (target.respond) {
    await target.respond({ response_type: "ephemeral", replace_original: false, text: message.text });
    return;
  }
  await deps.publisher.dm(target.userId, message);
}

/** A ShopOpsError's i18n key, when it has one (modal handlers map keys to input blocks). */
export function userKeyOf(error: unknown): { key: string; params: Record<string, string | number> } | undefined {
  return error instanceof ShopOpsError && error.user
    ? { key: error.user.key, params: error.user.params ?? {} }
    : undefined;
}
