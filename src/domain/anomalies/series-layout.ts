export const DAY_MS = 86_400_000;

/**
 * What the detector can learn from a series sampled every `intervalMs`, and how fast. Memories
 * are in points but chosen in calendar terms (days, weeks), so a 5-minute and a daily series
 * forget at the same pace in time.
 */
export type SeriesLayout = {
  intervalMs: number;
  pointsPerDay: number;
  /** Slots of the within-day profile (linearly interpolated); 0 for daily or coarser series. */
  daySlots: number;
  /** Hour-of-day slots per day for the hour-of-week correction; 0 for daily or coarser series. */
  weekHourSlotsPerDay: number;
  /** Whether a day-of-week factor is learned (interval of one day or less). */
  weekly: boolean;
  /** Half-lives (points) of the competing level trackers; the one that forecasts best wins. */
  levelHalfLives: readonly number[];
  /** Half-life (points) of the reference level the seasonal factors are learned against. */
  referenceHalfLife: number;
  /** Memory (points) of the noise scale. */
  scaleMemory: number;
  /** Observations before the day-of-week and hour-of-week components start learning. */
  weekdayFrom: number;
  weekHourFrom: number;
  /** Memory in observations of one within-day slot, one weekday, one hour-of-week slot. */
  daySlotMemory: number;
  weekdayMemory: number;
  weekHourMemory: number;
  /** After this many consecutive anomalous points in one direction the new level is accepted. */
  acceptAfter: number;
  /** Observations for full confidence: two weeks of the finest learned season. */
  fullConfidenceAfter: number;
  /** Until this many observations (the main season seen twice) ranges are wider… */
  seasonCoverageAfter: number;
  /** …by up to this factor + 1 at the start (within-day swings dwarf weekday ones). */
  unseenSeasonWidening: number;
};

/** The layout for a regular series with the given interval (5 minutes to a day, or coarser). */
export function seriesLayout(intervalMs: number): SeriesLayout {
  if (!(intervalMs > 0) || !Number.isFinite(intervalMs)) throw new RangeError(`bad interval: ${intervalMs}`);
  const pointsPerDay = DAY_MS / intervalMs;
  const intraday = pointsPerDay >= 1.99;
  const weekly = pointsPerDay >= 0.99;
  const daySlots = intraday ? Math.min(48, Math.round(pointsPerDay)) : 0;
  const weekHourSlotsPerDay = intraday ? Math.min(24, Math.round(pointsPerDay)) : 0;
  const perDay = Math.max(1, pointsPerDay);
  return {
    intervalMs,
    pointsPerDay,
    daySlots,
    weekHourSlotsPerDay,
    weekly,
    levelHalfLives: [4, 24],
    referenceHalfLife: Math.max(32, 2 * perDay),
    scaleMemory: Math.max(28, 3 * perDay),
    weekdayFrom: intraday ? Math.round(pointsPerDay) : 0,
    weekHourFrom: intraday ? Math.round(7 * pointsPerDay) : 0,
    daySlotMemory: intraday ? 28 * (pointsPerDay / daySlots) : 1,
    weekdayMemory: 8 * perDay,
    weekHourMemory: intraday ? 8 * (pointsPerDay / weekHourSlotsPerDay) : 1,
    acceptAfter: intraday ? Math.min(36, Math.max(6, Math.round(pointsPerDay / 4))) : weekly ? 7 : 4,
    fullConfidenceAfter: weekly ? Math.round(14 * perDay) : 16,
    seasonCoverageAfter: intraday ? 2 * pointsPerDay : weekly ? 14 : 4,
    unseenSeasonWidening: intraday ? 3 : weekly ? 1 : 0,
  };
}
