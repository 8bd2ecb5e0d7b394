import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import { addDays, addMonths, type Day, lastDayOfMonth, localDay, monthOf } from "../../shared/time.ts";
import type { MetricSource } from "../../sources/metric-source.ts";
import type { SourceErrorKind } from "../../sources/source-error.ts";
import type { MetricStore } from "./metric-store.ts";
import type { DayRange, Granularity, SourceId } from "./observation.ts";
import type { SourceStateStore } from "./source-state-store.ts";

export type PullShopInput = {
  shop: ShopConfig;
  /** Every source known to the process; those not configured for the shop are left out. */
  sources: MetricSource[];
  store: MetricStore;
  sourceStates: SourceStateStore;
  range: DayRange;
  granularity: Granularity;
  clock: Clock;
  logger: Logger;
  signal?: AbortSignal;
};

export type PullOutcome =
  | { source: SourceId; status: "ok"; rows: number; warnings: string[] }
  | { source: SourceId; status: "failed"; kind: SourceErrorKind; error: string }
  /** Skipped: an earlier quota error asked to wait until `until`. */
  | { source: SourceId; status: "deferred"; until: Date };

/** Source failures carry a kind (src/sources/source-error.ts); anything else is an unexpected response. */
function failureOf(error: unknown): { kind: SourceErrorKind; message: string; retryAt?: Date } {
  const e = error as { kind?: unknown; message?: unknown; retryAt?: unknown };
  const kinds: SourceErrorKind[] = ["auth", "not_found", "quota", "unavailable", "invalid_response"];
  const kind = kinds.includes(e?.kind as SourceErrorKind) ? (e.kind as SourceErrorKind) : "invalid_response";
  const message = typeof e?.message === "string" ? e.message : String(error);
  return e?.retryAt instanceof Date ? { kind, message, retryAt: e.retryAt } : { kind, message };
}

/**
 * Pulls one range of one shop from each configured source and stores the observations.
 * Sources run independently: one failing (or hanging until its own timeout) never keeps the
 * others from storing. Each source's outcome is recorded in SourceState (last success, or
 * last error and its kind; a quota error defers the source until its `retryAt`). Upserts
 * are idempotent, so re-pulling a range overwrites it. Never throws for a source failure.
 */
export async function pullShop(input: PullShopInput): Promise<PullOutcome[]> {
  const { shop, store, sourceStates, clock, logger } = input;
  const sources = input.sources.filter((s) => s.isConfigured(shop));
  const states = new Map((await sourceStates.forShop(shop.id)).map((s) => [s.source, s]));
  return Promise.all(
    sources.map(async (source): Promise<PullOutcome> => {
      const log = logger.child({ shopId: shop.id, source: source.id });
      const deferredUntil = states.get(source.id)?.deferredUntil;
      if (deferredUntil && deferredUntil > clock.now()) {
        log.info({ until: deferredUntil.toISOString() }, "pull deferred by an earlier quota error");
        return { source: source.id, status: "deferred", until: deferredUntil };
      }
      try {
        const result = await source.pull({
          shop,
          range: input.range,
          granularity: input.granularity,
          ...(input.signal ? { signal: input.signal } : {}),
        });
        for (const warning of result.warnings) log.warn(warning);
        const fetchedAt = clock.now();
        const rows = await store.upsert(result.observations, fetchedAt);
        await sourceStates.recordSuccess(shop.id, source.id, fetchedAt);
        log.debug({ rows, granularity: input.granularity, ...input.range }, "pulled");
        return { source: source.id, status: "ok", rows, warnings: result.warnings };
      } catch (error) {
        const failure = failureOf(error);
        log.error({ kind: failure.kind, err: error }, "pull failed");
        await sourceStates
          .recordFailure(shop.id, source.id, clock.now(), {
            message: failure.message,
            kind: failure.kind,
            ...(failure.kind === "quota" && failure.retryAt ? { deferredUntil: failure.retryAt } : {}),
          })
          .catch((stateError: unknown) => log.error({ err: stateError }, "could not record the pull failure"));
        return { source: source.id, status: "failed", kind: failure.kind, error: failure.message };
      }
    }),
  );
}

/** Calendar-month pieces of a range, in order: 2026-01-20..2026-03-05 → Jan 20–31, Feb, Mar 1–5. */
export function splitByMonth(range: DayRange): DayRange[] {
  const out: DayRange[] = [];
  for (let month = monthOf(range.from); month <= monthOf(range.to); month = addMonths(month, 1)) {
    const from = out.length === 0 ? range.from : `${month}-01`;
    const end = lastDayOfMonth(month);
    out.push({ from, to: [end, range.to].sort()[0]! });
  }
  return range.from <= range.to ? out : [];
}

export type BackfillProgress = {
  /** Months done so far, of `total`. */
  done: number;
  total: number;
  month: DayRange;
  outcomes: PullOutcome[];
};

export type BackfillSummary = {
  /** Per source: rows stored over all months, and the first failure that stopped it, if any. */
  sources: Array<{
    source: SourceId;
    rows: number;
    failures: Array<{ month: DayRange; kind: SourceErrorKind; error: string }>;
  }>;
};

/** Failures a later month cannot fix: keep pulling other sources, but not this one. */
const PERMANENT: SourceErrorKind[] = ["auth", "not_found", "quota"];

/**
 * A long range pulled month by month (oldest first), so a backfill of years shows progress,
 * keeps each request and transaction small, and a failed month can be re-run alone. A source
 * that fails with auth, not_found or quota is not asked for the remaining months; other
 * failures are reported per month and the next month is tried.
 */
export async function backfill(
  input: PullShopInput & { onProgress?: (progress: BackfillProgress) => void },
): Promise<BackfillSummary> {
  const months = splitByMonth(input.range);
  const totals = new Map<SourceId, BackfillSummary["sources"][number]>();
  let sources = input.sources.filter((s) => s.isConfigured(input.shop));
  for (const s of sources) totals.set(s.id, { source: s.id, rows: 0, failures: [] });
  for (const [i, month] of months.entries()) {
    if (input.signal?.aborted) break;
    const outcomes = await pullShop({ ...input, sources, range: month });
    for (const o of outcomes) {
      const total = totals.get(o.source)!;
      if (o.status === "ok") total.rows += o.rows;
      if (o.status === "failed") {
        total.failures.push({ month, kind: o.kind, error: o.error });
        if (PERMANENT.includes(o.kind)) sources = sources.filter((s) => s.id !== o.source);
      }
    }
    input.onProgress?.({ done: i + 1, total: months.length, month, outcomes });
  }
  return { sources: [...totals.values()] };
}

/** The days a scheduled pull re-pulls: the last `days` complete days and today so far, local to the shop. */
export function recentDays(now: Date, timeZone: string, days = 3): DayRange {
  const today: Day = localDay(now, timeZone);
  return { from: addDays(today, -days), to: today };
}

/**
 * The scheduled pull: daily figures and hourly figures (GA4 revises about the last 72 hours)
 * of the recent days, both overwriting what is stored.
 */
export async function pullRecent(
  input: Omit<PullShopInput, "range" | "granularity"> & { days?: number },
): Promise<{ day: PullOutcome[]; hour: PullOutcome[] }> {
  const range = recentDays(input.clock.now(), input.shop.timezone, input.days);
  const day = await pullShop({ ...input, range, granularity: "day" });
  const hour = await pullShop({ ...input, range, granularity: "hour" });
  return { day, hour };
}
