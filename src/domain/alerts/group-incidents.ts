import { wallClockMs } from "../anomalies/detect-anomalies.ts";
import type { AlertRecord } from "./alert-store.ts";
import { type Finding, type Incident, maxSeverity } from "./incident.ts";

const RANK = { info: 0, warning: 1, critical: 2 } as const;
const WINDOWED = new Set<Finding["kind"]>(["anomaly", "tracking_outage"]);

type Span = { granularity: Finding["granularity"]; from: string; to: string };

/**
 * Findings → incidents, one Slack message each. KPI anomalies (and a tracking outage) of the
 * same granularity whose spans overlap or touch are one incident: revenue, orders and
 * conversion rate falling in the same hours are one story. An incident keeps the key of the
 * unresolved alert whose window it continues, so the same message is updated as it evolves.
 * Data-quality findings are one incident per source, or per day and kind.
 */
export function groupIncidents(findings: Finding[], unresolved: AlertRecord[]): Incident[] {
  const incidents: Incident[] = [];
  const clusters: Array<Span & { findings: Finding[] }> = [];
  const windowed = findings.filter((f) => WINDOWED.has(f.kind)).sort((a, b) => a.from.localeCompare(b.from));
  for (const f of windowed) {
    const cluster = clusters.find((c) => c.granularity === f.granularity && touches(c, f));
    if (cluster) {
      cluster.findings.push(f);
      if (f.to > cluster.to) cluster.to = f.to;
    } else clusters.push({ granularity: f.granularity, from: f.from, to: f.to, findings: [f] });
  }
  const taken = new Set<number>();
  for (const cluster of clusters) {
    const previous = unresolved.find((a) => !taken.has(a.id) && WINDOWED.has(a.kind) && touchesAlert(a, cluster));
    if (previous) taken.add(previous.id);
    incidents.push({
      key: previous?.incidentKey ?? `kpi:${cluster.granularity}:${cluster.from}`,
      kind: cluster.findings.some((f) => f.kind === "tracking_outage") ? "tracking_outage" : "anomaly",
      severity: maxSeverity(cluster.findings.map((f) => f.severity)),
      details: { findings: ordered(cluster.findings), recovered: [] },
    });
  }

  const byKey = new Map<string, Finding[]>();
  for (const f of findings.filter((x) => !WINDOWED.has(x.kind))) {
    const key = f.kind === "stale_source" ? `stale:${f.subject ?? f.metric}` : `${f.kind}:${f.from}`;
    byKey.set(key, [...(byKey.get(key) ?? []), f]);
  }
  for (const [key, group] of byKey) {
    incidents.push({
      key,
      kind: group[0]?.kind ?? "anomaly",
      severity: maxSeverity(group.map((f) => f.severity)),
      details: { findings: ordered(group), recovered: [] },
    });
  }
  return incidents;
}

/** The window an incident covers: its findings' earliest start and latest end. */
export function spanOf(findings: Finding[]): Span | undefined {
  const first = findings[0];
  if (!first) return undefined;
  return {
    granularity: first.granularity,
    // Buckets of one granularity sort as text.
    from: findings.map((f) => f.from).sort()[0] ?? first.from,
    to:
      findings
        .map((f) => f.to)
        .sort()
        .at(-1) ?? first.to,
  };
}

function touchesAlert(alert: AlertRecord, span: Span): boolean {
  const own = spanOf(alert.details.findings);
  return own !== undefined && own.granularity === span.granularity && touches(own, span);
}

/** Overlapping or adjacent (the next bucket starts where the other ends). */
function touches(a: Span, b: Span): boolean {
  return b.from <= next(a) && a.from <= next(b);
}

function next(span: Span): string {
  if (span.granularity === "minute") return span.to;
  const step = span.granularity === "day" ? 86_400_000 : 3_600_000;
  const iso = new Date(wallClockMs(span.to) + step).toISOString();
  return span.granularity === "day" ? iso.slice(0, 10) : iso.slice(0, 13);
}

function ordered(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => RANK[b.severity] - RANK[a.severity] || b.score - a.score);
}
