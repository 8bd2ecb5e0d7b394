import { type KpiChartInput, renderKpiChartPng } from "../../charts/kpi-chart.ts";
import type { Locale, ShopConfig } from "../../config/shops-schema.ts";
import type {
  ChannelRow,
  DigestChart,
  DigestContent,
  KpiFigure,
  SourceHealth,
} from "../../domain/digests/digest-content.ts";
import type { KpiId, KpiUnit } from "../../domain/kpi/kpis.ts";
import type { DayRange, SourceId } from "../../domain/metrics/observation.ts";
import {
  formatChange,
  formatChartDay,
  formatDay,
  formatInstant,
  formatMoney,
  formatMonth,
  formatNumber,
  formatPercent,
} from "../../i18n/format.ts";
import { createTranslator, type MessageKey, type Translator } from "../../i18n/translate.ts";
import { isoWeekKey, localClock } from "../../shared/time.ts";
import { ACTIONS } from "../ids.ts";
import {
  actions,
  type Block,
  button,
  context,
  divider,
  escapeMrkdwn,
  header,
  LIMITS,
  mrkdwn,
  type SlackMessage,
  section,
  truncate,
} from "./block.ts";

export type ChartsOption = "native" | "image" | "both";

/** How a shop's digests are rendered: its language, currency, time zone and `charts:` choice. */
export function digestRenderOptions(shop: ShopConfig): DigestRenderOptions {
  return { locale: shop.locale, currency: shop.currency, timeZone: shop.timezone, charts: shop.charts };
}

export type DigestRenderOptions = {
  locale: Locale;
  currency: string;
  timeZone: string;
  /** Native data visualization blocks, PNGs uploaded in the thread, or both. */
  charts: ChartsOption;
  /** Channel breakdown as a Block Kit table block instead of text lines. */
  table?: boolean;
  /** Slack user who shared an on-demand reply into the channel. */
  sharedBy?: string;
};

/** Slack's documented limits for the data visualization block. */
export const CHART_LIMITS = { perMessage: 2, title: 50, seriesName: 20, label: 20, points: 20 } as const;

/** A chart block as Slack documents it (`@slack/types` has no type for it yet). */
export type DataVisualizationBlock = {
  type: "data_visualization";
  block_id?: string;
  title: string;
  chart: {
    type: "line" | "bar" | "area";
    series: Array<{ name: string; data: Array<{ label: string; value: number }> }>;
    axis_config: { categories: string[]; x_label?: string; y_label?: string };
  };
};

export type DigestImage = { filename: string; title: string; altText: string; data: Buffer };

const SOURCE_NAMES: Record<SourceId, string> = {
  ga4: "GA4",
  "google-ads": "Google Ads",
  meta: "Meta",
  csv: "CSV",
  demo: "Demo",
};
/** Ratios shown as multiples (4.2×) rather than percentages. */
const MULTIPLES = new Set<KpiId>(["roas", "mer"]);
const MAX_CHANNEL_LINES = 8;
const FALLBACK_KPIS = 5;

type Ctx = { t: Translator; o: DigestRenderOptions; content: DigestContent };

/**
 * The digest as a Slack message: headline KPIs with changes, source warnings next to the
 * figures they affect, native charts (when `charts` is native or both), targets, channels,
 * media-plan pacing, tasks, approvals, promos and competitor notes. Always within Slack's
 * limits (≤ 50 blocks, ≤ 3000 characters per section, ≤ 10 fields, ≤ 2 charts) and with a
 * plain-text fallback for notifications.
 */
export function buildDigestMessage(content: DigestContent, options: DigestRenderOptions): SlackMessage {
  const ctx: Ctx = { t: createTranslator(options.locale), o: options, content };
  const { t } = ctx;
  const blocks: Block[] = [header(headerText(ctx)), context(...periodLines(ctx))];
  if (options.sharedBy) blocks.push(context(t("digest.sharedBy", { user: `<@${options.sharedBy}>` })));

  if (content.kpis.every((k) => k.value === null)) blocks.push(section(t("digest.noData")));
  else
    blocks.push({ type: "section", fields: content.kpis.slice(0, LIMITS.fields).map((k) => mrkdwn(kpiField(ctx, k))) });

  const warnings = sourceWarnings(ctx, content.sources);
  if (warnings) blocks.push(context(warnings));

  if (options.charts !== "image") {
    for (const chart of content.charts.slice(0, CHART_LIMITS.perMessage)) blocks.push(chartBlock(ctx, chart));
  }

  const sections: Array<Block | Block[] | undefined> = [
    targetsSection(ctx),
    channelsSection(ctx),
    pacingSection(ctx),
    tasksSection(ctx),
    approvalsSection(ctx),
    promosSection(ctx),
    competitorsSection(ctx),
  ];
  const body = sections.flatMap((s) => (s === undefined ? [] : Array.isArray(s) ? s : [s]));
  if (body.length > 0) blocks.push(divider(), ...body);

  blocks.push(
    context(
      t("digest.footer", {
        timezone: content.shop.timezone,
        time: formatInstant(content.generatedAt, options.timeZone, options.locale),
      }),
    ),
  );
  return { text: fallbackText(ctx), blocks: withinBlockLimit(blocks, LIMITS.blocks) };
}

/**
 * The ephemeral `/kpi` answer: the same digest with a "Share to channel" button whose value
 * names the shop and period (see `parseKpiShareValue`), so sharing re-renders the same numbers.
 */
export function buildKpiReply(content: DigestContent, options: DigestRenderOptions): SlackMessage {
  const t = createTranslator(options.locale);
  const message = buildDigestMessage(content, options);
  const blocks = message.blocks ?? [];
  const extra: Block[] = [
    context(t("digest.onlyYou")),
    actions("kpi_share", [button(t("digest.shareButton"), ACTIONS.kpiShare, kpiShareValue(content), "primary")]),
  ];
  return { text: message.text, blocks: [...withinBlockLimit(blocks, LIMITS.blocks - extra.length), ...extra] };
}

export type KpiShareValue = {
  shopId: string;
  kind: DigestContent["period"]["kind"];
  key: string;
  throughHour?: number;
};

export function kpiShareValue(content: DigestContent): string {
  const { period } = content;
  const value: KpiShareValue = {
    shopId: content.shop.id,
    kind: period.kind,
    key: period.key,
    ...(period.throughHour !== undefined ? { throughHour: period.throughHour } : {}),
  };
  return JSON.stringify(value);
}

/** The share button's value back; undefined when it is not one of ours. Rebuild the period with `periodOfKey`. */
export function parseKpiShareValue(value: string): KpiShareValue | undefined {
  try {
    const v = JSON.parse(value) as Partial<KpiShareValue>;
    if (typeof v.shopId !== "string" || typeof v.kind !== "string" || typeof v.key !== "string") return undefined;
    return {
      shopId: v.shopId,
      kind: v.kind,
      key: v.key,
      ...(typeof v.throughHour === "number" ? { throughHour: v.throughHour } : {}),
    };
  } catch {
    return undefined;
  }
}

/** The charts as PNGs (for `image` and `both`), to upload in the digest's thread. */
export function buildDigestChartImages(content: DigestContent, options: DigestRenderOptions): DigestImage[] {
  if (options.charts === "native") return [];
  const ctx: Ctx = { t: createTranslator(options.locale), o: options, content };
  return content.charts.slice(0, CHART_LIMITS.perMessage).map((chart) => {
    const input = chartInput(ctx, chart);
    const total = (values: Array<number | null>) =>
      formatValue(
        ctx,
        chart.unit,
        values.reduce<number>((s, v) => s + (v ?? 0), 0),
      );
    return {
      filename: `${content.shop.id}-${chart.kpi}-${content.period.key.replace("..", "_")}.png`,
      title: input.title,
      altText: ctx.t("digest.chart.imageAlt", {
        title: input.title,
        current: input.series[0]?.name ?? "",
        currentTotal: total(input.series[0]?.values ?? []),
        previous: input.series[1]?.name ?? "",
        previousTotal: total(input.series[1]?.values ?? []),
      }),
      data: renderKpiChartPng(input),
    };
  });
}

function headerText({ t, content }: Ctx): string {
  return t("digest.header", { shop: content.shop.name, title: t(`digest.title.${content.period.kind}` as MessageKey) });
}

function periodLines(ctx: Ctx): string[] {
  const { t, content } = ctx;
  const { period } = content;
  const compared =
    period.throughHour !== undefined
      ? t("digest.comparedWithSameTime", { period: describeRange(ctx, period.comparison) })
      : t("digest.comparedWith", { period: describeRange(ctx, period.comparison) });
  const lines = [`*${describePeriod(ctx)}* · ${compared}`];
  if (period.sameWeekdayLastWeek) {
    lines.push(t("digest.weekAgoNote", { day: formatDay(period.sameWeekdayLastWeek.from, ctx.o.locale) }));
  }
  return lines;
}

function describePeriod(ctx: Ctx): string {
  const { t, content, o } = ctx;
  const { period } = content;
  if (period.throughHour !== undefined) {
    const clock = localClock(content.generatedAt, o.timeZone);
    const hour = `${String(clock.hour).padStart(2, "0")}:${String(clock.minute).padStart(2, "0")}`;
    return t("digest.throughHour", { day: formatDay(period.to, o.locale), hour });
  }
  if (period.kind === "last-week") {
    return t("digest.week", { week: Number(isoWeekKey(period.from).slice(6)), range: describeRange(ctx, period) });
  }
  return describeRange(ctx, period);
}

function describeRange({ t, o }: Ctx, r: DayRange): string {
  if (r.from === r.to) return formatDay(r.from, o.locale);
  return t("digest.range", { from: formatDay(r.from, o.locale), to: formatDay(r.to, o.locale) });
}

/** A KPI value in the shop's locale and currency; "—" when there is none. */
export function formatKpiValue(id: KpiId, unit: KpiUnit, value: number | null, o: DigestRenderOptions): string {
  if (value === null) return "—";
  if (unit === "money") return formatMoney(value, o.currency, o.locale);
  if (unit === "count") return formatNumber(value, o.locale);
  if (unit === "seconds") return `${formatNumber(value, o.locale, 0)} s`;
  return MULTIPLES.has(id) ? `${formatNumber(value, o.locale, 2)}×` : formatPercent(value, o.locale);
}

function formatValue({ o }: Ctx, unit: KpiUnit, value: number): string {
  return unit === "money" ? formatMoney(value, o.currency, o.locale) : formatNumber(value, o.locale);
}

/** Changes smaller than this are noise in a morning read, not news: shown flat. */
const FLAT_CHANGE = 0.01;

/** 🟢 good, 🔴 bad, ⚪ flat: colour follows the KPI's good direction, not the sign. */
function signal(change: number, goodDirection: "up" | "down"): string {
  if (Math.abs(change) < FLAT_CHANGE) return "⚪";
  return change > 0 === (goodDirection === "up") ? "🟢" : "🔴";
}

function changeText(change: number | null, goodDirection: "up" | "down", locale: Locale): string | undefined {
  return change === null ? undefined : `${signal(change, goodDirection)} ${formatChange(change, locale)}`;
}

function kpiField(ctx: Ctx, k: KpiFigure): string {
  const { t, o } = ctx;
  const label = `*${t(`digest.kpi.${k.id}` as MessageKey)}*`;
  const value = formatKpiValue(k.id, k.unit, k.value, o);
  // A figure fed by a stale source may be missing data: say so instead of claiming a change.
  if (k.affectedBy.length > 0 && k.value !== null) return `${label}\n${value}\n_${t("digest.incomplete")}_`;
  const lines = [label, [value, changeText(k.change, k.goodDirection, o.locale)].filter(Boolean).join("  ")];
  if (k.weekAgo && k.weekAgo.change !== null) {
    lines.push(t("digest.weekAgo", { change: formatChange(k.weekAgo.change, o.locale) }));
  }
  return lines.join("\n");
}

function sourceWarnings(ctx: Ctx, sources: SourceHealth[]): string | undefined {
  const { t, o } = ctx;
  const bad = sources.filter((s) => s.status !== "ok");
  if (bad.length === 0) return undefined;
  const lines = bad.map((s) => {
    const source = SOURCE_NAMES[s.source];
    const time = s.lastSuccessAt ? formatInstant(s.lastSuccessAt, o.timeZone, o.locale) : undefined;
    const reason = t(
      (["auth", "not_found", "quota", "unavailable", "invalid_response"].includes(s.errorKind ?? "")
        ? `digest.errorKind.${s.errorKind}`
        : "digest.errorKind.unknown") as MessageKey,
    );
    if (s.status === "failed") {
      return time
        ? t("digest.sources.failed", { source, reason, time })
        : t("digest.sources.failedNever", { source, reason });
    }
    if (s.status === "never" || !time) return t("digest.sources.never", { source });
    return t("digest.sources.stale", { source, time });
  });
  return fitLines([t("digest.sources.title"), ...lines.map((l) => `• ${l}`)], ctx);
}

function chartLabels(ctx: Ctx, chart: DigestChart): string[] {
  const { locale } = ctx.o;
  const short = chart.points.length <= 7 ? "weekday" : "dayMonth";
  return chart.points.map(({ label }) => {
    if (chart.granularity === "hour") return `${label.from.slice(11, 13)}:00`;
    const to = label.to.slice(0, 10);
    if (label.from === label.to) return truncate(formatChartDay(to, locale, short), CHART_LIMITS.label);
    return truncate(`${Number(label.from.slice(8, 10))}–${formatChartDay(to, locale, "dayMonth")}`, CHART_LIMITS.label);
  });
}

function chartTitle({ t, content }: Ctx, chart: DigestChart): string {
  const kpi = t(`digest.kpi.${chart.kpi}` as MessageKey);
  const key: MessageKey =
    chart.granularity === "hour"
      ? "digest.chart.title.hours"
      : content.period.from === content.period.to
        ? "digest.chart.title.week"
        : "digest.chart.title.period";
  return truncate(t(key, { kpi }), CHART_LIMITS.title);
}

function chartInput(ctx: Ctx, chart: DigestChart): KpiChartInput {
  const { t, o } = ctx;
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    title: chartTitle(ctx, chart),
    labels: chartLabels(ctx, chart),
    series: [
      {
        name: truncate(t("digest.chart.current"), CHART_LIMITS.seriesName),
        values: chart.points.map((p) => round(p.value)),
      },
      {
        name: truncate(t("digest.chart.previous"), CHART_LIMITS.seriesName),
        values: chart.points.map((p) => (p.previous === null ? null : round(p.previous))),
      },
    ],
    xLabel: t(chart.granularity === "hour" ? "digest.chart.hours" : "digest.chart.days"),
    formatValue: (v) =>
      chart.unit === "money" ? formatMoney(v, o.currency, o.locale, { compact: true }) : formatNumber(v, o.locale),
  };
}

function chartBlock(ctx: Ctx, chart: DigestChart): DataVisualizationBlock & Block {
  const input = chartInput(ctx, chart);
  return {
    type: "data_visualization",
    block_id: `chart_${chart.kpi}`,
    title: input.title,
    chart: {
      type: "line",
      series: input.series.map((s) => ({
        name: s.name,
        // Every series needs a point per category; a comparison shorter than the period reads 0 there.
        data: s.values
          .slice(0, CHART_LIMITS.points)
          .map((value, i) => ({ label: input.labels[i] ?? "", value: value ?? 0 })),
      })),
      axis_config: {
        categories: input.labels.slice(0, CHART_LIMITS.points),
        ...(input.xLabel ? { x_label: truncate(input.xLabel, CHART_LIMITS.title) } : {}),
        y_label: truncate(
          chart.unit === "money"
            ? `${ctx.t(`digest.kpi.${chart.kpi}`)} (${ctx.o.currency})`
            : ctx.t(`digest.kpi.${chart.kpi}`),
          CHART_LIMITS.title,
        ),
      },
    },
  };
}

/** A signed money difference: +€300.00 / −€1,234.00. */
function signedMoney({ o }: Ctx, delta: number): string {
  const text = formatMoney(Math.abs(delta), o.currency, o.locale);
  return `${delta < 0 ? "−" : "+"}${text}`;
}

/** Media-plan channels that are our sources get their product names ("google-ads" → "Google Ads"). */
function channelName(channel: string): string {
  return escapeMrkdwn(SOURCE_NAMES[channel as SourceId] ?? channel);
}

function warn(affectedBy: SourceId[]): string {
  return affectedBy.length > 0 ? " ⚠" : "";
}

function targetsSection(ctx: Ctx): Block | undefined {
  const { t, o, content } = ctx;
  if (content.targets.length === 0) return undefined;
  const month = content.targets[0]?.month ?? "";
  const lines = content.targets.map((g) => {
    const kpi = t(`digest.kpi.${g.kpi}` as MessageKey);
    const mark = g.onTrack === null ? "" : g.onTrack ? "✅ " : "⚠️ ";
    const status =
      g.onTrack === null ? "" : ` · ${t(g.onTrack ? "digest.targets.onTrack" : "digest.targets.offTrack")}`;
    const fmt = (v: number | null) => formatKpiValue(g.kpi, g.unit, v, o);
    const line =
      g.expectedShare === null
        ? t("digest.targets.ratio", { kpi, actual: fmt(g.actual), target: fmt(g.target) })
        : t("digest.targets.sum", {
            kpi,
            actual: fmt(g.actual),
            target: fmt(g.target),
            share: g.share === null ? "—" : formatPercent(g.share, o.locale, 0),
            expected: formatPercent(g.expectedShare, o.locale, 0),
            projected: fmt(g.projected),
          });
    return `${mark}${line}${status}${warn(g.affectedBy)}`;
  });
  return section(fitLines([`*${t("digest.targets.title", { month: formatMonth(month, o.locale) })}*`, ...lines], ctx));
}

function channelsSection(ctx: Ctx): Block[] | undefined {
  const { t, o, content } = ctx;
  const channels = content.channels;
  if (!channels) return undefined;
  const title = `*${t("digest.channels.title")}*${warn(channels.affectedBy)}`;
  const movers =
    channels.movers.length === 0
      ? undefined
      : t("digest.channels.movers", {
          movers: channels.movers
            .map((r) => {
              const change = r.revenueChange === null ? "" : ` (${formatChange(r.revenueChange, o.locale)})`;
              return `${escapeMrkdwn(r.channelGroup)} ${signedMoney(ctx, r.revenue - r.previousRevenue)}${change}`;
            })
            .join(", "),
        });
  const shown = channels.rows.slice(0, MAX_CHANNEL_LINES);
  const hidden = channels.rows.length - shown.length;
  const more = hidden > 0 ? t("digest.channels.more", { count: hidden }) : undefined;
  if (o.table) {
    return [
      section([title, movers].filter(Boolean).join("\n")),
      channelTable(ctx, shown),
      ...(more ? [context(more)] : []),
    ];
  }
  const lines = shown.map(
    (r) =>
      `• ${t("digest.channels.line", {
        channel: `*${escapeMrkdwn(r.channelGroup)}*`,
        revenue: formatMoney(r.revenue, o.currency, o.locale),
        change: r.revenueChange === null ? t("digest.noComparison") : formatChange(r.revenueChange, o.locale),
        sessions: formatNumber(r.sessions, o.locale),
        rate: r.conversionRate === null ? "—" : formatPercent(r.conversionRate, o.locale),
      })}`,
  );
  return [section(fitLines([title, ...lines, ...(more ? [more] : []), ...(movers ? [movers] : [])], ctx))];
}

function channelTable(ctx: Ctx, rows: ChannelRow[]): Block {
  const { t, o } = ctx;
  const cell = (text: string) => ({ type: "raw_text", text });
  return {
    type: "table",
    block_id: "channels_table",
    column_settings: [
      { is_wrapped: true },
      { align: "right" },
      { align: "right" },
      { align: "right" },
      { align: "right" },
    ],
    rows: [
      [
        cell(t("digest.channels.column.channel")),
        cell(t("digest.channels.column.revenue")),
        cell(t("digest.channels.column.change")),
        cell(t("digest.channels.column.sessions")),
        cell(t("digest.channels.column.rate")),
      ],
      ...rows.map((r) => [
        cell(r.channelGroup),
        cell(formatMoney(r.revenue, o.currency, o.locale)),
        cell(r.revenueChange === null ? "—" : formatChange(r.revenueChange, o.locale)),
        cell(formatNumber(r.sessions, o.locale)),
        cell(r.conversionRate === null ? "—" : formatPercent(r.conversionRate, o.locale)),
      ]),
    ],
  };
}

function pacingSection(ctx: Ctx): Block | undefined {
  const { t, o, content } = ctx;
  const pacing = content.pacing;
  if (!pacing) return undefined;
  const money = (v: number) => formatMoney(v, o.currency, o.locale);
  const icon = { under: "🔵", "on-track": "🟢", over: "🔴", unplanned: "⚪" } as const;
  const lines = pacing.rows.map((r) => {
    const channel = `*${channelName(r.channel)}*`;
    const text =
      r.budget === null || r.expectedSpend === null
        ? t("digest.pacing.unplanned", { channel, spend: money(r.spend) })
        : `${t("digest.pacing.line", {
            channel,
            spend: money(r.spend),
            budget: money(r.budget),
            expected: money(r.expectedSpend),
            projected: money(r.projected),
          })} · ${t(`digest.pacing.status.${r.status}` as MessageKey)}`;
    return `${icon[r.status]} ${text}${warn(r.affectedBy)}`;
  });
  const title = t("digest.pacing.title", {
    month: formatMonth(pacing.month, o.locale),
    day: pacing.daysElapsed,
    days: pacing.daysInMonth,
  });
  return section(fitLines([`*${title}*`, ...lines], ctx));
}

function tasksSection(ctx: Ctx): Block | undefined {
  const { t, o, content } = ctx;
  const { overdue, dueSoon, total } = content.tasks;
  if (total === 0) return undefined;
  const line = (task: (typeof overdue)[number]) =>
    `• ${t("digest.tasks.line", {
      id: task.id,
      title: escapeMrkdwn(task.title),
      assignee: `<@${task.assigneeId}>`,
      due: formatDay(task.dueDay, o.locale),
    })}`;
  const lines = [`*${t("digest.tasks.title")}*`];
  if (overdue.length > 0) lines.push(`🔴 _${t("digest.tasks.overdue")}_`, ...overdue.map(line));
  if (dueSoon.length > 0) lines.push(`🗓️ _${t("digest.tasks.dueSoon")}_`, ...dueSoon.map(line));
  const hidden = total - overdue.length - dueSoon.length;
  if (hidden > 0) lines.push(t("digest.more", { count: hidden }));
  return section(fitLines(lines, ctx));
}

function approvalsSection(ctx: Ctx): Block | undefined {
  const { t, o, content } = ctx;
  const { items, total } = content.approvals;
  if (total === 0) return undefined;
  const lines = [
    `*${t("digest.approvals.title", { count: total })}*`,
    ...items.map(
      (a) =>
        `• ${t("digest.approvals.line", {
          id: a.id,
          amount: formatMoney(a.amount, a.currency, o.locale),
          channel: channelName(a.channel),
          requester: `<@${a.requesterId}>`,
          day: formatDay(localClock(a.createdAt, o.timeZone).day, o.locale),
        })}`,
    ),
  ];
  if (total > items.length) lines.push(t("digest.more", { count: total - items.length }));
  return section(fitLines(lines, ctx));
}

function promosSection(ctx: Ctx): Block | undefined {
  const { t, content } = ctx;
  const { active, ended, upcoming } = content.promos;
  if (active.length + ended.length + upcoming.length === 0) return undefined;
  const line = (key: MessageKey, p: (typeof active)[number]) =>
    `• ${t(key, { name: escapeMrkdwn(p.name), range: describeRange(ctx, { from: p.startDay, to: p.endDay }) })}`;
  return section(
    fitLines(
      [
        `*${t("digest.promos.title")}*`,
        ...active.map((p) => line("digest.promos.active", p)),
        ...ended.map((p) => line("digest.promos.ended", p)),
        ...upcoming.map((p) => line("digest.promos.upcoming", p)),
      ],
      ctx,
    ),
  );
}

function competitorsSection(ctx: Ctx): Block | undefined {
  const { t, content } = ctx;
  const notes = content.competitorNotes;
  if (!notes || notes.length === 0) return undefined;
  const lines = notes.map((n) => {
    const link = n.permalink ?? n.url;
    const suffix = link ? ` <${link}|↗>` : "";
    return `• *${escapeMrkdwn(n.competitor)}*: ${escapeMrkdwn(truncate(n.note, 280))}${suffix}`;
  });
  return section(fitLines([`*${t("digest.competitors.title")}*`, ...lines], ctx));
}

function fallbackText(ctx: Ctx): string {
  const { t, o, content } = ctx;
  const figures = content.kpis
    .filter((k) => k.value !== null)
    .slice(0, FALLBACK_KPIS)
    .map((k) => {
      const value = formatKpiValue(k.id, k.unit, k.value, o);
      const change = k.change === null || k.affectedBy.length > 0 ? "" : ` (${formatChange(k.change, o.locale)})`;
      return `${t(`digest.kpi.${k.id}` as MessageKey)} ${value}${change}`;
    })
    .join(", ");
  return t("digest.fallback", {
    header: headerText(ctx),
    period: describePeriod(ctx).replace(/\*/g, ""),
    figures: figures || t("digest.noData"),
  });
}

/**
 * Joins lines into one section text within Slack's 3000 characters, ending with
 * "…and N more" when lines had to be left out (never cutting a line, or a link, in half).
 */
function fitLines(lines: string[], { t }: Ctx, max: number = LIMITS.sectionText): string {
  const reserve = 40;
  const out: string[] = [];
  let length = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (length + line.length + 1 > max - reserve) {
      out.push(t("digest.more", { count: lines.length - i }));
      break;
    }
    out.push(line);
    length += line.length + 1;
  }
  return out.join("\n");
}

/** Keeps the first blocks and the last (the footer) when a message would exceed Slack's block limit. */
function withinBlockLimit(blocks: Block[], max: number): Block[] {
  if (blocks.length <= max) return blocks;
  return [...blocks.slice(0, max - 1), blocks[blocks.length - 1] as Block];
}

/** "November 2026" / "listopad 2026" / "novembre 2026" / "noviembre de 2026". */
