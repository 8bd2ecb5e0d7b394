import type { Incident } from "./generate-suite.ts";

export type EventTally = {
  labels: number;
  detectedLabels: number;
  /** Detected events that overlap an incident. */
  matchedDetections: number;
  /** Detected events that overlap no incident (and no promo). */
  falsePositives: number;
  /** Per detected incident: points from its start to the first anomalous point. */
  delays: number[];
  /** Per incident kind: [detected, total]. */
  byKind: Record<string, [number, number]>;
};

export function emptyTally(): EventTally {
  return { labels: 0, detectedLabels: 0, matchedDetections: 0, falsePositives: 0, delays: [], byKind: {} };
}

/**
 * Event-level matching. An incident `[start, end)` counts as detected when a detected event
 * `[s, e]` overlaps `[start, end + slack)`, slack = max(1, 10 % of its length) — a detection
 * a bucket late is still a detection. Events inside a promo window are neither right nor wrong
 * (the rolling z-score cannot be told about promos, so they are left out for both detectors).
 */
export function tallyEvents(
  spans: ReadonlyArray<readonly [number, number]>,
  incidents: readonly Incident[],
  promos: ReadonlyArray<readonly [number, number]>,
  into: EventTally = emptyTally(),
): EventTally {
  const windows = incidents.map((inc) => [inc.start, inc.end + Math.max(1, Math.ceil(0.1 * (inc.end - inc.start)))]);
  const firstHit = new Array<number>(incidents.length).fill(-1);
  for (const [s, e] of spans) {
    let matched = false;
    windows.forEach(([a, b], k) => {
      if (s < (b as number) && e >= (a as number)) {
        matched = true;
        const hit = Math.max(s, a as number);
        if (firstHit[k] === -1 || hit < (firstHit[k] as number)) firstHit[k] = hit;
      }
    });
    if (matched) into.matchedDetections++;
    else if (!promos.some(([a, b]) => s < b && e >= a)) into.falsePositives++;
  }
  incidents.forEach((inc, k) => {
    const kind = into.byKind[inc.kind] ?? [0, 0];
    into.byKind[inc.kind] = kind;
    kind[1]++;
    into.labels++;
    if ((firstHit[k] as number) >= 0) {
      kind[0]++;
      into.detectedLabels++;
      into.delays.push((firstHit[k] as number) - inc.start);
    }
  });
  return into;
}

export function mergeTally(a: EventTally, b: EventTally): EventTally {
  const byKind: Record<string, [number, number]> = { ...a.byKind };
  for (const [k, [d, t]] of Object.entries(b.byKind)) {
    const cur = byKind[k] ?? [0, 0];
    byKind[k] = [cur[0] + d, cur[1] + t];
  }
  return {
    labels: a.labels + b.labels,
    detectedLabels: a.detectedLabels + b.detectedLabels,
    matchedDetections: a.matchedDetections + b.matchedDetections,
    falsePositives: a.falsePositives + b.falsePositives,
    delays: [...a.delays, ...b.delays],
    byKind,
  };
}

export type EventMetrics = { precision: number; recall: number; f1: number; falsePositives: number; meanDelay: number };

export function metricsOf(t: EventTally): EventMetrics {
  const detections = t.matchedDetections + t.falsePositives;
  const precision = detections === 0 ? 1 : t.matchedDetections / detections;
  const recall = t.labels === 0 ? 1 : t.detectedLabels / t.labels;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const meanDelay = t.delays.length === 0 ? 0 : t.delays.reduce((s, d) => s + d, 0) / t.delays.length;
  return { precision, recall, f1, falsePositives: t.falsePositives, meanDelay };
}
