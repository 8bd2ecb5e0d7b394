import type { PromoWindow } from "../../src/domain/anomalies/detect-anomalies.ts";
import { createRandom, type Random } from "./random.ts";

export type IncidentKind = "level_shift" | "spike" | "dip" | "drift" | "drop_to_zero" | "variance_change";
export const INCIDENT_KINDS: readonly IncidentKind[] = [
  "level_shift",
  "spike",
  "dip",
  "drift",
  "drop_to_zero",
  "variance_change",
];

/**
 * An injected incident, points `[start, end)`: what a person would circle on the chart.
 * `size`: relative change of the level (−1 = to zero), or the noise multiplier for variance changes.
 */
export type Incident = { kind: IncidentKind; start: number; end: number; size: number };

export type Granularity = "day" | "hour" | "5min";

export type LabeledSeries = {
  name: string;
  granularity: Granularity;
  metric: string;
  start: number;
  intervalMs: number;
  /** NaN = missing. For rates: the numerators. */
  values: Float64Array;
  /** For rates: the denominators (sessions). */
  denominators?: Float64Array;
  promos: PromoWindow[];
  incidents: Incident[];
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Monday 2024-01-01 00:00 wall-clock. */
const START = Date.UTC(2024, 0, 1);

type Spec = { granularity: Granularity; intervalMs: number; points: number; burnIn: number; count: number };
const SPECS: Spec[] = [
  { granularity: "day", intervalMs: DAY, points: 730, burnIn: 35, count: 60 },
  { granularity: "hour", intervalMs: HOUR, points: 8 * 7 * 24, burnIn: 10 * 24, count: 60 },
  { granularity: "5min", intervalMs: 5 * 60_000, points: 21 * 288, burnIn: 4 * 288, count: 30 },
];

const METRICS: Record<Granularity, readonly string[]> = {
  day: ["orders", "revenue", "sessions", "ad_cost", "conversion_rate"],
  hour: ["sessions", "orders", "revenue", "conversion_rate"],
  "5min": ["sessions", "orders", "add_to_carts"],
};

/**
 * The labeled e-commerce suite: daily (2 years), hourly (8 weeks) and 5-minute (3 weeks)
 * series of sessions, orders, revenue, ad cost and conversion rate (with its session counts),
 * with trend, yearly, weekly and daily seasonality, a slowly wandering level, negative-binomial
 * noise, missing buckets and promos — and incidents of six shapes injected at random. Every
 * incident is large enough (in noise standard deviations) for a person to see on the chart.
 * Deterministic for a given seed.
 */
export function generateSuite(seed = 20261121): LabeledSeries[] {
  const rnd = createRandom(seed);
  const suite: LabeledSeries[] = [];
  for (const spec of SPECS) {
    for (let k = 0; k < spec.count; k++) {
      const metric = METRICS[spec.granularity][k % METRICS[spec.granularity].length] as string;
      suite.push(generateSeries(rnd, spec, metric, `${spec.granularity}-${metric}-${k}`));
    }
  }
  return suite;
}

type Shape = {
  /** Mean of the metric (for rates: of the sessions) at each point, before incidents. */
  mean: Float64Array;
  /** For rates: the conversion rate at each point. */
  rate?: Float64Array;
  dispersion: number;
  continuous: boolean;
};

function generateSeries(rnd: Random, spec: Spec, metric: string, name: string): LabeledSeries {
  const n = spec.points;
  const shape = baseShape(rnd, spec, metric);
  const promos = placePromos(rnd, spec, shape);
  const incidents = placeIncidents(rnd, spec, shape, promos);
  const isRate = metric === "conversion_rate";

  // Incidents change the mean (and the rate), then noise is drawn, then outages zero values.
  const mean = Float64Array.from(shape.mean);
  const rate = shape.rate ? Float64Array.from(shape.rate) : undefined;
  const noiseScale = new Float64Array(n).fill(1);
  const zeroed = new Uint8Array(n);
  for (const inc of incidents) applyIncident(inc, isRate ? (rate as Float64Array) : mean, noiseScale, zeroed);

  const values = new Float64Array(n);
  const denominators = isRate ? new Float64Array(n) : undefined;
  for (let i = 0; i < n; i++) {
    const mu = mean[i] as number;
    if (isRate && denominators && rate) {
      const sessions = rnd.negativeBinomial(mu, shape.dispersion);
      const p = Math.min(1, Math.max(0, (rate[i] as number) * Math.exp(0.08 * rnd.normal())));
      let orders = rnd.binomial(sessions, p);
      const expectedOrders = sessions * (shape.rate?.[i] as number);
      orders = Math.max(0, Math.round(expectedOrders + (orders - expectedOrders) * (noiseScale[i] as number)));
      denominators[i] = sessions;
      values[i] = zeroed[i] ? 0 : Math.min(orders, sessions);
      continue;
    }
    let y = shape.continuous
      ? mu * Math.exp(Math.sqrt(shape.dispersion) * rnd.normal() - shape.dispersion / 2)
      : rnd.negativeBinomial(mu, shape.dispersion);
    const s = noiseScale[i] as number;
    if (s !== 1) y = Math.max(0, mu + (y - mu) * s);
    if (!shape.continuous) y = Math.round(y);
    values[i] = zeroed[i] ? 0 : metric === "revenue" || metric === "ad_cost" ? Math.round(y * 100) / 100 : y;
  }
  punchMissing(rnd, spec, values, incidents);
  return {
    name,
    granularity: spec.granularity,
    metric,
    start: START,
    intervalMs: spec.intervalMs,
    values,
    ...(denominators ? { denominators } : {}),
    promos: promos.map(([a, b]) => ({ from: START + a * spec.intervalMs, to: START + b * spec.intervalMs })),
    incidents,
  };
}

/** Trend × yearly × weekly × within-day profile × a slowly wandering level. */
function baseShape(rnd: Random, spec: Spec, metric: string): Shape {
  const n = spec.points;
  const perDay = DAY / spec.intervalMs;
  const days = Math.ceil(n / perDay) + 1;
  const dailyScale: Record<string, [number, number]> = {
    sessions: [400, 60_000],
    orders: [15, 3000],
    revenue: [800, 150_000],
    ad_cost: [50, 20_000],
    conversion_rate: [150, 30_000],
    add_to_carts: [60, 8000],
  };
  const [lo, hi] = dailyScale[metric] ?? [100, 10_000];
  const perDayMean = Math.exp(rnd.uniform(Math.log(lo), Math.log(hi)));
  const growth = Math.log(1 + rnd.uniform(-0.2, 0.8)) / 365;
  const yearly = rnd.uniform(0, 0.25);
  const weekAmp = rnd.uniform(0.3, 2.5);
  const weekBase = [1.06, 1.04, 1.02, 1.0, 0.93, 0.88, 1.05].map(
    (w) => 1 + (w - 1) * weekAmp + rnd.uniform(-0.02, 0.02),
  );
  const walkSd = rnd.uniform(0.004, 0.02);
  const walk = new Float64Array(days + 1);
  for (let d = 1; d <= days; d++) walk[d] = 0.97 * (walk[d - 1] as number) + walkSd * rnd.normal();
  const peak = rnd.uniform(19, 22);
  const lunch = rnd.uniform(11.5, 14);
  const night = rnd.uniform(0.05, 0.3);
  const weekendShift = rnd.uniform(0.5, 2);
  const profile = (hour: number, weekend: boolean): number => {
    const h = weekend ? hour - weekendShift : hour;
    return (
      night +
      0.9 * Math.exp(-(((h - lunch) / 3.5) ** 2)) +
      1.1 * Math.exp(-(((h - peak) / 2.3) ** 2)) +
      0.5 * Math.exp(-(((h - 16) / 4) ** 2))
    );
  };
  let profileMean = 0;
  for (let m = 0; m < 1440; m++) profileMean += profile(m / 60, false) / 1440;

  const mean = new Float64Array(n);
  const rate = metric === "conversion_rate" ? new Float64Array(n) : undefined;
  const baseRate = rnd.uniform(0.008, 0.04);
  for (let i = 0; i < n; i++) {
    const t = START + (i + 0.5) * spec.intervalMs;
    const dayF = (t - START) / DAY;
    const d = Math.floor(dayF);
    const dow = (((Math.floor(t / DAY) + 3) % 7) + 7) % 7;
    const w = walk[d] as number;
    const wNext = walk[d + 1] as number;
    const wander = Math.exp(w + (wNext - w) * (dayF - d));
    const doy = (dayF + 0) % 365;
    const seasonal = 1 + yearly * Math.cos((2 * Math.PI * (doy - 350)) / 365);
    let value = perDayMean * Math.exp(growth * dayF) * seasonal * (weekBase[dow] as number) * wander;
    if (perDay > 1) {
      const hour = (((t % DAY) + DAY) % DAY) / HOUR;
      value *= profile(hour, dow >= 5) / profileMean / perDay;
    }
    mean[i] = value;
    if (rate) {
      const hour = (((t % DAY) + DAY) % DAY) / HOUR;
      const evening = perDay > 1 ? 1 + 0.25 * Math.cos((2 * Math.PI * (hour - 21)) / 24) : 1;
      rate[i] = baseRate * evening * (1 + 0.08 * ((weekBase[dow] as number) - 1));
    }
  }
  const continuous = metric === "revenue" || metric === "ad_cost";
  const dispersion = continuous ? rnd.uniform(0.003, 0.02) : rnd.uniform(0.002, 0.02);
  return { mean, ...(rate ? { rate } : {}), dispersion, continuous };
}

function placePromos(rnd: Random, spec: Spec, shape: Shape): Array<[number, number]> {
  const chance = spec.granularity === "day" ? 0.3 : spec.granularity === "hour" ? 0.2 : 0;
  if (!rnd.chance(chance)) return [];
  const perDay = Math.round(DAY / spec.intervalMs);
  const length = (spec.granularity === "day" ? rnd.int(3, 10) : rnd.int(1, 3)) * perDay;
  const startDay = rnd.int(Math.ceil(spec.burnIn / perDay), Math.floor((spec.points - length) / perDay) - 1);
  const start = startDay * perDay;
  const uplift = rnd.uniform(1.3, 2);
  const target = shape.rate ?? shape.mean;
  for (let i = start; i < start + length; i++) target[i] = (target[i] as number) * uplift;
  if (shape.rate) for (let i = start; i < start + length; i++) shape.mean[i] = (shape.mean[i] as number) * 1.2;
  return [[start, start + length]];
}

function placeIncidents(rnd: Random, spec: Spec, shape: Shape, promos: Array<[number, number]>): Incident[] {
  const wanted = spec.granularity === "day" ? rnd.int(2, 4) : rnd.int(1, 3);
  const placed: Incident[] = [];
  for (let attempt = 0; attempt < 200 && placed.length < wanted; attempt++) {
    const kind = rnd.pick(INCIDENT_KINDS);
    const length = incidentLength(rnd, spec, kind);
    const start = rnd.int(spec.burnIn, spec.points - length - 1);
    const end = start + length;
    const clear = Math.max(length, Math.round(DAY / spec.intervalMs));
    const overlaps = [...placed.map((p) => [p.start, p.end] as const), ...promos].some(
      ([a, b]) => start < b + clear && end + clear > a,
    );
    if (overlaps) continue;
    const size = incidentSize(rnd, kind, shape, start, end);
    if (size === undefined) continue;
    placed.push({ kind, start, end, size });
  }
  return placed.sort((a, b) => a.start - b.start);
}

function incidentLength(rnd: Random, spec: Spec, kind: IncidentKind): number {
  const g = spec.granularity;
  const pick = (day: [number, number], hour: [number, number], five: [number, number]): number => {
    const [a, b] = g === "day" ? day : g === "hour" ? hour : five;
    return rnd.int(a, b);
  };
  switch (kind) {
    case "spike":
      return pick([1, 1], [1, 1], [1, 2]);
    case "dip":
      return pick([1, 2], [1, 2], [1, 3]);
    case "level_shift":
      return pick([3, 14], [4, 36], [6, 72]);
    case "drift":
      return pick([7, 21], [18, 72], [48, 192]);
    case "drop_to_zero":
      return pick([1, 3], [2, 12], [6, 48]);
    case "variance_change":
      return pick([7, 21], [12, 48], [36, 144]);
  }
}

/**
 * How many noise standard deviations a relative change `m` of the level moves point i, in
 * variance-stabilised units for counts (2√y is ≈ unit-variance for Poisson counts), so that
 * "visible" means the same for 3 orders an hour as for 3,000 sessions.
 */
function effectSize(shape: Shape, i: number, m: number): number {
  const mu = shape.mean[i] as number;
  if (shape.rate) {
    const p = shape.rate[i] as number;
    return Math.abs(m * p) / Math.sqrt((p * (1 - p)) / Math.max(mu, 1) + (0.08 * p) ** 2);
  }
  if (shape.continuous) return Math.abs(m) / Math.sqrt(shape.dispersion);
  const moved = Math.max(0, mu * (1 + m));
  return (2 * Math.abs(Math.sqrt(moved + 0.375) - Math.sqrt(mu + 0.375))) / Math.sqrt(1 + shape.dispersion * mu);
}

/** How big the incident is; undefined when it could not be made visible at that place. */
function incidentSize(rnd: Random, kind: IncidentKind, shape: Shape, start: number, end: number): number | undefined {
  const meanEffect = (m: number): number => {
    let sum = 0;
    for (let i = start; i < end; i++) sum += effectSize(shape, i, m);
    return sum / (end - start);
  };
  const enoughCounts = (perPoint: number): boolean => {
    if (!shape.rate) return true;
    for (let i = start; i < end; i++)
      if ((shape.rate[i] as number) * (shape.mean[i] as number) < perPoint) return false;
    return true;
  };
  switch (kind) {
    case "spike": {
      for (const m of [rnd.uniform(0.6, 2.5), rnd.uniform(2.5, 5)]) if (meanEffect(m) >= 6 && enoughCounts(3)) return m;
      return undefined;
    }
    case "dip": {
      const m = rnd.uniform(0.45, 0.9);
      return meanEffect(-m) >= 5 && enoughCounts(5) ? -m : undefined;
    }
    case "level_shift": {
      const m = rnd.chance(0.7) ? -rnd.uniform(0.25, 0.6) : rnd.uniform(0.3, 0.8);
      return meanEffect(m) >= 3.5 ? m : undefined;
    }
    case "drift": {
      const m = rnd.chance(0.7) ? -rnd.uniform(0.3, 0.6) : rnd.uniform(0.4, 0.8);
      return effectSize(shape, end - 1, m) >= 5 ? m : undefined;
    }
    case "drop_to_zero": {
      if (!shape.rate) return meanEffect(-1) >= 5 ? -1 : undefined;
      // Zero orders must be improbable: at least 8 expected over the outage (P ≈ 0.03 %).
      let expectedOrders = 0;
      for (let i = start; i < end; i++) expectedOrders += (shape.rate[i] as number) * (shape.mean[i] as number);
      return expectedOrders >= 8 ? -1 : undefined;
    }
    case "variance_change": {
      // Only where noise is more than counting noise (at least ~10 counts a point).
      if (shape.rate || (!shape.continuous && (shape.mean[start] as number) < 10)) return undefined;
      return rnd.uniform(3, 5);
    }
  }
}

function applyIncident(inc: Incident, target: Float64Array, noise: Float64Array, zeroed: Uint8Array): void {
  const size = inc.size;
  const len = inc.end - inc.start;
  for (let i = inc.start; i < inc.end; i++) {
    const k = i - inc.start;
    switch (inc.kind) {
      case "spike":
      case "dip":
      case "level_shift":
        target[i] = (target[i] as number) * (1 + size);
        break;
      case "drift": {
        // Ramp over the first two thirds of the window, then hold until it is fixed.
        const ramp = Math.min(1, (k + 1) / Math.max(1, Math.round((len * 2) / 3)));
        target[i] = (target[i] as number) * (1 + size * ramp);
        break;
      }
      case "drop_to_zero":
        zeroed[i] = 1;
        break;
      case "variance_change":
        noise[i] = size;
        break;
    }
  }
}

/** Missing buckets (failed pulls, late processing) — never inside an incident, which must stay visible. */
function punchMissing(rnd: Random, spec: Spec, values: Float64Array, incidents: readonly Incident[]): void {
  const scattered = spec.granularity === "5min" ? 0.005 : 0.01;
  const inIncident = (i: number) => incidents.some((inc) => i >= inc.start && i < inc.end);
  for (let i = 0; i < values.length; i++) if (rnd.chance(scattered) && !inIncident(i)) values[i] = Number.NaN;
  if (rnd.chance(0.3)) {
    const len =
      spec.granularity === "day" ? rnd.int(1, 3) : spec.granularity === "hour" ? rnd.int(2, 8) : rnd.int(6, 36);
    const at = rnd.int(0, values.length - len);
    for (let i = at; i < at + len; i++) if (!inIncident(i)) values[i] = Number.NaN;
  }
}
