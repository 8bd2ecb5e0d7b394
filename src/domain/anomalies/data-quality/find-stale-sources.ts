import type { StaleSource } from "./data-quality-finding.ts";

export type SourceFreshness = {
  source: string;
  /** null when it never succeeded. */
  lastSuccessAt: Date | null;
  /** Hours this source may go without a successful pull; defaults to the shop's limit. */
  staleAfterHours?: number;
};

const HOUR_MS = 3_600_000;

/**
 * Sources whose last successful pull is older than allowed (strictly), or that never
 * succeeded. `now` comes from the injected clock.
 */
export function findStaleSources(
  sources: readonly SourceFreshness[],
  now: Date,
  staleAfterHours: number,
): StaleSource[] {
  const found: StaleSource[] = [];
  for (const s of sources) {
    const limitHours = s.staleAfterHours ?? staleAfterHours;
    const hoursSince = s.lastSuccessAt ? (now.getTime() - s.lastSuccessAt.getTime()) / HOUR_MS : null;
    if (hoursSince !== null && hoursSince <= limitHours) continue;
    found.push({ kind: "stale_source", source: s.source, lastSuccessAt: s.lastSuccessAt, hoursSince, limitHours });
  }
  return found;
}
