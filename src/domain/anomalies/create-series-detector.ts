import { alertThreshold, type Sensitivity, scoreFromZ, severityCode, Z_ALERT, zFromScore } from "./anomaly-score.ts";
import type { Detection } from "./detection.ts";
import { createSeasonalComponent, type SeasonalComponent } from "./seasonal-component.ts";
import { DAY_MS, type SeriesLayout } from "./series-layout.ts";

export type DetectorOptions = {
  /** Per-metric sensitivity: moves the alert threshold (and so the reported range), not the score. */
  sensitivity?: Sensitivity;
  /** The series is a rate (numerator / denominator) judged with its counts. */
  rate?: boolean;
  /** During a promo the upper edge of the range is at least expected × (1 + this). Default 2. */
  promoHeadroom?: number;
};

/**
 * Judges one observation at a time and then learns from it, so a point's verdict depends only
 * on that point and the ones before it (the same in a live run as in a replay of history).
 */
export type SeriesDetector = {
  /**
   * `t`: the observation's bucket start as wall-clock milliseconds (local time written as UTC:
   * hour-of-day and weekday are read from it). `value`: NaN when missing. `denominator`: the
   * count behind a rate (ignored unless `rate`); NaN or ≤ 0 makes a rate missing. Writes the
   * verdict into `out` at `index`.
   */
  step(t: number, value: number, denominator: number, promo: boolean, out: Detection, index: number): void;
};

/**
 * Single points need this many times the z of a sustained deviation to score the same: the
 * residuals of real series have heavier tails than their averages (4.5 → 5 standard
 * deviations at the default alert line).
 */
const POINT_STRICTNESS = 5 / 4.5;
/** Below this many observations the detector only learns (score 0, confidence 0). */
const MIN_OBSERVATIONS = 3;
/** Huber clip (in standard deviations) of what a point may teach, once the model is trusted. */
const CLEAN_K = 2;
/** Winsorizing bound of squared standardized residuals in scale updates, and E[min(Z², C²)]. */
const SCALE_C2 = 4;
const SCALE_KAPPA = 0.9205369259008493;
/** Smoothing of the sustained-deviation statistic (EWMA of residuals) and its iid scale. */
const SUSTAINED_LAMBDA = 0.25;
const SUSTAINED_IID_SD = 0.3779644730092272;
/** The count outage test: a drop to this share of the expected, alarming at this many nats. */
const OUTAGE_RATIO = 0.05;
const OUTAGE_EVIDENCE = 8;
const LOG_OUTAGE_RATIO = Math.log(OUTAGE_RATIO);
/** The internal line (score) above which a point is treated as anomalous while learning. */
const LEARN_THRESHOLD = 0.5;
const TREND_DAMPING = 0.98;
/** Weight the noise scale keeps of its first weeks once the season has been seen twice. */
const SCALE_RESTART_WEIGHT = 8;
const INVERSE_DAY_MS = 1 / DAY_MS;
/**
 * A faster level tracker must beat each slower one by this share of error variance to be
 * chosen: a fast level forecasts noisy random walks well but absorbs real shifts in a few points.
 */
const FASTER_PENALTY = 0.1;

/** E[min(Z², c²)] for a standard normal Z: keeps winsorized variance estimates unbiased. */
function winsorizedSecondMoment(c: number): number {
  const tail = 1 - erf(c / Math.SQRT2);
  const density = Math.exp((-c * c) / 2) / Math.sqrt(2 * Math.PI);
  return 1 - tail - 2 * c * density + c * c * tail;
}

/** Abramowitz & Stegun 7.1.26 (absolute error < 1.5e-7), for x ≥ 0. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return 1 - poly * Math.exp(-x * x);
}

/**
 * A streaming robust seasonal detector, O(1) per point. Its pieces, and why:
 * - Expected = level × seasonal factor (or level + offset once the series has gone negative).
 *   The factor multiplies a within-day profile (interpolated slots), a day-of-week factor and
 *   an hour-of-week correction, each the ratio of a slot's running mean to the overall one,
 *   each slot shrunk toward "no effect" as far as noise could explain it, so a series without
 *   seasonality is not given a made-up one.
 * - Several level trackers with different half-lives compete; the one with the smallest
 *   robust error gives the forecast. Random-walk-like series get a fast level, stable ones a
 *   slow one; a damped trend rides on the slowest.
 * - Once the model is trusted, what a point teaches is clipped to ±2 standard deviations
 *   (Huber) and anomalous points do not update the noise scale, so past outliers neither drag
 *   the baseline nor widen the range.
 * - Noise scale: winsorized running variance, per within-day slot (nights are noisier in
 *   relative terms), plus binomial variance for rates with their counts and a Poisson floor
 *   for small integer counts. Counts are compared on a square-root scale, positive amounts'
 *   drops also on a log scale, where their noise is symmetric.
 * - Score from the largest of three deviations: the point's own; a sustained one (an EWMA of
 *   residuals against its own observed scale) for level shifts and drifts too small for any
 *   single point; and for counts a CUSUM of "nearly nothing happens" (a checkout that stops
 *   at 3 orders an hour shows in no single hour).
 * - A shift that persists `acceptAfter` points becomes the new level; a later return to the
 *   old level is recognised as recovery, not as a new anomaly.
 */
export function createSeriesDetector(layout: SeriesLayout, options: DetectorOptions = {}): SeriesDetector {
  return new StreamingDetector(layout, options);
}

// A class rather than closures: thousands of series each get their own detector, and V8 only
// inlines calls and keeps numbers unboxed for methods shared on a prototype (2× faster here).
class StreamingDetector implements SeriesDetector {
  private readonly threshold: number;
  private readonly zBand: number;
  private readonly isRate: boolean;
  private readonly promoHeadroom: number;
  private readonly halfInterval: number;
  private readonly inverseCoverageAfter: number;
  private readonly inverseFullConfidence: number;
  private readonly inverseScaleMemory: number;
  private readonly maintenanceEvery: number;
  private readonly restartScaleAt: number;

  // Level trackers: 0..ref-1 plain exponential smoothing, ref = the slowest, with damped trend.
  private readonly ref: number;
  private readonly alpha: Float64Array;
  private readonly penalty: Float64Array;
  private readonly trendBeta: number;
  private readonly level: Float64Array;
  /** Per tracker: noise variance beyond counting noise, per unit of slot scale (see extraVariance). */
  private readonly scale2: Float64Array;
  private readonly predicted: Float64Array;
  private trend = 0;
  /** Total weight the noise scale has learned from (a weighted running mean until its memory). */
  private scaleWeight = 0;

  // Seasonal components; undefined where the layout has none.
  private readonly R: number;
  private readonly RH: number;
  private readonly daily: SeasonalComponent | undefined;
  private readonly weekday: SeasonalComponent | undefined;
  private readonly weekHour: SeasonalComponent | undefined;
  /** Noise of each within-day slot relative to the whole series. */
  private readonly slotScale: Float64Array;
  private readonly slotScaleN: Float64Array;
  private multiplicative = true;
  private neutral = 1;

  private observations = 0;
  private sinceMaintenance = 0;
  private maintenances = 0;
  private absMean = 0;
  /** Share of recent observations that were exactly 0. */
  private zeroShare = 0;
  private meanDenominator = 0;
  private meanSampling = 0;
  private integers = true;

  private sustained = 0;
  private sustainedScale2 = SUSTAINED_IID_SD * SUSTAINED_IID_SD;
  private outage = 0;
  private run = 0;
  private runDirection = 0;
  private readonly recent: Float64Array;
  private recentCount = 0;
  private previousLevel = Number.NaN;
  private previousLevelUntil = 0;

  // Where the current point falls, set by locate() and read while learning from it.
  private j0 = 0;
  private j1 = 0;
  private w1 = 0;
  private dow = 0;
  private h = 0;
  private best = 0;
  /** See countScaleAt(). */
  private countScale = 0;

  constructor(
    private readonly layout: SeriesLayout,
    options: DetectorOptions,
  ) {
    this.threshold = alertThreshold(options.sensitivity);
    // The range is where a single point stays below the alert line.
    this.zBand = zFromScore(this.threshold) * POINT_STRICTNESS;
    this.isRate = options.rate === true;
    this.promoHeadroom = options.promoHeadroom ?? 2;
    this.halfInterval = layout.intervalMs / 2;
    this.inverseCoverageAfter = 1 / layout.seasonCoverageAfter;
    this.inverseFullConfidence = 1 / layout.fullConfidenceAfter;
    this.inverseScaleMemory = 1 / layout.scaleMemory;
    this.maintenanceEvery = Math.max(7, Math.round(layout.pointsPerDay));
    this.restartScaleAt = Math.round(layout.seasonCoverageAfter);

    this.ref = layout.levelHalfLives.length;
    const nC = this.ref + 1;
    this.alpha = Float64Array.from([...layout.levelHalfLives, layout.referenceHalfLife], (hl) => 1 - 0.5 ** (1 / hl));
    this.penalty = Float64Array.from({ length: nC }, (_, c) => 1 + FASTER_PENALTY * (this.ref - c));
    this.trendBeta = (this.alpha[this.ref] as number) / 2;
    this.level = new Float64Array(nC);
    this.scale2 = new Float64Array(nC);
    this.predicted = new Float64Array(nC);
    this.best = this.ref;

    this.R = layout.daySlots;
    this.RH = layout.weekHourSlotsPerDay;
    this.daily = this.R > 0 ? createSeasonalComponent(this.R, layout.daySlotMemory) : undefined;
    this.weekday = layout.weekly ? createSeasonalComponent(7, layout.weekdayMemory) : undefined;
    this.weekHour = this.RH > 0 ? createSeasonalComponent(7 * this.RH, layout.weekHourMemory, 4) : undefined;
    this.slotScale = new Float64Array(Math.max(this.R, 1)).fill(1);
    this.slotScaleN = new Float64Array(Math.max(this.R, 1));
    this.recent = new Float64Array(layout.acceptAfter);
  }

  step(t: number, value: number, denominator: number, promo: boolean, out: Detection, index: number): void {
    const { level, predicted, ref, layout } = this;
    const isMissing = !Number.isFinite(value) || (this.isRate && !(denominator > 0));
    if (!isMissing && this.multiplicative && value < 0) this.switchToAdditive();
    const season = this.locate(t);

    let best = ref;
    let bestError = Number.POSITIVE_INFINITY;
    for (let c = 0; c <= ref; c++) {
      const l = c === ref ? (level[c] as number) + this.trend : (level[c] as number);
      predicted[c] = this.multiplicative ? l * season : l + season;
      const e = this.errorOf(c) * (this.penalty[c] as number);
      if (e < bestError) {
        bestError = e;
        best = c;
      }
    }
    this.best = best;
    let expected = this.observations > 0 ? (predicted[best] as number) : Number.NaN;

    const R = this.R;
    const slot = R > 0 ? (this.w1 < 0.5 ? this.j0 : this.j1) : 0;
    const slotN = this.slotScaleN[slot] as number;
    const slotFactor = R > 0 && !this.isRate ? 1 + ((this.slotScale[slot] as number) - 1) * (slotN / (slotN + 4)) : 1;
    // Wider while the scale rests on few points and before the main season has been seen twice.
    const coverage = Math.min(1, this.observations * this.inverseCoverageAfter);
    const widen =
      this.observations > 0 ? (1 + 3 / this.observations) * (1 + layout.unseenSeasonWidening * (1 - coverage)) : 1;
    let sampling = 0;
    if (this.isRate && denominator > 0) {
      // Binomial variance of the observed rate around the expected one (kept off 0 and 1).
      const p = Math.min(1, Math.max(0, (expected * denominator + 0.5) / (denominator + 1)));
      sampling = (p * (1 - p)) / denominator;
    }
    const noise2 = this.extraVariance(best) * slotFactor + sampling;
    // Small integer counts are at least as noisy as Poisson counts (Gaussian tails lie there).
    const poissonFloor = this.integers && !this.isRate && expected >= 0 ? Math.min(expected, 10) + 0.25 : 0;
    const sd = Math.max(Math.sqrt(Math.max(noise2, poissonFloor)), 1e-3 * this.absMean + 1e-12) * widen;
    const known = this.observations >= 2;
    const confidence =
      this.observations < MIN_OBSERVATIONS ? 0 : Math.min(1, this.observations * this.inverseFullConfidence);

    out.missing[index] = isMissing ? 1 : 0;
    out.confidence[index] = confidence;
    if (isMissing) {
      this.countScale = this.countScaleAt(expected, denominator);
      this.writeRange(out, index, expected, known ? sd : Number.NaN, promo);
      out.score[index] = 0;
      out.direction[index] = 0;
      out.severity[index] = 0;
      return;
    }

    // A return to the level in force before an accepted shift is a recovery, not a new anomaly.
    if (this.observations > this.previousLevelUntil) this.previousLevel = Number.NaN;
    if (!Number.isNaN(this.previousLevel) && known) {
      const before = this.multiplicative ? this.previousLevel * season : this.previousLevel + season;
      if (Math.abs(value - before) <= this.zBand * sd && Math.abs(value - before) < Math.abs(value - expected)) {
        level.fill(this.previousLevel);
        predicted.fill(before);
        this.trend = 0;
        expected = before;
        this.previousLevel = Number.NaN;
        this.sustained = 0;
        this.run = 0;
      }
    }

    const residual = value - expected;
    this.countScale = this.countScaleAt(expected, denominator);
    const u = known ? this.standardize(value, expected, sd) : 0;
    // In a promo an uplift is expected: it must not build up as a "sustained rise" either.
    const clippedU = u > 4 ? (promo ? 0 : 4) : u < -4 ? -4 : promo && u > 0 ? 0 : u;
    const nextSustained = this.sustained + SUSTAINED_LAMBDA * (clippedU - this.sustained);
    const sustainedSd = Math.max(Math.sqrt(this.sustainedScale2), SUSTAINED_IID_SD) * widen;
    let zPoint = Math.abs(u);
    if (u < 0 && this.countScale === 0 && this.multiplicative && expected > 0 && value >= 0) {
      // Money and other positive amounts vary in proportion: a deep drop is rarer than a
      // Gaussian says (revenue 0 where 100,000 was expected is not "5 sigma"). Judge drops on a
      // log scale too, unless zeros are part of the series' normal life.
      const floor = this.zeroShare < 0.01 ? 0.01 : 0.5;
      const drop = Math.log(expected / Math.max(value, expected * floor)) / (sd / expected);
      if (drop > zPoint) zPoint = drop;
    }
    zPoint /= POINT_STRICTNESS;
    const zSustained = Math.abs(nextSustained) / sustainedSd;
    let z = Math.max(zPoint, zSustained);
    let sign = zPoint >= zSustained ? Math.sign(u) : Math.sign(nextSustained);
    // Counts that mostly stop (a broken checkout at 3 orders an hour): evidence adds up over
    // hours even when no single hour is remarkable. CUSUM of the log-likelihood ratio of
    // "a twentieth of the expected" against "as expected", once the season has been seen.
    let nextOutage = 0;
    if (this.countScale > 0 && coverage >= 1) {
      const m = this.countScale;
      const lambda = expected * m;
      // Quasi-likelihood: counts noisier than Poisson (or a model still unsure of this hour)
      // give proportionally less evidence. Hours where even the normal count is a fraction of
      // one give none either way.
      const dispersion = Math.max(1, (noise2 * m * m) / Math.max(lambda, 1e-9));
      const llr = (1 - OUTAGE_RATIO) * lambda + LOG_OUTAGE_RATIO * value * m;
      nextOutage = lambda < 0.5 ? this.outage : Math.max(0, this.outage + llr / dispersion);
      const zOutage = (Z_ALERT * nextOutage) / (OUTAGE_EVIDENCE * widen);
      if (zOutage > z) {
        z = zOutage;
        sign = -1;
      }
    }
    const promoUp = promo && sign > 0;
    let score = this.observations >= MIN_OBSERVATIONS && !promoUp ? scoreFromZ(z) : 0;
    if (!(score >= 0)) score = 0;

    this.writeRange(out, index, expected, known ? sd : Number.NaN, promo);
    out.score[index] = score;
    out.direction[index] = score > 0 ? sign : 0;
    out.severity[index] = severityCode(score, confidence, this.threshold);

    this.sustained = nextSustained;
    this.outage = nextOutage;
    this.learn(value, denominator, promo, residual, sd, widen, slot, slotFactor, sampling, season, score, sign);
  }

  /** Sets the slot fields for time `t` and returns the (shrunk) seasonal factor there. */
  private locate(t: number): number {
    const days = (t + this.halfInterval) * INVERSE_DAY_MS;
    const dayIndex = Math.floor(days);
    const dayFrac = days - dayIndex;
    const shifted = dayIndex + 3; // 1970-01-01 was a Thursday; Monday = 0
    const dow = shifted - 7 * Math.floor(shifted / 7);
    this.dow = dow;
    let season = this.neutral;
    if (this.daily) {
      const R = this.R;
      const x = dayFrac * R - 0.5;
      const f = Math.floor(x);
      this.w1 = x - f;
      this.j0 = (f + R) % R;
      this.j1 = (this.j0 + 1) % R;
      season = this.daily.effective(this.j0, this.j1, this.w1);
    }
    if (this.weekday) season = this.combine(season, this.weekday.effective(dow, dow, 0));
    if (this.weekHour) {
      const RH = this.RH;
      this.h = dow * RH + Math.min(RH - 1, Math.floor(dayFrac * RH));
      season = this.combine(season, this.weekHour.effective(this.h, this.h, 0));
    }
    return season;
  }

  /**
   * Noise variance of tracker c beyond counting noise (the binomial part of a rate), per unit
   * of slot scale. Kept as an unbiased running mean that may dip below 0, read clipped.
   */
  private extraVariance(c: number): number {
    const v = this.scale2[c] as number;
    return Math.max(v, 0);
  }

  /** What the trackers compete on: their whole error variance. */
  private errorOf(c: number): number {
    return this.extraVariance(c) + this.meanSampling + 1e-300;
  }

  private combine(a: number, b: number): number {
    return this.multiplicative ? a * b : a + b;
  }

  /** x with `factor` taken out: x / factor, or x − factor; NaN when a factor of 0 hides it. */
  private without(x: number, factor: number): number {
    if (!this.multiplicative) return x - factor;
    return factor > 1e-9 ? x / factor : Number.NaN;
  }

  /** How much a point seen through `factor` says: factor² (least squares), at most 1. */
  private informative(factor: number): number {
    return this.multiplicative ? Math.min(1, factor * factor) : 1;
  }

  private learn(
    y: number,
    den: number,
    inPromo: boolean,
    r: number,
    sdBest: number,
    widen: number,
    slot: number,
    slotFactor: number,
    sampling: number,
    season: number,
    score: number,
    direction: number,
  ): void {
    const { level, ref, layout, recent } = this;
    const flagged = score >= LEARN_THRESHOLD;
    // A promo's uplift teaches nothing: it is expected now and must not raise the baseline later.
    const upInPromo = inPromo && r > 0;
    const weight = this.isRate ? Math.min(1, den / Math.max(this.meanDenominator, 1e-12)) : 1;
    const n = this.observations + 1;
    const inverseN = 1 / n;
    // Young models are taught by the data as it is; trusted ones only by what is plausible.
    const trust = Math.min(1, this.observations * this.inverseFullConfidence);
    const seen = Math.min(1, this.observations * this.inverseCoverageAfter);
    const lim = (CLEAN_K * sdBest) / (widen * Math.max(seen, 0.02));
    const clipped = this.observations === 0 || upInPromo ? 0 : r > lim ? lim : Math.max(r, -lim);
    const cleaned = this.observations === 0 ? y : (this.predicted[this.best] as number) + clipped;

    const ds = this.without(cleaned, season);
    // A point where the season is near zero (3 a.m.) says little about the level: it teaches
    // in proportion to season² (and dividing by a tiny factor would otherwise blow it up).
    const levelWeight = weight * this.informative(season);
    if (Number.isFinite(ds) && levelWeight > 0) {
      if (this.observations === 0) {
        level.fill(ds);
      } else {
        for (let c = 0; c < ref; c++) {
          const a = Math.max(inverseN, this.alpha[c] as number) * levelWeight;
          level[c] = (level[c] as number) + a * (ds - (level[c] as number));
        }
        const old = level[ref] as number;
        const pred = old + this.trend;
        const next = pred + Math.max(inverseN, this.alpha[ref] as number) * levelWeight * (ds - pred);
        level[ref] = next;
        if (this.observations > 1) {
          this.trend =
            TREND_DAMPING * this.trend + this.trendBeta * levelWeight * (next - old - TREND_DAMPING * this.trend);
        }
      }
    }
    if (this.observations === 1) {
      for (let c = 0; c <= ref; c++) {
        const rc = y - (this.predicted[c] as number);
        this.scale2[c] = Math.max(rc * rc - sampling, 0) / slotFactor;
      }
      this.scaleWeight = weight;
    } else if (this.observations > 1 && !upInPromo) {
      // Anomalies stop teaching the noise scale as the detector comes to know the series.
      const w = flagged ? 1 - trust : 1;
      if (w > 0) this.learnScale(y, weight * w, trust, slot, slotFactor, sampling);
    }
    if (!inPromo) this.learnSeason(cleaned, weight);

    // Persistent shifts: after `acceptAfter` anomalous points in one direction, adopt the new level.
    const raw = this.without(y, season);
    if (Number.isFinite(raw) && this.informative(season) > 0.04) recent[this.recentCount++ % recent.length] = raw;
    if (flagged && !upInPromo && direction !== 0) {
      this.run = direction === this.runDirection ? this.run + 1 : 1;
      this.runDirection = direction;
    } else {
      this.run = 0;
    }
    if (this.run >= layout.acceptAfter && this.recentCount >= recent.length) {
      this.previousLevel = level[ref] as number;
      this.previousLevelUntil = n + 10 * layout.acceptAfter;
      level.fill(median(recent));
      this.trend = 0;
      this.sustained = 0;
      this.outage = 0;
      this.run = 0;
    }

    if (n === this.restartScaleAt) {
      // The main season has now been seen twice: forget how wrong the model was while learning
      // it, or those early errors would keep the range too wide for weeks.
      this.scaleWeight = Math.min(this.scaleWeight, SCALE_RESTART_WEIGHT);
      for (let j = 0; j < this.slotScaleN.length; j++) this.slotScaleN[j] = Math.min(this.slotScaleN[j] as number, 1);
    }
    const rate = Math.max(inverseN, this.inverseScaleMemory);
    this.absMean += rate * (Math.abs(y) - this.absMean);
    this.zeroShare += rate * ((y === 0 ? 1 : 0) - this.zeroShare);
    if (this.isRate) {
      this.meanDenominator += rate * (den - this.meanDenominator);
      this.meanSampling += rate * (sampling - this.meanSampling);
    }
    if (this.integers && !Number.isInteger(y)) this.integers = false;
    this.observations = n;
    if (++this.sinceMaintenance >= this.maintenanceEvery) this.maintain();
  }

  /**
   * Noise scale, robustly: squared residuals are winsorized at C² times the chosen forecast's
   * variance — a yardstick shared by all level trackers, so that the tracker chosen (the one
   * with the smallest error) is not simply the one whose scale happened to be underestimated.
   * While the model is young, C is wide: its early errors are real uncertainty, not outliers.
   */
  private learnScale(
    y: number,
    weight: number,
    trust: number,
    slot: number,
    slotFactor: number,
    sampling: number,
  ): void {
    const { layout, scale2, predicted } = this;
    this.scaleWeight += weight;
    const lambda = this.scaleWeight < layout.scaleMemory ? weight / this.scaleWeight : weight * this.inverseScaleMemory;
    const c2 = trust >= 1 ? SCALE_C2 : Math.min(SCALE_C2 / Math.max(trust, 1e-3), 1e4);
    const inverseKappa = trust >= 1 ? 1 / SCALE_KAPPA : 1 / winsorizedSecondMoment(Math.sqrt(c2));
    const inverseSlot = 1 / slotFactor;
    const yardstick = this.extraVariance(this.best) * slotFactor + sampling;
    const cap = c2 * yardstick;
    for (let c = 0; c <= this.ref; c++) {
      const rc = y - (predicted[c] as number);
      const r2 = rc * rc < cap || !(cap > 0) ? rc * rc : cap;
      // Not clipped at 0 per point (that would bias it up); extraVariance() clips the estimate.
      const target = (r2 * inverseKappa - sampling) * inverseSlot;
      scale2[c] = (scale2[c] as number) + lambda * (target - (scale2[c] as number));
    }
    if (this.R > 0 && !this.isRate && yardstick > 0) {
      // How noisy this time of day is relative to the whole series.
      const rb = y - (predicted[this.best] as number);
      const g2 = (rb * rb) / (this.extraVariance(this.best) + 1e-300);
      const n = (this.slotScaleN[slot] as number) + weight;
      this.slotScaleN[slot] = n;
      const gamma = Math.max(weight / n, weight / layout.daySlotMemory);
      this.slotScale[slot] =
        (this.slotScale[slot] as number) + gamma * (Math.min(g2, c2) * inverseKappa - (this.slotScale[slot] as number));
    }
    const s2 = this.sustained * this.sustained;
    const capped = Math.min(s2, SCALE_C2 * this.sustainedScale2);
    const gamma =
      this.scaleWeight + 10 < layout.scaleMemory ? weight / (this.scaleWeight + 10) : weight * this.inverseScaleMemory;
    this.sustainedScale2 += gamma * (capped / SCALE_KAPPA - this.sustainedScale2);
  }

  /**
   * Each component learns from the point with the others' current factors taken out, the
   * finer ones only once the coarser ones have seen a full cycle (or they would learn the
   * coarser ones' early mistakes and keep them for weeks). Dividing by a small factor
   * magnifies noise, so such points teach in proportion to that factor².
   */
  private learnSeason(cleaned: number, weight: number): void {
    const { j0, j1, w1, dow, h, daily, weekday, weekHour } = this;
    let d = daily ? daily.raw(j0, j1, w1) : this.neutral;
    let wd = weekday ? weekday.raw(dow, dow, 0) : this.neutral;
    const wh = weekHour ? weekHour.raw(h, h, 0) : this.neutral;
    if (daily) {
      const other = this.combine(wd, wh);
      daily.learn(this.without(cleaned, other), j0, j1, w1, weight * this.informative(other));
      d = daily.raw(j0, j1, w1);
    }
    if (weekday && this.observations >= this.layout.weekdayFrom) {
      const other = this.combine(d, wh);
      weekday.learn(this.without(cleaned, other), dow, dow, 0, weight * this.informative(other));
      if (weekHour) wd = weekday.raw(dow, dow, 0);
    }
    if (weekHour && this.observations >= this.layout.weekHourFrom) {
      const other = this.combine(d, wd);
      weekHour.learn(this.without(cleaned, other), h, h, 0, weight * this.informative(other));
    }
  }

  private switchToAdditive(): void {
    this.multiplicative = false;
    this.neutral = 0;
    this.daily?.resetAdditive();
    this.weekday?.resetAdditive();
    this.weekHour?.resetAdditive();
  }

  private maintain(): void {
    this.sinceMaintenance = 0;
    // Slots refresh their shrunk factor when they learn; the rest drift slowly with the
    // overall mean, so a full refresh every few days is enough.
    if (++this.maintenances % 4 === 0) {
      this.daily?.refresh();
      this.weekday?.refresh();
      this.weekHour?.refresh();
    }
    if (this.R > 0 && !this.isRate) {
      let sum = 0;
      for (let j = 0; j < this.R; j++) sum += this.slotScale[j] as number;
      const mean = sum / this.R;
      if (mean > 0) for (let j = 0; j < this.R; j++) this.slotScale[j] = (this.slotScale[j] as number) / mean;
    }
  }

  /**
   * Counts (and rates, through their numerators) are compared on a square-root scale, where
   * counting noise is symmetric: 7 orders where 1 was expected is rarer than a Gaussian says
   * not, and 0 where 13 were expected is rarer than it says. Returns the count each unit of the
   * series stands for (1 for counts, the denominator for a small rate), or 0 for other series.
   */
  private countScaleAt(expected: number, denominator: number): number {
    if (!(expected >= 0)) return 0;
    if (this.isRate) return denominator > 0 && expected < 0.3 ? denominator : 0;
    return this.integers ? 1 : 0;
  }

  /** (value − expected) / sd, on the square-root scale for counts. */
  private standardize(value: number, expected: number, sd: number): number {
    const m = this.countScale;
    if (m === 0 || value < 0) return (value - expected) / sd;
    const a = Math.sqrt(expected * m + 0.375);
    return (2 * a * (Math.sqrt(value * m + 0.375) - a)) / (sd * m);
  }

  private writeRange(out: Detection, index: number, expected: number, sd: number, promo: boolean): void {
    const zBand = this.zBand;
    out.expected[index] = expected;
    let low = expected - zBand * sd;
    let high = expected + zBand * sd;
    const m = this.countScale;
    if (m > 0) {
      // The inverse of standardize() at ±zBand.
      const a = Math.sqrt(expected * m + 0.375);
      const delta = (zBand * sd * m) / (2 * a);
      low = a - delta > 0 ? ((a - delta) ** 2 - 0.375) / m : 0;
      high = ((a + delta) ** 2 - 0.375) / m;
    }
    if (this.multiplicative && low < 0) low = 0;
    if (promo) high = Math.max(high, expected + Math.abs(expected) * this.promoHeadroom);
    out.low[index] = low;
    out.high[index] = high;
  }
}

function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
