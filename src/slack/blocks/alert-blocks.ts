import type { Locale, ShopConfig } from "../../config/shops-schema.ts";
import type { AlertRecord } from "../../domain/alerts/alert-store.ts";
import type { DrillDown, Finding } from "../../domain/alerts/incident.ts";
import { isUpliftWithoutPromo } from "../../domain/alerts/mark-alert-expected.ts";
import { SNOOZE_DURATIONS } from "../../domain/alerts/snooze-alert.ts";
import { KPI_IDS, type KpiId } from "../../domain/kpi/kpis.ts";
import { formatChange, formatDay, formatInstant, formatMoney, formatNumber, formatPercent } from "../../i18n/format.ts";
import { createTranslator, type MessageKey, type Translator } from "../../i18n/translate.ts";
import { ACTIONS } from "../ids.ts";
import {
  actions,
  type Block,
  button,
  context,
  escapeMrkdwn,
  header,
  plain,
  type SlackMessage,
  section,
  truncate,
} from "./block.ts";
import { buildTaskModal, TASK_MODAL } from "./task-blocks.ts";

export type AlertRenderOptions = { locale: Locale; currency: string; timeZone: string; shopName: string };

export function alertRenderOptions(shop: ShopConfig): AlertRenderOptions {
  return { locale: shop.locale, currency: shop.currency, timeZone: shop.timezone, shopName: shop.name };
}

/** The actions block of an alert: its id carries the alert id for the select menus, whose values are choices. */
export const ALERT_ACTIONS_BLOCK = "alert_actions";

const ICONS = { info: "🔵", warning: "🟠", critical: "🔴" } as const;
const SOURCE_NAMES: Record<string, string> = {
  ga4: "GA4",
  "google-ads": "Google Ads",
  meta: "Meta",
  demo: "Demo",
  csv: "CSV",
};
const MULTIPLES = new Set(["roas"]);
const MAX_FINDINGS = 8;

/**
 * An incident as one Slack message: what happened and where (one line per metric with the
 * change, the expected value and range, and the drill-down), severity and confidence, its
 * state (acknowledged by whom, snoozed until, expected, resolved) and the buttons
 * `alert_ack`, `alert_snooze`, `alert_expected`, `alert_task` (value = alert id). The same
 * builder re-renders the message after each action and each evaluation.
 */
export function buildAlertMessage(alert: AlertRecord, o: AlertRenderOptions): SlackMessage {
  const t = createTranslator(o.locale);
  const resolved = alert.status === "resolved";
  const kind = t(`alerts.kind.${alert.kind}` as MessageKey);
  const icon = resolved ? "✅" : ICONS[alert.severity];
  const findings = alert.details.findings;
  const lines = findings.slice(0, MAX_FINDINGS).flatMap((f) => findingLines(f, t, o, findings));
  const blocks: Block[] = [header(t("alerts.header", { icon, shop: o.shopName, kind })), section(lines.join("\n"))];

  const confidence = Math.min(...alert.details.findings.map((f) => f.confidence), 1);
  const meta = [
    t("alerts.meta", {
      severity: t(`alerts.severity.${alert.severity}` as MessageKey),
      confidence: formatPercent(confidence, o.locale, 0),
    }),
  ];
  if (confidence < 0.5) meta.push(t("alerts.lowConfidence"));
  const recovered = alert.details.recovered.filter((m) => !alert.details.findings.some((f) => f.metric === m));
  if (recovered.length > 0)
    meta.push(t("alerts.recovered", { metrics: recovered.map((m) => metricName(m, t)).join(", ") }));
  blocks.push(context(meta.join(" · ")));

  const state = stateLines(alert, t, o);
  if (state.length > 0) blocks.push(context(...state));
  if (!resolved) blocks.push(alertActions(alert, t));
  return { text: `${icon} ${o.shopName} · ${kind}: ${summarize(alert, o)}`, blocks };
}

/** The thread reply when an incident is over. */
export function buildAlertResolvedNotice(alert: AlertRecord, o: AlertRenderOptions): SlackMessage {
  const t = createTranslator(o.locale);
  const metrics = [...new Set(alert.details.findings.map((f) => f.metric))].map((m) => metricName(m, t)).join(", ");
  const text = t("alerts.resolvedNotice", {
    time: formatInstant(alert.resolvedAt ?? alert.openedAt, o.timeZone, o.locale),
    metrics,
  });
  return { text, blocks: [section(text)] };
}

/** One plain line about the incident's main finding: the fallback text and the task title. */
export function summarize(alert: AlertRecord, o: AlertRenderOptions): string {
  const t = createTranslator(o.locale);
  const first = alert.details.findings[0];
  if (!first) return t(`alerts.kind.${alert.kind}` as MessageKey);
  const line = findingLines(first, t, o, alert.details.findings)[0] ?? "";
  return line.replace(/\*/g, "");
}

/** What the alert_task modal carries in `private_metadata`: the shop and the alert it comes from. */
export type AlertTaskMetadata = { shopId: string; alertId: number };

export function parseAlertTaskMetadata(text: string): AlertTaskMetadata | undefined {
  if (!text.startsWith("{")) return undefined;
  try {
    const parsed = JSON.parse(text) as Partial<AlertTaskMetadata>;
    return typeof parsed.shopId === "string" && typeof parsed.alertId === "number"
      ? { shopId: parsed.shopId, alertId: parsed.alertId }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The task modal (the same as "New task", callback `task_new_modal`) prefilled from an alert:
 * the title says what to look into; `private_metadata` is `{"shopId","alertId"}` JSON.
 */
export function buildAlertTaskModal(alert: AlertRecord, shop: ShopConfig, assignee?: string): Record<string, unknown> {
  const o = alertRenderOptions(shop);
  const t = createTranslator(o.locale);
  const modal = buildTaskModal(t, [shop], assignee);
  const title = truncate(t("alerts.task.prefill", { summary: summarize(alert, o) }), 200);
  const blocks = (modal.blocks as Array<Record<string, unknown>>).map((b) =>
    b.block_id === TASK_MODAL.title ? { ...b, element: { ...(b.element as object), initial_value: title } } : b,
  );
  const metadata: AlertTaskMetadata = { shopId: shop.id, alertId: alert.id };
  return { ...modal, blocks, private_metadata: JSON.stringify(metadata) };
}

function alertActions(alert: AlertRecord, t: Translator): Block {
  const id = String(alert.id);
  const option = (text: string, value: string) => ({ text: plain(text), value });
  const choices = ["expected", "false_alarm", ...(isUpliftWithoutPromo(alert) ? ["uplift"] : [])];
  return actions(`${ALERT_ACTIONS_BLOCK}:${id}`, [
    button(t("alerts.button.ack"), ACTIONS.alertAck, id, "primary"),
    {
      type: "static_select",
      action_id: ACTIONS.alertSnooze,
      placeholder: plain(t("alerts.snooze.placeholder")),
      options: Object.keys(SNOOZE_DURATIONS).map((d) => option(t(`alerts.snooze.${d}` as MessageKey), d)),
    },
    {
      type: "static_select",
      action_id: ACTIONS.alertExpected,
      placeholder: plain(t("alerts.expected.placeholder")),
      options: choices.map((c) => option(t(`alerts.expected.${c}` as MessageKey), c)),
    },
    button(t("alerts.button.task"), ACTIONS.alertTask, id),
  ]);
}

function stateLines(alert: AlertRecord, t: Translator, o: AlertRenderOptions): string[] {
  const time = (d: Date) => formatInstant(d, o.timeZone, o.locale);
  const lines: string[] = [];
  if (alert.ackBy) lines.push(t("alerts.state.ack", { user: alert.ackBy, time: time(alert.ackAt ?? alert.openedAt) }));
  if (alert.status === "snoozed" && alert.snoozedUntil)
    lines.push(t("alerts.state.snoozed", { time: time(alert.snoozedUntil) }));
  if (alert.expectedBy) lines.push(t("alerts.state.expected", { user: alert.expectedBy }));
  if (alert.status === "resolved")
    lines.push(t("alerts.state.resolved", { time: time(alert.resolvedAt ?? alert.openedAt) }));
  return lines;
}

function findingLines(f: Finding, t: Translator, o: AlertRenderOptions, all: Finding[] = [f]): string[] {
  const value = (v: number | null) => (v === null ? "–" : formatValue(v, f.metric, f.unit, o));
  const when = whenText(f, o);
  switch (f.kind) {
    case "tracking_outage":
      return [t("alerts.line.tracking", { actual: value(f.actual), expected: value(f.expected), when })];
    case "stale_source": {
      const source = SOURCE_NAMES[f.subject ?? f.metric] ?? f.subject ?? f.metric;
      if (!f.lastSuccessAt) return [t("alerts.line.staleNever", { source })];
      const time = formatInstant(new Date(f.lastSuccessAt), o.timeZone, o.locale);
      return [t("alerts.line.stale", { source, time, hours: formatNumber(f.expected ?? 0, o.locale, 1) })];
    }
    case "spend_without_conversions":
      return [
        t("alerts.line.spendWithoutConversions", {
          campaign: escapeMrkdwn(f.subject ?? ""),
          cost: value(f.actual),
          day: formatDay(f.from, o.locale),
          expected: formatNumber(f.expected ?? 0, o.locale, 1),
        }),
      ];
    case "cost_mismatch": {
      const share = f.expected ? Math.abs((f.actual ?? 0) - f.expected) / f.expected : 0;
      return [
        t("alerts.line.costMismatch", {
          ga4: value(f.actual),
          ads: value(f.expected),
          day: formatDay(f.from, o.locale),
          share: formatPercent(share, o.locale, 0),
        }),
      ];
    }
    case "checkout_stopped": {
      if (f.metric !== "transactions") return [];
      const users = all.find((x) => x.metric === "activeUsers")?.actual ?? 0;
      const expected = formatNumber(f.expected ?? 0, o.locale, 1);
      return [t("alerts.line.checkout", { expected, users: formatNumber(users, o.locale) })];
    }
    default: {
      const change =
        f.actual !== null && f.expected ? formatChange((f.actual - f.expected) / Math.abs(f.expected), o.locale) : "";
      const line = t("alerts.line.anomaly", {
        metric: metricName(f.metric, t),
        change,
        expected: value(f.expected),
        low: value(f.low === null ? null : Math.max(0, f.low)),
        high: value(f.high),
        actual: value(f.actual),
        when: f.promo ? `${when}, ${t("alerts.line.promo")}` : when,
      });
      return [line, ...f.drillDown.map((d) => `    ↳ ${drillLine(d, f, t, o)}`)];
    }
  }
}

function drillLine(d: DrillDown, f: Finding, t: Translator, o: AlertRenderOptions): string {
  return t("alerts.line.drill", {
    value: escapeMrkdwn(d.value),
    share: formatPercent(d.share, o.locale, 0),
    movement: t(f.direction === "up" ? "alerts.rise" : "alerts.drop"),
    actual: formatValue(d.actual, f.metric, f.unit, o),
    expected: formatValue(d.expected, f.metric, f.unit, o),
  });
}

function whenText(f: Finding, o: AlertRenderOptions): string {
  const day = (bucket: string) => formatDay(bucket.slice(0, 10), o.locale);
  if (f.granularity === "day") return f.from === f.to ? day(f.from) : `${day(f.from)} – ${day(f.to)}`;
  const time = (bucket: string) => bucket.slice(11, 16).padEnd(5, ":00").slice(0, 5);
  // Hour buckets are shown as the time they cover: 09 … 11 is 09:00–12:00.
  const end =
    f.granularity === "hour" ? `${String((Number(f.to.slice(11, 13)) + 1) % 24).padStart(2, "0")}:00` : time(f.to);
  const sameDay = f.from.slice(0, 10) === f.to.slice(0, 10);
  return sameDay ? `${day(f.from)} ${time(f.from)}–${end}` : `${day(f.from)} ${time(f.from)} – ${day(f.to)} ${end}`;
}

function formatValue(v: number, metric: string, unit: Finding["unit"], o: AlertRenderOptions): string {
  if (unit === "money") return formatMoney(v, o.currency, o.locale, { compact: Math.abs(v) >= 1000 });
  if (unit === "ratio")
    return MULTIPLES.has(metric) ? `${formatNumber(v, o.locale, 2)}×` : formatPercent(v, o.locale, 2);
  return formatNumber(v, o.locale, Math.abs(v) < 10 && !Number.isInteger(v) ? 1 : 0);
}

function metricName(metric: string, t: Translator): string {
  if ((KPI_IDS as readonly string[]).includes(metric)) return t(`digest.kpi.${metric as KpiId}` as MessageKey);
  if (metric === "activeUsers") return t("alerts.metric.activeUsers");
  return SOURCE_NAMES[metric] ?? metric;
}
