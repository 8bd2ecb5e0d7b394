import type { SpendWithoutConversions } from "./data-quality-finding.ts";

export type SpendFigures = {
  /** Campaign or channel. */
  subject: string;
  spend: number;
  conversions: number;
  /** Its usual cost per conversion (e.g. over the last 28 days); omit when it never converted. */
  usualCostPerConversion?: number;
};

export type SpendWithoutConversionsOptions = {
  /** Spend below this (currency units) is never judged (default 0). */
  minSpend?: number;
  /**
   * With history: a finding once no conversion had less than this chance (default 0.01,
   * i.e. about 4.6 usual conversions' worth of spend).
   */
  maxChanceOfNone?: number;
  /** Without history (it never converted): a finding only when `spendWithoutHistory` is set and reached. */
  spendWithoutHistory?: number;
};

/**
 * Spend without a single conversion where conversions were to be expected. With a usual cost
 * per conversion, the spend should have bought spend / CPA conversions; seeing none is then a
 * Poisson event of chance e^(−expected), and a finding when that chance is below
 * `maxChanceOfNone`. Subjects that never converted are judged only by `spendWithoutHistory`
 * (they may be awareness campaigns).
 */
export function findSpendWithoutConversions(
  items: readonly SpendFigures[],
  options: SpendWithoutConversionsOptions = {},
): SpendWithoutConversions[] {
  const minSpend = options.minSpend ?? 0;
  const maxChance = options.maxChanceOfNone ?? 0.01;
  const found: SpendWithoutConversions[] = [];
  for (const item of items) {
    if (item.conversions > 0 || !(item.spend > 0) || item.spend < minSpend) continue;
    const cpa = item.usualCostPerConversion;
    if (cpa !== undefined && cpa > 0) {
      const expectedConversions = item.spend / cpa;
      const chanceOfNone = Math.exp(-expectedConversions);
      if (chanceOfNone < maxChance) {
        found.push({
          kind: "spend_without_conversions",
          subject: item.subject,
          spend: item.spend,
          expectedConversions,
          chanceOfNone,
        });
      }
    } else if (options.spendWithoutHistory !== undefined && item.spend >= options.spendWithoutHistory) {
      found.push({
        kind: "spend_without_conversions",
        subject: item.subject,
        spend: item.spend,
        expectedConversions: null,
        chanceOfNone: null,
      });
    }
  }
  return found;
}
