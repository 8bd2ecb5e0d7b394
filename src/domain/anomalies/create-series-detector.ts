import { alertThreshold, type Sensitivity, scoreFromZ, severityCode, Z_ALERT, zFromScore } from "./anomaly-score.ts";
import type { Detection } from "./detection.ts";
import { createSeasonalComponent } from "./seasonal-component.ts";
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
 *   for small integer counts.
 * - Score from max(point deviation, sustained deviation): the latter is an EWMA of residuals
 *   against its own observed scale and catches level shifts and drifts too small for any
 *   single point.
 * - A shift that persists `acceptAfter` points becomes the new level; a later return to the
 *   old level is recognised as recovery, not as a new anomaly.
 */
export function createSeriesDetector(layout: SeriesLayout, options: DetectorOptions = {}): SeriesDetector {
  const threshold = alertThreshold(options.sensitivity);
  const zBand = zFromScore(threshold);
  const isRate = options.rate === true;
  const promoHeadroom = options.promoHeadroom ?? 2;
  const halfInterval = layout.intervalMs / 2;

  // Level trackers: 0..ref-1 plain exponential smoothing, ref = the slowest, with damped trend.
  const ref = layout.levelHalfLives.length;
  const nC = ref + 1;
  const alpha = Float64Array.from([...layout.levelHalfLives, layout.referenceHalfLife], (halfLife) => 1 - 0.5 ** (1 / halfLife));
  const trendBeta = (alpha[ref] as number) / 2;
  const inverseCoverageAfter = 1 / layout.seasonCoverageAfter;
  const inverseFullConfidence = 1 / layout.fullConfidenceAfter;
  const inverseScaleMemory = 1 / layout.scaleMemory;
  const penalty = Float64Array.from({ length: nC }, (_, c) => 1 + FASTER_PENALTY * (ref - c));
  const level = new Float64Array(nC);
  const scale2 = new Float64Array(nC);
  const predicted = new Float64Array(nC);
  // Mutable scalars live in one object: V8 keeps an object's number fields unboxed, while
  // numbers in closure variables are re-boxed on every write (2x slower in this hot loop).
  const state = {
    trend: 0,
    scaleWeight: 0,
    multiplicative: true,
    neutral: 1,
    observations: 0,
    sinceMaintenance: 0,
    maintenances: 0,
    absMean: 0,
    meanDenominator: 0,
    meanSampling: 0,
    integers: true,
    sustained: 0,
    sustainedScale2: SUSTAINED_IID_SD * SUSTAINED_IID_SD,
    outage: 0,
    run: 0,
    runDirection: 0,
    recentCount: 0,
    previousLevel: Number.NaN,
    previousLevelUntil: 0,
    j0: 0,
    j1: 0,
    w1: 0,
    dow: 0,
    h: 0,
    best: ref,
    countScale: 0
  };
  /** Total weight the noise scale has learned from (weighted running mean until its memory). */
  const restartScaleAt = Math.round(layout.seasonCoverageAfter);

  // Seasonal components; each is "no effect" when the layout does not have it.
  const R = layout.daySlots;
  const RH = layout.weekHourSlotsPerDay;
  const daily = R > 0 ? createSeasonalComponent(R, layout.daySlotMemory) : undefined;
  const weekday = layout.weekly ? createSeasonalComponent(7, layout.weekdayMemory) : undefined;
  const weekHour = RH > 0 ? createSeasonalComponent(7 * RH, layout.weekHourMemory, 4) : undefined;
  const slotScale = new Float64Array(Math.max(R, 1)).fill(1);
  const slotScaleN = new Float64Array(Math.max(R, 1));

  const maintenanceEvery = Math.max(7, Math.round(layout.pointsPerDay));

  const recent = new Float64Array(layout.acceptAfter);

  // Where the current point falls, set by locate() and read by the learning helpers.
  /** See countScaleAt(); set for the current point. */

  function step(t: number, value: number, denominator: number, promo: boolean, out: Detection, index: number): void {
    const isMissing = !Number.isFinite(value) || (isRate && !(denominator > 0));
    if (!isMissing && state.multiplicative && value < 0) switchToAdditive();
    const season = locate(t);

    state.best = ref;
    let bestError = Number.POSITIVE_INFINITY;
    for (let c = 0; c < nC; c++) {
      const l = c === ref ? (level[c] as number) + state.trend : (level[c] as number);
      predicted[c] = state.multiplicative ? l * season : l + season;
      const e = errorOf(c) * (penalty[c] as number);
      if (e < bestError) {
        bestError = e;
        state.best = c;
      }
    }
    let expected = state.observations > 0 ? (predicted[state.best] as number) : Number.NaN;

    const slot = R > 0 ? (state.w1 < 0.5 ? state.j0 : state.j1) : 0;
    const slotN = slotScaleN[slot] as number;
    const slotFactor = R > 0 && !isRate ? 1 + ((slotScale[slot] as number) - 1) * (slotN / (slotN + 4)) : 1;
    // Wider while the scale rests on few points and before the main season has been seen twice.
    const coverage = Math.min(1, state.observations * inverseCoverageAfter);
    const widen = state.observations > 0 ? (1 + 3 / state.observations) * (1 + layout.unseenSeasonWidening * (1 - coverage)) : 1;
    let sampling = 0;
    if (isRate && denominator > 0) {
      // Binomial variance of the observed rate around the expected one (kept off 0 and 1).
      const p = Math.min(1, Math.max(0, (expected * denominator + 0.5) / (denominator + 1)));
      sampling = (p * (1 - p)) / denominator;
    }
    const noise2 = extraVariance(state.best) * slotFactor + sampling;
    // Small integer counts are at least as noisy as Poisson counts (Gaussian tails lie there).
    const poissonFloor = state.integers && !isRate && expected >= 0 ? Math.min(expected, 10) + 0.25 : 0;
    const sd = Math.max(Math.sqrt(noise2 > poissonFloor ? noise2 : poissonFloor), 1e-3 * state.absMean + 1e-12) * widen;
    const known = state.observations >= 2;
    const confidence = state.observations < MIN_OBSERVATIONS ? 0 : Math.min(1, state.observations * inverseFullConfidence);

    out.missing[index] = isMissing ? 1 : 0;
    out.confidence[index] = confidence;
    if (isMissing) {
      state.countScale = countScaleAt(expected, denominator);
      writeRange(out, index, expected, known ? sd : Number.NaN, promo);
      out.score[index] = 0;
      out.direction[index] = 0;
      out.severity[index] = 0;
      return;
    }

    // A return to the level in force before an accepted shift is a recovery, not a new anomaly.
    if (state.observations > state.previousLevelUntil) state.previousLevel = Number.NaN;
    if (!Number.isNaN(state.previousLevel) && known) {
      const before = state.multiplicative ? state.previousLevel * season : state.previousLevel + season;
      if (Math.abs(value - before) <= zBand * sd && Math.abs(value - before) < Math.abs(value - expected)) {
        for (let c = 0; c < nC; c++) {
          level[c] = state.previousLevel;
          predicted[c] = before;
        }
        state.trend = 0;
        expected = before;
        state.previousLevel = Number.NaN;
        state.sustained = 0;
        state.run = 0;
      }
    }

    const residual = value - expected;
    state.countScale = countScaleAt(expected, denominator);
    const u = known ? standardize(value, expected, sd) : 0;
    // In a promo an uplift is expected: it must not build up as a "sustained rise" either.
    const clippedU = u > 4 ? (promo ? 0 : 4) : u < -4 ? -4 : promo && u > 0 ? 0 : u;
    const nextSustained = state.sustained + SUSTAINED_LAMBDA * (clippedU - state.sustained);
    const sustainedSd = Math.max(Math.sqrt(state.sustainedScale2), SUSTAINED_IID_SD) * widen;
    const zPoint = Math.abs(u);
    const zSustained = Math.abs(nextSustained) / sustainedSd;
    let z = zPoint >= zSustained ? zPoint : zSustained;
    let sign = zPoint >= zSustained ? Math.sign(u) : Math.sign(nextSustained);
    // Counts that mostly stop (a broken checkout at 3 orders an hour): evidence adds up over
    // hours even when no single hour is remarkable. CUSUM of the log-likelihood ratio of
    // "a twentieth of the expected" against "as expected", once the season has been seen.
    let nextOutage = 0;
    if (state.countScale > 0 && coverage >= 1) {
      const lambda = expected * state.countScale;
      // Quasi-likelihood: counts noisier than Poisson (or a model still unsure of this hour)
      // give proportionally less evidence. Hours where even the normal count is a fraction of
      // one give none either way.
      const dispersion = Math.max(1, (noise2 * state.countScale * state.countScale) / Math.max(lambda, 1e-9));
      const llr = (1 - OUTAGE_RATIO) * lambda + Math.log(OUTAGE_RATIO) * value * state.countScale;
      nextOutage = lambda < 0.5 ? state.outage : Math.max(0, state.outage + llr / dispersion);
      const zOutage = (Z_ALERT * nextOutage) / OUTAGE_EVIDENCE / widen;
      if (zOutage > z) {
        z = zOutage;
        sign = -1;
      }
    }
    const promoUp = promo && sign > 0;
    let score = state.observations >= MIN_OBSERVATIONS && !promoUp ? scoreFromZ(z) : 0;
    if (!(score >= 0)) score = 0;

    writeRange(out, index, expected, known ? sd : Number.NaN, promo);
    out.score[index] = score;
    out.direction[index] = score > 0 ? sign : 0;
    out.severity[index] = severityCode(score, confidence, threshold);

    state.sustained = nextSustained;
    state.outage = nextOutage;
    learn(
      value,
      denominator,
      promo,
      residual,
      sd,
      widen,
      slot,
      slotFactor,
      sampling,
      season,
      score >= LEARN_THRESHOLD,
      sign,
    );
  }

  /** Sets the slot variables for time `t` and returns the (shrunk) seasonal factor there. */
  function locate(t: number): number {
    const tc = t + halfInterval;
    const days = tc * INVERSE_DAY_MS;
    const dayIndex = Math.floor(days);
    const dayFrac = days - dayIndex;
    const shifted = dayIndex + 3; // 1970-01-01 was a Thursday; Monday = 0
    state.dow = shifted - 7 * Math.floor(shifted / 7);
    let season = state.neutral;
    if (daily) {
      const x = dayFrac * R - 0.5;
      const f = Math.floor(x);
      state.w1 = x - f;
      state.j0 = (f + R) % R;
      state.j1 = (state.j0 + 1) % R;
      season = daily.effective(state.j0, state.j1, state.w1);
    }
    if (weekday) season = combine(season, weekday.effective(state.dow, state.dow, 0));
    if (weekHour) {
      state.h = state.dow * RH + Math.min(RH - 1, Math.floor(dayFrac * RH));
      season = combine(season, weekHour.effective(state.h, state.h, 0));
    }
    return season;
  }

  /**
   * Noise variance of tracker c beyond counting noise (the binomial part of a rate), per unit
   * of slot scale. Kept as an unbiased running mean that may dip below 0, read clipped.
   */
  function extraVariance(c: number): number {
    const v = scale2[c] as number;
    return v > 0 ? v : 0;
  }

  /** What the trackers compete on: their whole error variance. */
  function errorOf(c: number): number {
    return extraVariance(c) + state.meanSampling + 1e-300;
  }

  function combine(a: number, b: number): number {
    return state.multiplicative ? a * b : a + b;
  }

  /** x with `factor` taken out: x / factor, or x − factor; NaN when a factor of 0 hides it. */
  function without(x: number, factor: number): number {
    if (!state.multiplicative) return x - factor;
    return factor > 1e-9 ? x / factor : Number.NaN;
  }

  function learn(
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
    flagged: boolean,
    direction: number,
  ): void {
    // A promo's uplift teaches nothing: it is expected now and must not raise the baseline later.
    const upInPromo = inPromo && r > 0;
    const weight = isRate ? Math.min(1, den / Math.max(state.meanDenominator, 1e-12)) : 1;
    const n = state.observations + 1;
    // Young models are taught by the data as it is; trusted ones only by what is plausible.
    const trust = Math.min(1, state.observations * inverseFullConfidence);
    const seen = Math.min(1, state.observations * inverseCoverageAfter);
    const lim = (CLEAN_K * sdBest) / (widen * Math.max(seen, 0.02));
    const inverseN = 1 / n;
    const clipped = state.observations === 0 ? 0 : upInPromo ? 0 : r > lim ? lim : r < -lim ? -lim : r;
    const cleaned = state.observations === 0 ? y : (predicted[state.best] as number) + clipped;

    const ds = without(cleaned, season);
    // A point where the season is near zero (3 a.m.) says little about the level: it teaches
    // in proportion to season² (and dividing by a tiny factor would otherwise blow it up).
    const levelWeight = weight * informative(season);
    if (Number.isFinite(ds) && levelWeight > 0) {
      if (state.observations === 0) {
        level.fill(ds);
      } else {
        for (let c = 0; c < ref; c++) {
          const a = Math.max(inverseN, alpha[c] as number) * levelWeight;
          level[c] = (level[c] as number) + a * (ds - (level[c] as number));
        }
        const old = level[ref] as number;
        const pred = old + state.trend;
        const next = pred + Math.max(inverseN, alpha[ref] as number) * levelWeight * (ds - pred);
        level[ref] = next;
        if (state.observations > 1) {
          state.trend = TREND_DAMPING * state.trend + trendBeta * levelWeight * (next - old - TREND_DAMPING * state.trend);
        }
      }
    }
    if (state.observations === 1) {
      for (let c = 0; c < nC; c++) {
        const rc = y - (predicted[c] as number);
        scale2[c] = Math.max(rc * rc - sampling, 0) / slotFactor;
      }
      state.scaleWeight = weight;
    } else if (state.observations > 1 && !upInPromo) {
      // Anomalies stop teaching the noise scale as the detector comes to know the series.
      const w = flagged ? 1 - trust : 1;
      if (w > 0) learnScale(y, weight * w, trust, slot, slotFactor, sampling);
    }
    if (!inPromo) learnSeason(cleaned, weight);

    // Persistent shifts: after `acceptAfter` anomalous points in one direction, adopt the new level.
    const raw = without(y, season);
    if (Number.isFinite(raw) && informative(season) > 0.04) recent[state.recentCount++ % recent.length] = raw;
    if (flagged && !upInPromo && direction !== 0) {
      state.run = direction === state.runDirection ? state.run + 1 : 1;
      state.runDirection = direction;
    } else {
      state.run = 0;
    }
    if (state.run >= layout.acceptAfter && state.recentCount >= recent.length) {
      state.previousLevel = level[ref] as number;
      state.previousLevelUntil = n + 10 * layout.acceptAfter;
      level.fill(median(recent));
      state.trend = 0;
      state.sustained = 0;
      state.outage = 0;
      state.run = 0;
    }

    if (n === restartScaleAt) {
      // The main season has now been seen twice: forget how wrong the model was while learning
      // it, or those early errors would keep the range too wide for weeks.
      state.scaleWeight = Math.min(state.scaleWeight, SCALE_RESTART_WEIGHT);
      for (let j = 0; j < slotScaleN.length; j++) slotScaleN[j] = Math.min(slotScaleN[j] as number, 1);
    }
    const rate = Math.max(inverseN, inverseScaleMemory);
    state.absMean += rate * (Math.abs(y) - state.absMean);
    if (isRate) {
      state.meanDenominator += rate * (den - state.meanDenominator);
      state.meanSampling += rate * (sampling - state.meanSampling);
    }
    if (state.integers && !Number.isInteger(y)) state.integers = false;
    state.observations = n;
    if (++state.sinceMaintenance >= maintenanceEvery) maintain();
  }

  /**
   * Noise scale, robustly: squared residuals are winsorized at C² times the chosen forecast's
   * variance — a yardstick shared by all level trackers, so that the tracker chosen (the one
   * with the smallest error) is not simply the one whose scale happened to be underestimated.
   * While the model is young, C is wide: its early errors are real uncertainty, not outliers.
   */
  function learnScale(
    y: number,
    weight: number,
    trust: number,
    slot: number,
    slotFactor: number,
    sampling: number,
  ): void {
    state.scaleWeight += weight;
    const lambda = state.scaleWeight < layout.scaleMemory ? weight / state.scaleWeight : weight * inverseScaleMemory;
    const c2 = trust >= 1 ? SCALE_C2 : Math.min(SCALE_C2 / Math.max(trust, 1e-3), 1e4);
    const inverseKappa = trust >= 1 ? 1 / SCALE_KAPPA : 1 / winsorizedSecondMoment(Math.sqrt(c2));
    const inverseSlot = 1 / slotFactor;
    const yardstick = extraVariance(state.best) * slotFactor + sampling;
    const cap = c2 * yardstick;
    for (let c = 0; c < nC; c++) {
      const rc = y - (predicted[c] as number);
      const r2 = rc * rc < cap || !(cap > 0) ? rc * rc : cap;
      // Not clipped at 0 per point (that would bias it up); extraVariance() clips the estimate.
      const target = (r2 * inverseKappa - sampling) * inverseSlot;
      scale2[c] = (scale2[c] as number) + lambda * (target - (scale2[c] as number));
    }
    if (R > 0 && !isRate && yardstick > 0) {
      // How noisy this time of day is relative to the whole series.
      const rb = y - (predicted[state.best] as number);
      const g2 = (rb * rb) / (extraVariance(state.best) + 1e-300);
      slotScaleN[slot] = (slotScaleN[slot] as number) + weight;
      const gamma = Math.max(weight / (slotScaleN[slot] as number), weight / layout.daySlotMemory);
      slotScale[slot] =
        (slotScale[slot] as number) + gamma * ((g2 < c2 ? g2 : c2) * inverseKappa - (slotScale[slot] as number));
    }
    const s2 = state.sustained * state.sustained;
    const capped = s2 < SCALE_C2 * state.sustainedScale2 ? s2 : SCALE_C2 * state.sustainedScale2;
    const gamma = state.scaleWeight + 10 < layout.scaleMemory ? weight / (state.scaleWeight + 10) : weight * inverseScaleMemory;
    state.sustainedScale2 += gamma * (capped * (1 / SCALE_KAPPA) - state.sustainedScale2);
  }

  /**
   * Each component learns from the point with the others' current factors taken out, the
   * finer ones only once the coarser ones have seen a full cycle (or they would learn the
   * coarser ones' early mistakes and keep them for weeks). Dividing
   * by a small factor magnifies noise, so such points teach in proportion to that factor²
   * (the weight least squares would give them).
   */
  function learnSeason(cleaned: number, weight: number): void {
    const d = daily ? daily.raw(state.j0, state.j1, state.w1) : state.neutral;
    const wd = weekday ? weekday.raw(state.dow, state.dow, 0) : state.neutral;
    const wh = weekHour ? weekHour.raw(state.h, state.h, 0) : state.neutral;
    if (daily) {
      const other = combine(wd, wh);
      daily.learn(without(cleaned, other), state.j0, state.j1, state.w1, weight * informative(other));
    }
    const d2 = daily ? daily.raw(state.j0, state.j1, state.w1) : d;
    if (weekday && state.observations >= layout.weekdayFrom) {
      const other = combine(d2, wh);
      weekday.learn(without(cleaned, other), state.dow, state.dow, 0, weight * informative(other));
    }
    const wd2 = weekday ? weekday.raw(state.dow, state.dow, 0) : wd;
    if (weekHour && state.observations >= layout.weekHourFrom) {
      const other = combine(d2, wd2);
      weekHour.learn(without(cleaned, other), state.h, state.h, 0, weight * informative(other));
    }
  }

  function informative(factor: number): number {
    return state.multiplicative ? Math.min(1, factor * factor) : 1;
  }

  function switchToAdditive(): void {
    state.multiplicative = false;
    state.neutral = 0;
    daily?.resetAdditive();
    weekday?.resetAdditive();
    weekHour?.resetAdditive();
  }

  function maintain(): void {
    state.sinceMaintenance = 0;
    // Slots refresh their shrunk factor when they learn; the rest drift slowly with the
    // overall mean, so a full refresh every few days is enough.
    if (++state.maintenances % 4 === 0) {
      daily?.refresh();
      weekday?.refresh();
      weekHour?.refresh();
    }
    if (R > 0 && !isRate) {
      let sum = 0;
      for (let j = 0; j < R; j++) sum += slotScale[j] as number;
      const mean = sum / R;
      if (mean > 0) for (let j = 0; j < R; j++) slotScale[j] = (slotScale[j] as number) / mean;
    }
  }

  function median(values: Float64Array): number {
    const sorted = Float64Array.from(values).sort();
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  }

  /**
   * Counts (and rates, through their numerators) are compared on a square-root scale, where
   * counting noise is symmetric: 7 orders where 1 was expected is rarer than a Gaussian says
   * not, and 0 where 13 were expected is rarer than it says. Returns the count each unit of the
   * series stands for (1 for counts, the denominator for a small rate), or 0 for other series.
   */
  function countScaleAt(expected: number, denominator: number): number {
    if (!(expected >= 0)) return 0;
    if (isRate) return denominator > 0 && expected < 0.3 ? denominator : 0;
    return state.integers ? 1 : 0;
  }

  /** (value − expected) / sd, on the square-root scale for counts. */
  function standardize(value: number, expected: number, sd: number): number {
    const m = state.countScale;
    if (m === 0 || value < 0) return (value - expected) / sd;
    const a = Math.sqrt(expected * m + 0.375);
    return (2 * a * (Math.sqrt(value * m + 0.375) - a)) / (sd * m);
  }

  function writeRange(out: Detection, index: number, expected: number, sd: number, promo: boolean): void {
    out.expected[index] = expected;
    let low = expected - zBand * sd;
    let high = expected + zBand * sd;
    const m = state.countScale;
    if (m > 0) {
      // The inverse of standardize() at ±zBand.
      const a = Math.sqrt(expected * m + 0.375);
      const delta = (zBand * sd * m) / (2 * a);
      low = a - delta > 0 ? ((a - delta) ** 2 - 0.375) / m : 0;
      high = ((a + delta) ** 2 - 0.375) / m;
    }
    if (state.multiplicative && low < 0) low = 0;
    if (promo) high = Math.max(high, expected + Math.abs(expected) * promoHeadroom);
    out.low[index] = low;
    out.high[index] = high;
  }

  return { step };
}
