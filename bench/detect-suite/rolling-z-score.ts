/**
 * The reference detector: |value − mean| / standard deviation of the previous `window`
 * non-missing values. No seasonality, no robustness, no counts — what a first alerting script
 * usually does. Returns z per point (0 where missing or before the window has 3 values).
 */
export function rollingZScore(values: ArrayLike<number>, window: number): Float64Array {
  const n = values.length;
  const z = new Float64Array(n);
  const ring = new Float64Array(window);
  let count = 0;
  let head = 0;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const y = values[i] as number;
    if (!Number.isFinite(y)) continue;
    if (count >= 3) {
      const mean = sum / count;
      const variance = Math.max(0, sumSq / count - mean * mean) * (count / (count - 1));
      const sd = Math.sqrt(variance) + 1e-9 * (Math.abs(mean) + 1);
      z[i] = Math.abs(y - mean) / sd;
    }
    if (count === window) {
      const old = ring[head] as number;
      sum -= old;
      sumSq -= old * old;
    } else {
      count++;
    }
    ring[head] = y;
    head = (head + 1) % window;
    sum += y;
    sumSq += y * y;
  }
  return z;
}
