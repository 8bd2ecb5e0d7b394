import type { ChannelRow, DigestContent, KpiFigure } from "../../src/domain/digests/digest-content.ts";
import { periodOf } from "../../src/domain/digests/period.ts";
import { eachDay } from "../../src/shared/time.ts";

const figure = (f: Partial<KpiFigure> & Pick<KpiFigure, "id" | "unit">): KpiFigure => ({
  goodDirection: "up",
  value: 100,
  previous: 90,
  change: 100 / 90 - 1,
  affectedBy: [],
  ...f,
});

export function channelRow(name: string, revenue: number, previousRevenue: number): ChannelRow {
  return {
    channelGroup: name,
    sessions: 1000,
    previousSessions: 950,
    revenue,
    previousRevenue,
    transactions: 20,
    revenueChange: previousRevenue === 0 ? null : revenue / previousRevenue - 1,
    sessionsChange: 1000 / 950 - 1,
    conversionRate: 0.02,
  };
}

/** A realistic daily digest's content (21 Nov 2026, ACME, EUR) with overrides: for builder tests without a database. */
export function buildDigestContent(overrides: Partial<DigestContent> = {}): DigestContent {
  const period = periodOf("yesterday", new Date("2026-11-22T07:00:00Z"), "Europe/Warsaw");
  const days = eachDay("2026-11-15", "2026-11-21");
  return {
    shop: { id: "acme", name: "ACME Store", currency: "EUR", timezone: "Europe/Warsaw", locale: "en" },
    period,
    generatedAt: new Date("2026-11-22T07:00:00Z"),
    kpis: [
      figure({
        id: "revenue",
        unit: "money",
        value: 3049.5,
        previous: 2747.25,
        change: 3049.5 / 2747.25 - 1,
        weekAgo: { value: 3115, change: -0.021 },
      }),
      figure({ id: "sessions", unit: "count", value: 1483, previous: 1298, change: 0.1425 }),
      figure({ id: "conversionRate", unit: "ratio", value: 0.0236, previous: 0.0231, change: 0.021 }),
      figure({ id: "aov", unit: "money", value: 87.13, previous: 91.56, change: -0.048 }),
      figure({ id: "transactions", unit: "count", value: 35, previous: 30, change: 0.1667 }),
      figure({ id: "spend", unit: "money", goodDirection: "down", value: 454.5, previous: 430.25, change: 0.056 }),
      figure({ id: "roas", unit: "ratio", value: 3.51, previous: 3.4, change: 0.032 }),
      figure({ id: "cpa", unit: "money", goodDirection: "down", value: 25.25, previous: 24, change: 0.052 }),
    ],
    sources: [
      { source: "ga4", status: "ok", lastSuccessAt: new Date("2026-11-22T06:15:00Z"), errorKind: undefined },
      { source: "google-ads", status: "ok", lastSuccessAt: new Date("2026-11-22T06:15:00Z"), errorKind: undefined },
    ],
    targets: [],
    channels: {
      rows: [
        channelRow("Organic Search", 1200, 1100),
        channelRow("Paid Search", 900, 1000),
        channelRow("Email", 400, 300),
      ],
      movers: [channelRow("Organic Search", 1200, 1100), channelRow("Paid Search", 900, 1000)],
      affectedBy: [],
    },
    pacing: undefined,
    asOf: "2026-11-22",
    tasks: { overdue: [], dueSoon: [], total: 0 },
    approvals: { items: [], total: 0 },
    promos: { active: [], ended: [], upcoming: [] },
    competitorNotes: undefined,
    charts: (["revenue", "sessions"] as const).map((kpi) => ({
      kpi,
      unit: kpi === "revenue" ? "money" : "count",
      granularity: "day" as const,
      current: { from: "2026-11-15", to: "2026-11-21" },
      comparison: { from: "2026-11-08", to: "2026-11-14" },
      points: days.map((d, i) => ({ label: { from: d, to: d }, value: 1000 + i * 10, previous: 950 + i * 10 })),
    })),
    ...overrides,
  };
}
