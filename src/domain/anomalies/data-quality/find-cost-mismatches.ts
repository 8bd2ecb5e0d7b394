import type { CostMismatch } from "./data-quality-finding.ts";

export type CostPair = {
  /** The ad platform, e.g. "google-ads", "meta". */
  platform: string;
  /** Cost GA4 reports for that platform's traffic (imported cost data). */
  ga4Cost: number;
  /** Cost the platform itself reports for the same period. */
  platformCost: number;
};

/**
 * Platforms whose cost in GA4 differs from their own report by more than `maxShare` of the
 * platform's figure (the shop's `alerts.costMismatchShare`). Costs where both sides stay
 * below `minCost` are noise and skipped.
 */
export function findCostMismatches(pairs: readonly CostPair[], maxShare: number, minCost = 0): CostMismatch[] {
  const found: CostMismatch[] = [];
  for (const p of pairs) {
    if (Math.max(p.ga4Cost, p.platformCost) < minCost) continue;
    const share = p.platformCost > 0 ? Math.abs(p.ga4Cost - p.platformCost) / p.platformCost : p.ga4Cost > 0 ? 1 : 0;
    if (share > maxShare) found.push({ kind: "cost_mismatch", ...p, share });
  }
  return found;
}
