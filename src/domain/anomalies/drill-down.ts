/** One dimension value's figures for the anomalous bucket, e.g. channel group "Paid Search". */
export type SegmentFigures = {
  value: string;
  actual: number;
  expected: number;
  /**
   * What moved inside the segment, e.g. `{ metric: "transactions", actual: 3, expected: 28 }`
   * under revenue. The one that moved most in the KPI's direction is reported with it.
   */
  drivers?: ReadonlyArray<{ metric: string; actual: number; expected: number }>;
};

export type DrillDownInput = {
  /** The KPI as a whole (e.g. shop revenue): actual and expected for the anomalous bucket. */
  actual: number;
  expected: number;
  /** Each dimension's breakdown of the same KPI: channel group, campaign, device, source… */
  dimensions: ReadonlyArray<{ dimension: string; segments: readonly SegmentFigures[] }>;
};

export type DrillDownItem = {
  dimension: string;
  value: string;
  actual: number;
  expected: number;
  /** actual − expected. */
  deviation: number;
  /** This value's share of the KPI's deviation (0.81 = "accounts for 81 % of the drop"); may pass 1 when other values moved the other way. */
  share: number;
  /** actual / expected − 1 (−0.89 = "fell 89 %"); NaN when nothing was expected. */
  change: number;
  driver?: { metric: string; actual: number; expected: number; change: number };
};

export type DrillDown = {
  /** The KPI's actual − expected. */
  deviation: number;
  direction: "up" | "down";
  /** The dimension whose values explain the deviation most compactly; undefined when none does. */
  dimension: string | undefined;
  /** The values that explain it, largest share first (at most `maxItems`). */
  items: DrillDownItem[];
  /** Sum of the items' shares. */
  explained: number;
};

export type DrillDownOptions = {
  /** At most this many values (default 3). */
  maxItems?: number;
  /** A value must explain at least this share to be listed (default 0.15). */
  minShare?: number;
  /** Stop listing once this much is explained (default 0.8). */
  enough?: number;
};

/**
 * The dimension values that explain most of a KPI's deviation from expected: e.g. revenue
 * −11,600 of which Paid Search −9,400 (81 %), where transactions fell to 3 from about 28.
 * Additive KPIs (revenue, sessions, orders, spend): each value's deviation is its share of the
 * total's. Of all dimensions, the one where the fewest values explain the most wins (the top
 * value's share, then the listed values' together). Returns data, never wording.
 */
export function drillDown(input: DrillDownInput, options: DrillDownOptions = {}): DrillDown {
  const maxItems = options.maxItems ?? 3;
  const minShare = options.minShare ?? 0.15;
  const enough = options.enough ?? 0.8;
  const deviation = input.actual - input.expected;
  const direction = deviation >= 0 ? "up" : "down";
  const empty: DrillDown = { deviation, direction, dimension: undefined, items: [], explained: 0 };
  if (!(Math.abs(deviation) > 0)) return empty;

  let best: DrillDown = empty;
  for (const { dimension, segments } of input.dimensions) {
    const ranked = segments
      .map((s) => toItem(dimension, s, deviation))
      .filter((item) => item.share >= minShare)
      .sort((a, b) => b.share - a.share);
    const items: DrillDownItem[] = [];
    let explained = 0;
    for (const item of ranked) {
      if (items.length >= maxItems || explained >= enough) break;
      items.push(item);
      explained += item.share;
    }
    if (items.length === 0) continue;
    const top = items[0]?.share ?? 0;
    const bestTop = best.items[0]?.share ?? 0;
    if (top > bestTop || (top === bestTop && explained > best.explained)) {
      best = { deviation, direction, dimension, items, explained };
    }
  }
  return best;
}

function toItem(dimension: string, s: SegmentFigures, total: number): DrillDownItem {
  const deviation = s.actual - s.expected;
  const item: DrillDownItem = {
    dimension,
    value: s.value,
    actual: s.actual,
    expected: s.expected,
    deviation,
    share: deviation / total,
    change: relativeChange(s.actual, s.expected),
  };
  const driver = strongestDriver(s.drivers ?? [], Math.sign(total));
  return driver ? { ...item, driver } : item;
}

/** The driver that moved most (relatively) in the KPI's direction. */
function strongestDriver(
  drivers: ReadonlyArray<{ metric: string; actual: number; expected: number }>,
  sign: number,
): DrillDownItem["driver"] {
  let best: DrillDownItem["driver"];
  for (const d of drivers) {
    const change = relativeChange(d.actual, d.expected);
    if (!(Math.sign(change) === sign)) continue;
    if (!best || Math.abs(change) > Math.abs(best.change)) best = { ...d, change };
  }
  return best;
}

function relativeChange(actual: number, expected: number): number {
  return expected !== 0 ? actual / expected - 1 : Number.NaN;
}
