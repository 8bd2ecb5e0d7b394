/**
 * One seasonal pattern (time of day, day of week, hour of week) as the ratio of a slot's
 * running mean to the running mean of all points — or their difference, for additive series.
 * A ratio of data means needs no level estimate, so it is right after one cycle and cannot
 * get stuck on the detector's own early mistakes. A point may feed two neighbouring slots
 * (weights 1 − w and w) so that a coarse profile still follows a steep morning ramp.
 */
export type SeasonalComponent = {
  /** The learned factor (1 or 0 = no effect) at slot `a` blended with slot `b` by weight `w`. */
  raw(a: number, b: number, w: number): number;
  /** The same, each slot shrunk toward no effect by how much of it noise could explain. */
  effective(a: number, b: number, w: number): number;
  /** Learns from `x`, the observation with the other components divided (or subtracted) out. */
  learn(x: number, a: number, b: number, w: number, weight: number): void;
  /** Re-evaluates every slot's shrunk factor (they drift as the overall mean and noise move). */
  refresh(): void;
  /** Forgets everything and switches to additive offsets (the series went negative). */
  resetAdditive(): void;
};

/**
 * `slots`: number of slots; `slotMemory`: how many observations (weights) of a slot the
 * running mean remembers (the overall mean remembers `slots` times as many, the same span of
 * time); `maxFactor` caps a multiplicative factor (a correction should stay a correction).
 */
export function createSeasonalComponent(
  slots: number,
  slotMemory: number,
  maxFactor = Number.POSITIVE_INFINITY,
): SeasonalComponent {
  return new Seasonal(slots, slotMemory, maxFactor);
}

// A class rather than closures: thousands of series each get their own component, and V8 only
// inlines and keeps numbers unboxed for methods shared on a prototype (2× faster here).
class Seasonal implements SeasonalComponent {
  private readonly slotMean: Float64Array;
  private readonly slotWeight: Float64Array;
  /** shrunk() per slot, refreshed when the slot learns and by refresh(). */
  private readonly cached: Float64Array;
  private readonly overallMemory: number;
  private readonly countCap: number;
  // Divisions are the slow part of this hot path: multiply by inverses where they are fixed.
  private readonly inverseSlotMemory: number;
  private readonly inverseOverallMemory: number;
  private readonly inverseCountCap: number;
  private overall = 0;
  private inverseOverall = 0;
  private overallWeight = 0;
  /** Running variance of one observation's (relative) deviation from its slot's factor. */
  private noise = 0;
  private multiplicative = true;
  private neutral = 1;

  constructor(
    private readonly slots: number,
    private readonly slotMemory: number,
    private readonly maxFactor: number,
  ) {
    this.slotMean = new Float64Array(slots);
    this.slotWeight = new Float64Array(slots);
    this.cached = new Float64Array(slots).fill(1);
    this.overallMemory = slotMemory * slots;
    this.countCap = 2 * slotMemory;
    this.inverseSlotMemory = 1 / slotMemory;
    this.inverseOverallMemory = 1 / this.overallMemory;
    this.inverseCountCap = 1 / this.countCap;
  }

  private factor(j: number): number {
    if (!((this.slotWeight[j] as number) > 0)) return this.neutral;
    if (!this.multiplicative) return (this.slotMean[j] as number) - this.overall;
    if (!(this.overall > 1e-12)) return this.neutral;
    const f = (this.slotMean[j] as number) * this.inverseOverall;
    return Math.min(f, this.maxFactor);
  }

  raw(a: number, b: number, w: number): number {
    return w === 0 ? this.factor(a) : this.factor(a) * (1 - w) + this.factor(b) * w;
  }

  /**
   * A slot's effect, kept only as far as it stands out from the noise of its own estimate
   * (positive-part shrinkage per slot): a weekend-evening bump survives even when most slots
   * of the week are plain, and a series without seasonality gets next to none.
   */
  private shrunk(j: number): number {
    const n = this.slotWeight[j] as number;
    if (!(n > 0)) return this.neutral;
    const e = this.factor(j) - this.neutral;
    const variance = n < this.countCap ? this.noise / n : this.noise * this.inverseCountCap;
    const e2 = e * e;
    return e2 > variance ? this.neutral + e * (1 - variance / e2) : this.neutral;
  }

  effective(a: number, b: number, w: number): number {
    const c = this.cached;
    return w === 0 ? (c[a] as number) : (c[a] as number) * (1 - w) + (c[b] as number) * w;
  }

  refresh(): void {
    for (let j = 0; j < this.slots; j++) this.cached[j] = this.shrunk(j);
  }

  private learnSlot(j: number, x: number, weight: number): void {
    if (weight <= 0) return;
    const n = (this.slotWeight[j] as number) + weight;
    this.slotWeight[j] = n;
    const gamma = n < this.slotMemory ? weight / n : weight * this.inverseSlotMemory;
    this.slotMean[j] = (this.slotMean[j] as number) + Math.min(gamma, 1) * (x - (this.slotMean[j] as number));
  }

  learn(x: number, a: number, b: number, w: number, weight: number): void {
    if (!Number.isFinite(x) || weight <= 0) return;
    const before = this.raw(a, b, w);
    this.learnSlot(a, x, (1 - w) * weight);
    if (w > 0) this.learnSlot(b, x, w * weight);
    this.overallWeight += weight;
    const gamma =
      this.overallWeight < this.overallMemory ? weight / this.overallWeight : weight * this.inverseOverallMemory;
    this.overall += gamma * (x - this.overall);
    this.inverseOverall = this.overall > 1e-12 ? 1 / this.overall : 0;
    if (this.multiplicative && !(this.overall > 1e-12)) return;
    const e = this.multiplicative ? x * this.inverseOverall - before : x - this.overall - before;
    const e2 = e * e;
    const capped = this.noise > 0 && e2 > 16 * this.noise ? 16 * this.noise : e2;
    this.noise += gamma * (capped - this.noise);
    this.cached[a] = this.shrunk(a);
    if (w > 0) this.cached[b] = this.shrunk(b);
  }

  resetAdditive(): void {
    this.slotMean.fill(0);
    this.slotWeight.fill(0);
    this.cached.fill(0);
    this.overall = 0;
    this.inverseOverall = 0;
    this.overallWeight = 0;
    this.noise = 0;
    this.multiplicative = false;
    this.neutral = 0;
  }
}
