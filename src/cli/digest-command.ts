import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ShopConfig } from "../config/shops-schema.ts";
import { DIGEST_PERIODS, type DigestPeriod } from "../config/shops-schema.ts";
import type { Deps } from "../deps.ts";
import { buildShopDigest } from "../domain/digests/build-digest.ts";
import { type Period, periodOf } from "../domain/digests/period.ts";
import { addDays, isValidDay, startOfIsoWeek, startOfLocalDay } from "../shared/time.ts";
import type { SlackMessage } from "../slack/blocks/block.ts";
import { buildDigestChartImages, buildDigestMessage, digestRenderOptions } from "../slack/blocks/digest-blocks.ts";
import { renderMessageText } from "../slack/blocks/render-message-text.ts";
import { createEnvPublisher } from "../slack/publish/create-env-publisher.ts";
import { postDigest } from "../slack/publish/post-digest.ts";
import type { CliCommand } from "./cli-command.ts";
import { findShop, openDeps, usage } from "./open-deps.ts";
import { parseFlags } from "./parse-flags.ts";

export const BLOCK_KIT_BUILDER = "https://app.slack.com/block-kit-builder/#";

/** A Block Kit Builder link that opens with the message's blocks. */
export function blockKitBuilderUrl(message: SlackMessage): string {
  return `${BLOCK_KIT_BUILDER}${encodeURIComponent(JSON.stringify({ blocks: message.blocks ?? [] }))}`;
}

/**
 * The period `kind` of a digest whose last day is `day` (for `last-week`, any day of the
 * week), in the shop's calendar; without a day, the period as of now.
 */
export function digestPeriodFor(kind: DigestPeriod, shop: ShopConfig, now: Date, day?: string): Period {
  if (!day) return periodOf(kind, now, shop.timezone);
  const last = kind === "last-week" ? addDays(startOfIsoWeek(day), 6) : day;
  return periodOf(kind, startOfLocalDay(addDays(last, 1), shop.timezone), shop.timezone);
}

/**
 * Renders a shop's digest without Slack: returns what a person would read (terminal text)
 * and writes the Block Kit JSON and the chart PNGs to `outDir`, with a Block Kit Builder link.
 * Used by `digest --preview` and the demo.
 */
export async function previewDigest(input: {
  deps: Pick<Deps, "db" | "clock">;
  shop: ShopConfig;
  period: Period;
  outDir: string;
}): Promise<{ text: string; files: string[]; builderUrl: string }> {
  const { deps, shop, period, outDir } = input;
  const content = await buildShopDigest(deps, shop, period);
  const options = digestRenderOptions(shop);
  const message = buildDigestMessage(content, options);
  mkdirSync(outDir, { recursive: true });
  const base = `digest-${shop.id}-${period.kind}-${period.from}`;
  const files = [join(outDir, `${base}.json`)];
  writeFileSync(files[0] as string, `${JSON.stringify({ text: message.text, blocks: message.blocks }, null, 2)}\n`);
  // The PNGs are written whatever `charts:` says, so the preview always shows them.
  for (const image of buildDigestChartImages(content, { ...options, charts: "both" })) {
    const path = join(outDir, image.filename);
    writeFileSync(path, image.data);
    files.push(path);
  }
  return { text: renderMessageText(message), files, builderUrl: blockKitBuilderUrl(message) };
}

export const digestCommand: CliCommand = {
  name: "digest",
  summary: "render a shop's KPI digest in the terminal (and ./out/), or post it to Slack",
  usage:
    "digest --shop ID [--date YYYY-MM-DD] [--period yesterday|last-week|month-to-date] [--preview|--post] [--channel C…]",
  async run(args, io) {
    const flags = parseFlags(args, {
      valued: ["shop", "date", "period", "channel", "out"],
      switches: ["preview", "post"],
    });
    if (flags.positional.length > 0) throw usage(`unexpected argument "${flags.positional[0]}"`);
    if (flags.switches.has("preview") && flags.switches.has("post")) throw usage("choose one of --preview and --post");
    const kind = (flags.values.get("period") ?? "yesterday") as DigestPeriod;
    if (!DIGEST_PERIODS.includes(kind)) throw usage(`--period must be one of ${DIGEST_PERIODS.join(", ")}`);
    const day = flags.values.get("date");
    if (day !== undefined && !isValidDay(day)) throw usage(`--date must be a day YYYY-MM-DD, not "${day}"`);

    const deps = await openDeps(io);
    try {
      const shop = findShop(deps.config, flags.values.get("shop"));
      const period = digestPeriodFor(kind, shop, deps.clock.now(), day);
      if (!flags.switches.has("post")) {
        const outDir = resolve(flags.values.get("out") ?? "out");
        const preview = await previewDigest({ deps, shop, period, outDir });
        io.out(preview.text);
        io.out("");
        for (const file of preview.files) io.out(`wrote ${file}`);
        io.out(`Block Kit Builder: ${preview.builderUrl}`);
        return 0;
      }
      const channel = flags.values.get("channel") ?? shop.channels.digests;
      if (!channel) throw usage(`--post needs --channel or channels.digests for shop "${shop.id}"`);
      const publisher = createEnvPublisher(deps.config.env, deps.logger);
      if (!publisher) {
        io.err("--post needs SLACK_BOT_TOKEN (and SLACK_API_URL for a non-default Slack API)");
        return 2;
      }
      const content = await buildShopDigest(deps, shop, period);
      const posted = await postDigest(publisher, channel, content, digestRenderOptions(shop));
      io.out(`✓ posted the ${kind} digest of ${shop.id} (${period.key}) to ${posted.channel} at ${posted.ts}`);
      return 0;
    } finally {
      await deps.close();
    }
  },
};
