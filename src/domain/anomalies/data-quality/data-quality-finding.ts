/** What the data-quality checks find; numbers in natural units (money in currency units). */
export type DataQualityFinding = TrackingOutage | StaleSource | SpendWithoutConversions | CostMismatch;

/** Sessions collapsed everywhere at once: the tag or the analytics pipeline broke, not the shop. */
export type TrackingOutage = {
  kind: "tracking_outage";
  actual: number;
  expected: number;
  /** actual / expected. */
  share: number;
  /** Channels that fell with it, and how many channels had traffic to lose. */
  channelsDown: string[];
  channelsWatched: number;
};

export type StaleSource = {
  kind: "stale_source";
  source: string;
  /** null when the source never succeeded. */
  lastSuccessAt: Date | null;
  /** Hours since the last success (null when never). */
  hoursSince: number | null;
  limitHours: number;
};

export type SpendWithoutConversions = {
  kind: "spend_without_conversions";
  /** Campaign (or channel) that spent. */
  subject: string;
  spend: number;
  /** Conversions its usual cost per conversion would have bought; null without history. */
  expectedConversions: number | null;
  /** Chance of seeing no conversion at all if nothing were wrong (Poisson); null without history. */
  chanceOfNone: number | null;
};

export type CostMismatch = {
  kind: "cost_mismatch";
  /** The ad platform, e.g. "google-ads". */
  platform: string;
  ga4Cost: number;
  platformCost: number;
  /** |ga4 − platform| / platform. */
  share: number;
};
