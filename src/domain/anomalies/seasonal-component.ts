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
  const slotMean = new Float64Array(slots);
  const slotWeight = new Float64Array(slots);
  /** shrunk() per slot, refreshed when the slot learns and by refresh() (the detector calls it daily). */
  const cached = new Float64Array(slots).fill(1);
  // Numbers in an object's fields stay unboxed; in closure variables each write re-boxes them.
  const state = {
    overall: 0,
    inverseOverall: 0,
    overallWeight: 0,
    noise: 0,
    multiplicative: true,
    neutral: 1,
  };
  // Running variance of one observation's relative deviation from its slot's factor.
  const overallMemory = slotMemory * slots;
  const countCap = 2 * slotMemory;

  function factor(j: number): number {
    if (!((slotWeight[j] as number) > 0)) return state.neutral;
    if (!state.multiplicative) return (slotMean[j] as number) - state.overall;
    if (!(state.overall > 1e-12)) return state.neutral;
    const f = (slotMean[j] as number) * state.inverseOverall;
    return f < maxFactor ? f : maxFactor;
  }

  function raw(a: number, b: number, w: number): number {
    return w === 0 ? factor(a) : factor(a) * (1 - w) + factor(b) * w;
  }

  /**
   * A slot's effect, kept only as far as it stands out from the noise of its own estimate
   * (positive-part shrinkage per slot): a weekend-evening bump survives even when most slots
   * of the week are plain, and a series without seasonality gets next to none.
   */
  function shrunk(j: number): number {
    const n = slotWeight[j] as number;
    if (!(n > 0)) return state.neutral;
    const e = factor(j) - state.neutral;
    const variance = state.noise / (n < countCap ? n : countCap);
    const e2 = e * e;
    return e2 > variance ? state.neutral + e * (1 - variance / e2) : state.neutral;
  }

  function effective(a: number, b: number, w: number): number {
    return w === 0 ? (cached[a] as number) : (cached[a] as number) * (1 - w) + (cached[b] as number) * w;
  }

  function refresh(): void {
    for (let j = 0; j < slots; j++) cached[j] = shrunk(j);
  }

  function learnSlot(j: number, x: number, weight: number): void {
    if (weight <= 0) return;
    const n = (slotWeight[j] as number) + weight;
    slotWeight[j] = n;
    const gamma = n < slotMemory ? weight / n : weight / slotMemory;
    slotMean[j] = (slotMean[j] as number) + (gamma < 1 ? gamma : 1) * (x - (slotMean[j] as number));
  }

  function learn(x: number, a: number, b: number, w: number, weight: number): void {
    if (!Number.isFinite(x) || weight <= 0) return;
    const before = raw(a, b, w);
    learnSlot(a, x, (1 - w) * weight);
    if (w > 0) learnSlot(b, x, w * weight);
    state.overallWeight += weight;
    const gamma = state.overallWeight < overallMemory ? weight / state.overallWeight : weight / overallMemory;
    state.overall += gamma * (x - state.overall);
    state.inverseOverall = state.overall > 1e-12 ? 1 / state.overall : 0;
    if (state.multiplicative && !(state.overall > 1e-12)) return;
    const e = state.multiplicative ? x * state.inverseOverall - before : x - state.overall - before;
    const e2 = e * e;
    const capped = state.noise > 0 && e2 > 16 * state.noise ? 16 * state.noise : e2;
    state.noise += gamma * (capped - state.noise);
    cached[a] = shrunk(a);
    if (w > 0) cached[b] = shrunk(b);
  }

  function resetAdditive(): void {
    slotMean.fill(0);
    slotWeight.fill(0);
    cached.fill(0);
    state.overall = 0;
    state.inverseOverall = 0;
    state.overallWeight = 0;
    state.noise = 0;
    state.multiplicative = false;
    state.neutral = 0;
  }

  return { raw, effective, learn, refresh, resetAdditive };
}
