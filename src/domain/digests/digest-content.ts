import type { Locale } from "../../config/shops-schema.ts";
import type { Day, Month } from "../../shared/time.ts";
import type { GoodDirection, KpiId, KpiUnit } from "../kpi/kpis.ts";
import type { Granularity, SourceId } from "../metrics/observation.ts";
import type { DigestApproval, DigestCompetitorNote, DigestPromo, DigestTask } from "./digest-context-store.ts";
import type { Period } from "./period.ts";

/** One headline figure of the period, with what it is compared against. Money is in currency units. */
export type KpiFigure = {
  id: KpiId;
  unit: KpiUnit;
  goodDirection: GoodDirection;
  /** null when an input is missing or a denominator is 0. */
  value: number | null;
  previous: number | null;
  /** Relative change vs `previous` (0.12 = +12 %); null when not comparable. */
  change: number | null;
  /** For one-day periods: the same weekday a week earlier. */
  weekAgo?: { value: number | null; change: number | null };
  /** Stale or failed sources feeding this figure: it may be incomplete, so no change is claimed. */
  affectedBy: SourceId[];
};

/** `never`: configured but never pulled; `stale`: no success since the period ended; `failed`: the last pull failed. */
export type SourceHealthStatus = "ok" | "stale" | "failed" | "never";
export type SourceHealth = {
  source: SourceId;
  status: SourceHealthStatus;
  lastSuccessAt: Date | undefined;
  errorKind: string | undefined;
};

/** Progress toward one monthly target (`targets:` in the YAML) for the month the period ends in. */
export type TargetProgress = {
  kpi: KpiId;
  unit: KpiUnit;
  month: Month;
  target: number;
  /** Month to date, through the period's last day. */
  actual: number | null;
  /** actual / target. */
  share: number | null;
  /** For sums (revenue, sessions…): the share of the month elapsed; null for ratios. */
  expectedShare: number | null;
  /** For sums: the month-end figure at the current daily pace; null for ratios. */
  projected: number | null;
  /** Whether the month ends on the right side of the target at this pace (ratios: as of now). */
  onTrack: boolean | null;
  affectedBy: SourceId[];
};

export type ChannelRow = {
  channelGroup: string;
  sessions: number;
  previousSessions: number;
  revenue: number;
  previousRevenue: number;
  transactions: number;
  revenueChange: number | null;
  sessionsChange: number | null;
  conversionRate: number | null;
};

export type PacingStatus = "under" | "on-track" | "over" | "unplanned";
export type PacingRow = {
  /** Media-plan channel: google-ads, meta, … */
  channel: string;
  budget: number | null;
  spend: number;
  /** The budget prorated by days elapsed. */
  expectedSpend: number | null;
  /** spend / expectedSpend. */
  pace: number | null;
  projected: number;
  status: PacingStatus;
  affectedBy: SourceId[];
};

export type ChartPoint = {
  /** Buckets (days `YYYY-MM-DD` or hours `YYYY-MM-DDTHH`) summed into this point. */
  label: { from: string; to: string };
  value: number;
  /** The aligned point of the comparison range; null past its end. */
  previous: number | null;
};

export type DigestChart = {
  kpi: "revenue" | "sessions";
  unit: KpiUnit;
  granularity: Granularity;
  current: { from: Day; to: Day };
  comparison: { from: Day; to: Day };
  points: ChartPoint[];
};

/**
 * Everything one digest says, as data: no wording, no layout. Built by `buildDigest`,
 * rendered by src/slack/blocks/digest-blocks.ts.
 */
export type DigestContent = {
  shop: { id: string; name: string; currency: string; timezone: string; locale: Locale };
  period: Period;
  generatedAt: Date;
  kpis: KpiFigure[];
  sources: SourceHealth[];
  targets: TargetProgress[];
  channels: { rows: ChannelRow[]; movers: ChannelRow[]; affectedBy: SourceId[] } | undefined;
  pacing: { month: Month; daysElapsed: number; daysInMonth: number; rows: PacingRow[] } | undefined;
  /** The day the digest is read: the day after the period, or today for `today`. */
  asOf: Day;
  tasks: { overdue: DigestTask[]; dueSoon: DigestTask[]; total: number };
  approvals: { items: DigestApproval[]; total: number };
  promos: { active: DigestPromo[]; ended: DigestPromo[]; upcoming: DigestPromo[] };
  /** Weekly digests only. */
  competitorNotes: DigestCompetitorNote[] | undefined;
  charts: DigestChart[];
};
