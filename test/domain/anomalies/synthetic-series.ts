/** Seeded synthetic series for the detector's tests (deterministic, no Math.random). */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** Monday 2024-01-01 00:00 wall-clock. */
export const MONDAY = Date.UTC(2024, 0, 1);

export function seeded(seed: number): { next(): number; normal(): number; poisson(mean: number): number } {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(Math.max(next(), 1e-12))) * Math.cos(2 * Math.PI * next());
  const poisson = (mean: number) => {
    if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
    let k = 0;
    let p = next();
    const limit = Math.exp(-mean);
    while (p > limit) {
      k++;
      p *= next();
    }
    return k;
  };
  return { next, normal, poisson };
}

/** Weekday factors Monday..Sunday of a shop that sells less at the weekend. */
export const WEEKLY = [1.1, 1.05, 1.0, 1.0, 0.95, 0.7, 0.8];

/** Daily orders: weekly pattern, optional growth per day, ~4 % noise. */
export function dailySeries(days: number, seed = 1, options: { level?: number; growth?: number } = {}): number[] {
  const rnd = seeded(seed);
  const level = options.level ?? 1000;
  return Array.from({ length: days }, (_, d) => {
    const mean = level * (WEEKLY[d % 7] as number) * (1 + (options.growth ?? 0)) ** d;
    return Math.round(mean * (1 + 0.04 * rnd.normal()));
  });
}

/** Share of a day's traffic in each hour: quiet nights, an evening peak. */
export function hourProfile(hour: number): number {
  return 0.15 + 0.9 * Math.exp(-(((hour - 13) / 3.5) ** 2)) + 1.1 * Math.exp(-(((hour - 20.5) / 2.3) ** 2));
}

/** Hourly sessions (Poisson) with a daily profile and the weekly pattern. */
export function hourlySeries(days: number, seed = 2, perHour = 200): number[] {
  const rnd = seeded(seed);
  return Array.from({ length: days * 24 }, (_, i) => {
    const day = Math.floor(i / 24);
    return rnd.poisson(perHour * hourProfile(i % 24) * (WEEKLY[day % 7] as number));
  });
}
