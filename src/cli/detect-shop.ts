import type { ShopConfig } from "../config/shops-schema.ts";
import type { Deps } from "../deps.ts";
import { createAlertStore } from "../domain/alerts/alert-store.ts";
import { evaluateShop, type IncidentDecision } from "../domain/alerts/evaluate-shop.ts";
import { createMetricStore } from "../domain/metrics/metric-store.ts";
import { publishDecisions } from "../jobs/alert-job.ts";
import { alertRenderOptions, buildAlertMessage } from "../slack/blocks/alert-blocks.ts";
import type { Block, SlackMessage } from "../slack/blocks/block.ts";
import { renderMessageText } from "../slack/blocks/render-message-text.ts";
import { createEnvPublisher } from "../slack/publish/create-env-publisher.ts";
import type { CliIo } from "./cli-command.ts";

/**
 * The shop's open incidents (every alert not resolved) as terminal text, one message after
 * another, as they read in Slack. For the demo and `detect --shop`.
 */
export async function previewAlerts(input: { deps: Pick<Deps, "db">; shop: ShopConfig }): Promise<string> {
  const alerts = await createAlertStore(input.deps.db).unresolved(input.shop.id);
  const options = alertRenderOptions(input.shop);
  return alerts.map((a) => renderAlertText(buildAlertMessage(a, options))).join("\n\n");
}

/** Menus have no label of their own: shown as `[ placeholder ]` like buttons. */
function renderAlertText(message: SlackMessage): string {
  const blocks = message.blocks?.map((b): Block => {
    if (b.type !== "actions" || !Array.isArray(b.elements)) return b;
    const elements = (b.elements as Array<Record<string, unknown>>).map((e) =>
      e.type === "static_select" ? { ...e, text: e.placeholder } : e,
    );
    return { ...b, elements };
  });
  return renderMessageText({ ...message, blocks });
}

/**
 * `detect --shop ID [--post]`: evaluates the shop's stored data now and prints what it
 * decided per incident, then the open incidents. Incidents are recorded either way; with
 * `--post` they are also posted, updated or resolved in `channels.alerts` (else the next
 * pull posts them).
 */
export async function runDetectShop(deps: Deps, shop: ShopConfig, post: boolean, io: CliIo): Promise<number> {
  const publisher = post ? createEnvPublisher(deps.config.env, deps.logger) : undefined;
  if (post && !publisher) {
    io.err("--post needs SLACK_BOT_TOKEN (and SLACK_API_URL for a non-default Slack API)");
    return 2;
  }
  if (post && !shop.channels.alerts) {
    io.err(`--post needs channels.alerts for shop "${shop.id}"`);
    return 2;
  }
  const decisions = await evaluateShop({ shop, db: deps.db, store: createMetricStore(deps.db), clock: deps.clock });
  if (publisher) await publishDecisions({ ...deps, publisher }, shop, decisions);
  io.out(describeDecisions(decisions, post));
  const preview = await previewAlerts({ deps, shop });
  if (preview) io.out(`\n${preview}`);
  return 0;
}

function describeDecisions(decisions: IncidentDecision[], posted: boolean): string {
  const changed = decisions.filter((d) => d.action !== "none");
  const open = decisions.filter((d) => d.alert.status !== "resolved").length;
  const lines = [
    `${open} open incident(s), ${changed.length} change(s)${posted ? " published" : " (not posted: use --post)"}`,
  ];
  for (const { alert, action } of changed) {
    const metrics = [...new Set(alert.details.findings.map((f) => f.metric))].join(", ");
    lines.push(
      `  ${action.padEnd(7)} #${alert.id} ${alert.severity.padEnd(8)} ${alert.kind} ${alert.incidentKey} (${metrics})`,
    );
  }
  return lines.join("\n");
}
