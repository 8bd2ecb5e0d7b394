import { describe, expect, it } from "vitest";
import { LOCALES } from "../../../src/config/shops-schema.ts";
import { periodOfKey } from "../../../src/domain/digests/period.ts";
import { addDays, eachDay } from "../../../src/shared/time.ts";
import type { Block, SlackMessage } from "../../../src/slack/blocks/block.ts";
import {
  buildDigestChartImages,
  buildDigestMessage,
  buildKpiReply,
  CHART_LIMITS,
  type DataVisualizationBlock,
  type DigestRenderOptions,
  parseKpiShareValue,
} from "../../../src/slack/blocks/digest-blocks.ts";
import { renderMessageText } from "../../../src/slack/blocks/render-message-text.ts";
import { ACTIONS } from "../../../src/slack/ids.ts";
import { buildDigestContent, channelRow } from "../../builders/digest-content.ts";

const options: DigestRenderOptions = { locale: "en", currency: "EUR", timeZone: "Europe/Warsaw", charts: "both" };

type TextObject = { type: string; text: string };
const sectionTexts = (m: SlackMessage) =>
  (m.blocks ?? []).filter((b) => b.type === "section" && b.text).map((b) => (b.text as TextObject).text);
const fieldsOf = (m: SlackMessage) =>
  ((m.blocks ?? []).find((b) => Array.isArray(b.fields))?.fields as TextObject[] | undefined)?.map((f) => f.text) ?? [];
const contexts = (m: SlackMessage) =>
  (m.blocks ?? []).filter((b) => b.type === "context").flatMap((b) => (b.elements as TextObject[]).map((e) => e.text));
const charts = (m: SlackMessage) =>
  (m.blocks ?? []).filter((b) => b.type === "data_visualization") as unknown as DataVisualizationBlock[];

/** Slack's documented limits for what we send, checked on every message. */
function expectWithinSlackLimits(message: SlackMessage): void {
  expect(message.text.trim().length).toBeGreaterThan(0);
  const blocks = message.blocks ?? [];
  expect(blocks.length).toBeLessThanOrEqual(50);
  for (const block of blocks as Array<Block & Record<string, unknown>>) {
    if (block.type === "section") {
      if (block.text) expect((block.text as TextObject).text.length).toBeLessThanOrEqual(3000);
      const fields = (block.fields ?? []) as TextObject[];
      expect(fields.length).toBeLessThanOrEqual(10);
      for (const f of fields) expect(f.text.length).toBeLessThanOrEqual(2000);
    }
    if (block.type === "header") expect((block.text as TextObject).text.length).toBeLessThanOrEqual(150);
    if (block.type === "context") expect((block.elements as unknown[]).length).toBeLessThanOrEqual(10);
    if (block.type === "table") {
      const rows = block.rows as unknown[][];
      expect(rows.length).toBeLessThanOrEqual(100);
      for (const row of rows) expect(row.length).toBeLessThanOrEqual(20);
    }
  }
  const dv = charts(message);
  expect(dv.length).toBeLessThanOrEqual(CHART_LIMITS.perMessage);
  for (const chart of dv) {
    expect(chart.title.length).toBeLessThanOrEqual(50);
    expect(chart.chart.series.length).toBeGreaterThanOrEqual(1);
    expect(chart.chart.series.length).toBeLessThanOrEqual(6);
    const categories = chart.chart.axis_config.categories;
    for (const c of categories) expect(c.length).toBeLessThanOrEqual(20);
    for (const s of chart.chart.series) {
      expect(s.name.length).toBeLessThanOrEqual(20);
      expect(s.data.length).toBeLessThanOrEqual(20);
      expect(s.data.map((d) => d.label)).toEqual(categories);
      for (const d of s.data) expect(Number.isFinite(d.value)).toBe(true);
    }
  }
  expect(new Set(blocks.filter((b) => b.block_id).map((b) => b.block_id)).size).toBe(
    blocks.filter((b) => b.block_id).length,
  );
}

describe("buildDigestMessage", () => {
  it("leads with the headline KPIs, each change coloured by whether it is good news", () => {
    const message = buildDigestMessage(buildDigestContent(), options);
    const fields = fieldsOf(message);
    expect(fields).toHaveLength(8);
    expect(fields[0]).toBe("*Revenue*\n€3,049.50  🟢 +11.0%\nw/w −2.1%");
    // More ad spend is not good news.
    expect(fields[5]).toContain("🔴 +5.6%");
    expect(message.blocks?.[0]).toMatchObject({ type: "header", text: { text: "ACME Store · Daily digest" } });
    expect(contexts(message)[0]).toBe("*Sat, 21 Nov 2026* · compared with Fri, 20 Nov 2026");
    expect(message.text).toBe(
      "ACME Store · Daily digest (Sat, 21 Nov 2026): Revenue €3,049.50 (+11.0%), Sessions 1,483 (+14.3%), " +
        "Conversion rate 2.36% (+2.1%), Average order value €87.13 (−4.8%), Orders 35 (+16.7%)",
    );
    expectWithinSlackLimits(message);
  });

  it("shows figures of a failed source as possibly incomplete, without a change, and says why", () => {
    const content = buildDigestContent();
    content.sources.push({
      source: "meta",
      status: "failed",
      lastSuccessAt: new Date("2026-11-21T11:15:00Z"),
      errorKind: "auth",
    });
    for (const k of content.kpis) if (["spend", "roas", "cpa"].includes(k.id)) k.affectedBy = ["meta"];
    const message = buildDigestMessage(content, options);
    const spend = fieldsOf(message)[5] ?? "";
    expect(spend).toBe("*Ad spend*\n€454.50\n_⚠ may be incomplete_");
    expect(fieldsOf(message)[0]).toContain("+11.0%");
    expect(contexts(message)).toContain(
      "⚠ Some figures may be incomplete (marked ⚠):\n• Meta: the last pull failed (access denied); last success 21 Nov, 12:15",
    );
    expect(message.text).toContain("Revenue €3,049.50 (+11.0%)");
  });

  it("says when a source has not been updated since the period ended, or never", () => {
    const content = buildDigestContent({
      sources: [
        { source: "ga4", status: "stale", lastSuccessAt: new Date("2026-11-21T09:00:00Z"), errorKind: undefined },
        { source: "demo", status: "never", lastSuccessAt: undefined, errorKind: undefined },
      ],
    });
    const warning = contexts(buildDigestMessage(content, options)).find((c) => c.startsWith("⚠"));
    expect(warning).toContain("• GA4: last updated 21 Nov, 10:00");
    expect(warning).toContain("• Demo: no data pulled yet");
  });

  it("adds native line charts for `native` and `both`, none for `image`, whose PNGs go in the thread instead", () => {
    const content = buildDigestContent();
    const native = buildDigestMessage(content, { ...options, charts: "native" });
    const [revenue] = charts(native);
    expect(charts(native)).toHaveLength(2);
    expect(revenue).toMatchObject({
      type: "data_visualization",
      title: "Revenue: last 7 days vs week before",
      chart: {
        type: "line",
        axis_config: { categories: ["Sun 15", "Mon 16", "Tue 17", "Wed 18", "Thu 19", "Fri 20", "Sat 21"] },
      },
    });
    expect(revenue?.chart.series.map((s) => s.name)).toEqual(["This period", "Previous period"]);
    expect(charts(buildDigestMessage(content, { ...options, charts: "both" }))).toHaveLength(2);
    expect(charts(buildDigestMessage(content, { ...options, charts: "image" }))).toHaveLength(0);

    expect(buildDigestChartImages(content, { ...options, charts: "native" })).toEqual([]);
    const images = buildDigestChartImages(content, { ...options, charts: "image" });
    expect(images.map((i) => i.filename)).toEqual([
      "acme-revenue-2026-11-21_2026-11-21.png",
      "acme-sessions-2026-11-21_2026-11-21.png",
    ]);
    expect(images[0]?.data.readUInt32BE(16)).toBe(800);
    expect(images[0]?.altText).toBe(
      "Revenue: last 7 days vs week before. This period: €7,210.00; Previous period: €6,860.00.",
    );
  });

  it("keeps a long month's chart within 20 points and gives the comparison a point for every category", () => {
    const days = eachDay("2026-03-01", "2026-03-31");
    const content = buildDigestContent({
      charts: [
        {
          kpi: "revenue",
          unit: "money",
          granularity: "day",
          current: { from: "2026-03-01", to: "2026-03-31" },
          comparison: { from: "2026-02-01", to: "2026-02-28" },
          points: days
            .filter((_, i) => i % 2 === 0)
            .map((d, i) => ({
              label: { from: d, to: addDays(d, d === "2026-03-31" ? 0 : 1) },
              value: 100,
              previous: i < 14 ? 90 : null,
            })),
        },
      ],
    });
    const message = buildDigestMessage(content, options);
    expectWithinSlackLimits(message);
    const [chart] = charts(message);
    expect(chart?.chart.axis_config.categories[0]).toBe("1–2 Mar");
    expect(chart?.chart.series[1]?.data.at(-1)).toEqual({ label: "31 Mar", value: 0 });
  });

  it("stays within Slack's limits with hundreds of channels, tasks, approvals, promos and notes", () => {
    const long = "x".repeat(400);
    const content = buildDigestContent({
      channels: {
        rows: Array.from({ length: 200 }, (_, i) => channelRow(`Channel ${i} ${long}`, 1000 - i, 900)),
        movers: [channelRow("A", 1, 2)],
        affectedBy: ["ga4"],
      },
      targets: Array.from({ length: 30 }, () => ({
        kpi: "revenue" as const,
        unit: "money" as const,
        month: "2026-11",
        target: 1000,
        actual: 500,
        share: 0.5,
        expectedShare: 0.7,
        projected: 714,
        onTrack: false,
        affectedBy: [],
      })),
      pacing: {
        month: "2026-11",
        daysElapsed: 21,
        daysInMonth: 30,
        rows: Array.from({ length: 100 }, (_, i) => ({
          channel: `channel-${i}-${long}`,
          budget: 1000,
          spend: 500,
          expectedSpend: 700,
          pace: 0.71,
          projected: 714,
          status: "under" as const,
          affectedBy: [],
        })),
      },
      tasks: {
        overdue: Array.from({ length: 10 }, (_, i) => ({
          id: i,
          title: `<!channel> ${long}`,
          assigneeId: "U0ANNA",
          dueDay: "2026-11-20",
        })),
        dueSoon: [],
        total: 120,
      },
      approvals: {
        items: Array.from({ length: 10 }, (_, i) => ({
          id: i,
          amount: 1500,
          currency: "EUR",
          channel: "google-ads",
          requesterId: "U0MARK",
          createdAt: new Date("2026-11-20T10:00:00Z"),
        })),
        total: 40,
      },
      promos: {
        active: Array.from({ length: 50 }, (_, i) => ({
          id: i,
          name: `Promo ${long}`,
          startDay: "2026-11-16",
          endDay: "2026-11-22",
        })),
        ended: [],
        upcoming: [],
      },
      competitorNotes: Array.from({ length: 10 }, (_, i) => ({
        id: i,
        competitor: "Rival",
        note: long.repeat(3),
        url: "https://rival.example/sale",
        permalink: undefined,
        authorId: "U0ANNA",
        createdAt: new Date("2026-11-18T10:00:00Z"),
      })),
    });
    for (const locale of LOCALES) {
      for (const table of [false, true]) {
        const message = buildDigestMessage(content, { ...options, locale, table });
        expectWithinSlackLimits(message);
        expectWithinSlackLimits(buildKpiReply(content, { ...options, locale, table }));
        expect(JSON.stringify(message)).not.toContain("<!channel>");
      }
    }
    const tasks = sectionTexts(buildDigestMessage(content, options)).find((t) => t.startsWith("*Tasks*")) ?? "";
    expect(tasks).toContain("&lt;!channel&gt;");
    expect(tasks).toContain("…and");
  });

  it("can give the channel breakdown as a table block with a header row", () => {
    const message = buildDigestMessage(buildDigestContent(), { ...options, table: true });
    const table = message.blocks?.find((b) => b.type === "table");
    const rows = table?.rows as Array<Array<{ type: string; text: string }>>;
    expect(rows[0]?.map((c) => c.text)).toEqual(["Channel", "Revenue", "Change", "Sessions", "Conv. rate"]);
    expect(rows[1]?.map((c) => c.text)).toEqual(["Organic Search", "€1,200.00", "+9.1%", "1,000", "2.00%"]);
    expect(rows.every((r) => r.every((c) => c.type === "raw_text"))).toBe(true);
  });

  it("says there are no figures yet instead of showing dashes", () => {
    const content = buildDigestContent({ charts: [], channels: undefined });
    for (const k of content.kpis) Object.assign(k, { value: null, previous: null, change: null });
    const message = buildDigestMessage(content, options);
    expect(sectionTexts(message)).toContain("No figures for this period yet: the data may not have been pulled.");
    expect(message.text).toContain("No figures for this period yet");
    expectWithinSlackLimits(message);
  });

  it("fills every placeholder in every locale and formats money the shop's way", () => {
    for (const locale of LOCALES) {
      const message = buildDigestMessage(buildDigestContent(), { ...options, locale, currency: "PLN" });
      expect(JSON.stringify(message)).not.toMatch(/\{[a-zA-Z]+\}/);
      // Intl separates groups and the currency with no-break spaces, so a figure never wraps.
      const revenue = (fieldsOf(message)[0] ?? "").replace(/[\u00a0\u202f]/g, " ");
      if (locale === "pl") expect(revenue).toContain("3 049,50 zł");
      if (locale === "en") expect(revenue).toContain("PLN 3,049.50");
    }
  });
});

describe("buildKpiReply", () => {
  it("adds a Share to channel button whose value rebuilds the same period", () => {
    const content = buildDigestContent();
    const reply = buildKpiReply(content, options);
    const actions = reply.blocks?.find((b) => b.type === "actions");
    const [button] = (actions?.elements ?? []) as Array<{ action_id: string; value: string; text: TextObject }>;
    expect(button?.action_id).toBe(ACTIONS.kpiShare);
    expect(button?.text.text).toBe("Share to channel");
    const value = parseKpiShareValue(button?.value ?? "");
    expect(value).toEqual({ shopId: "acme", kind: "yesterday", key: "2026-11-21..2026-11-21" });
    if (!value) return;
    expect(periodOfKey(value.kind, value.key, "Europe/Warsaw", value.throughHour)).toEqual(content.period);
    expect(contexts(reply)).toContain("Only you can see this. Share it to post it in this channel.");
    expect(parseKpiShareValue("not json")).toBeUndefined();
    expect(parseKpiShareValue('{"shopId":1}')).toBeUndefined();
  });

  it("names who shared it when re-rendered for the channel", () => {
    const shared = buildDigestMessage(buildDigestContent(), { ...options, sharedBy: "U0ANNA" });
    expect(contexts(shared)).toContain("Shared by <@U0ANNA>");
  });
});

describe("renderMessageText", () => {
  it("shows what a person reads in Slack: header, aligned figures, sparklines, mentions and buttons", () => {
    const content = buildDigestContent({
      tasks: {
        overdue: [{ id: 7, title: "Fix <feed>", assigneeId: "U0ANNA", dueDay: "2026-11-20" }],
        dueSoon: [],
        total: 1,
      },
    });
    const text = renderMessageText(buildKpiReply(content, options));
    expect(text).toContain("ACME Store · Daily digest\n═════════════════════════");
    expect(text).toContain("  Revenue               €3,049.50  🟢 +11.0%  w/w −2.1%");
    expect(text).toMatch(/📈 Revenue: last 7 days vs week before\n {5}This period {6}[▁▂▃▄▅▆▇█]{7}/);
    expect(text).toContain("• #7 Fix <feed> · @U0ANNA · due Fri, 20 Nov 2026");
    expect(text).toContain("[ Share to channel ]");
    expect(text).not.toMatch(/\*[A-Z]/);
  });

  it("falls back to the text of a message without blocks", () => {
    expect(renderMessageText({ text: "*Hello* <@U1> <https://x.example|link>" })).toBe(
      "Hello @U1 link (https://x.example)",
    );
  });
});
