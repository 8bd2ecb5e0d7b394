import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeKpis, KPI_IDS, KPI_METRICS, KPIS, totalsByMetric } from "../../../src/domain/kpi/kpis.ts";

const DAY = {
  sessions: 2000,
  transactions: 50,
  purchaseRevenue: 4000,
  addToCarts: 200,
  cost: 800,
  clicks: 1000,
  impressions: 40_000,
  conversions: 40,
  conversionsValue: 3200,
};

describe("KPIs", () => {
  it("computes every KPI of a day from its metric totals", () => {
    expect(computeKpis(DAY)).toEqual({
      revenue: 4000,
      sessions: 2000,
      transactions: 50,
      conversionRate: 0.025,
      aov: 80,
      spend: 800,
      roas: 4,
      cpa: 20,
      cpc: 0.8,
      ctr: 0.025,
      cartToPurchase: 0.25,
      mer: 5,
    });
  });

  it("gives no value instead of infinity when a denominator is zero or missing", () => {
    const kpis = computeKpis({ purchaseRevenue: 100, sessions: 0, cost: 10 });
    expect(kpis.conversionRate).toBeNull();
    expect(kpis.aov).toBeNull();
    expect(kpis.cpa).toBeNull();
    expect(kpis.mer).toBe(10);
    expect(kpis.transactions).toBeNull();
  });

  it("declares a unit and a good direction for every KPI", () => {
    for (const id of KPI_IDS) {
      expect(KPIS[id].id).toBe(id);
      expect(["money", "count", "ratio", "seconds"]).toContain(KPIS[id].unit);
      expect(["up", "down"]).toContain(KPIS[id].goodDirection);
    }
    expect(KPIS.spend.goodDirection).toBe("down");
    expect(KPIS.cpa.goodDirection).toBe("down");
    expect(KPI_METRICS).toEqual(expect.arrayContaining(["purchaseRevenue", "cost", "conversionsValue", "addToCarts"]));
  });

  it("reads one dimension value of store totals", () => {
    const totals = totalsByMetric([
      { metric: "sessions", dimensionValue: "", value: 10 },
      { metric: "sessions", dimensionValue: "Paid Search", value: 4 },
    ]);
    expect(totals).toEqual({ sessions: 10 });
  });

  const count = fc.integer({ min: 0, max: 10_000_000 });
  const money = fc.integer({ min: 0, max: 1_000_000_000_000 }).map((micros) => micros / 1e6);

  it("keeps every ratio finite and every null explained by a zero or missing input", () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            sessions: count,
            transactions: count,
            purchaseRevenue: money,
            cost: money,
            clicks: count,
            impressions: count,
          },
          { requiredKeys: [] },
        ),
        (totals) => {
          const kpis = computeKpis(totals);
          for (const id of KPI_IDS) {
            const value = kpis[id];
            const { numerator, denominator } = KPIS[id];
            const inputs = totals as Record<string, number>;
            if (value === null) {
              const missing = inputs[numerator] === undefined;
              const noDenominator = denominator !== undefined && !inputs[denominator];
              expect(missing || noDenominator).toBe(true);
            } else {
              expect(Number.isFinite(value)).toBe(true);
              expect(value).toBeGreaterThanOrEqual(0);
            }
          }
        },
      ),
    );
  });

  it("does not change a ratio when both of its inputs scale together", () => {
    fc.assert(
      fc.property(count, fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 1000 }), (t, s, k) => {
        const base = computeKpis({ transactions: t, sessions: s }).conversionRate ?? Number.NaN;
        const scaled = computeKpis({ transactions: t * k, sessions: s * k }).conversionRate ?? Number.NaN;
        expect(scaled).toBeCloseTo(base, 12);
      }),
    );
  });

  it("never rates a shop with a conversion rate above 1 when every session converts at most once", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (s, share) => {
        const rate = computeKpis({ sessions: s, transactions: Math.floor(s * share) }).conversionRate;
        expect(rate).not.toBeNull();
        expect(rate!).toBeLessThanOrEqual(1);
      }),
    );
  });
});
