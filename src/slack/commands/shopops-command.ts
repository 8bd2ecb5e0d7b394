import { DIGEST_CADENCES } from "../../domain/digests/digest-delivery-store.ts";
import {
  listDigests,
  parseCadence,
  subscribeDigest,
  unsubscribeDigest,
} from "../../domain/digests/manage-subscriptions.ts";
import { invalidInput } from "../../shared/errors.ts";
import type { CommandReply, CommandRequest, SlashCommand } from "./slash-command.ts";
import { unknownSubcommand } from "./slash-command.ts";

/** A channel as Slack escapes it in command text (`<#C123|name>`), or the current one when omitted. */
function parseChannel(word: string | undefined, current: string): string {
  if (word === undefined) return current;
  const match = /^<#([CG][A-Z0-9]+)(\|[^>]*)?>$/.exec(word);
  if (!match) throw invalidInput(`not a channel: ${word}`, { key: "digest.badChannel", params: { channel: word } });
  return match[1] as string;
}

async function digest(request: CommandRequest): Promise<CommandReply> {
  const { args, t, deps, userId, channelId } = request;
  const shop = request.shop;
  if (!shop) throw unknownSubcommand("/shopops", "digest");
  const [, action = "", ...rest] = args;
  if (action === "list") {
    const subscriptions = await listDigests(deps.db, shop);
    if (subscriptions.length === 0) return { text: t("digest.listEmpty", { shop: shop.name }) };
    const lines = subscriptions.map((s) =>
      t("digest.listLine", {
        period: t(`digest.title.${s.period}` as "digest.title.yesterday"),
        channel: s.channelId,
        cron: s.cron,
        origin: t(s.origin === "config" ? "digest.originConfig" : "digest.originSlack"),
      }),
    );
    return { text: [t("digest.listHeader", { shop: shop.name }), ...lines].join("\n") };
  }
  if (action !== "subscribe" && action !== "unsubscribe")
    throw unknownSubcommand("/shopops", `digest ${action}`.trim());
  const cadence = parseCadence(rest[0]);
  if (rest.length > 2) throw unknownSubcommand("/shopops", rest.slice(2).join(" "));
  const channel = parseChannel(rest[1], channelId);
  const params = { cadence, shop: shop.name, channel };
  if (action === "subscribe") {
    const { created } = await subscribeDigest(deps.db, { shop, actorId: userId, cadence, channelId: channel });
    await deps.schedules?.refreshDigests();
    return {
      text: created
        ? t("digest.subscribed", { ...params, cron: DIGEST_CADENCES[cadence].cron, timezone: shop.timezone })
        : t("digest.alreadySubscribed", params),
    };
  }
  const { removed, fromConfig } = await unsubscribeDigest(deps.db, {
    shop,
    actorId: userId,
    cadence,
    channelId: channel,
  });
  await deps.schedules?.refreshDigests();
  if (removed > 0) return { text: t("digest.unsubscribed", params) };
  return { text: fromConfig > 0 ? t("digest.configSubscription") : t("digest.notSubscribed", params) };
}

/** `/shopops`: the overview of every command, and `/shopops digest subscribe|unsubscribe|list`. */
export const shopopsCommand: SlashCommand = {
  name: "/shopops",
  usageKey: "usage.shopops",
  overviewKey: "help.overview",
  needsShop: false,
  async handle(request) {
    const [sub = ""] = request.args;
    if (sub.toLowerCase() === "digest") {
      if (!request.shop) {
        throw invalidInput("no shop selected", {
          key: "common.chooseShop",
          params: { shops: request.deps.config.shops.map((s) => s.id).join(", ") },
        });
      }
      return digest(request);
    }
    throw unknownSubcommand("/shopops", sub);
  },
};
