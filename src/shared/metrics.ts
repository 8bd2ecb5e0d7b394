import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * Prometheus metrics of one process, served at GET /metrics. One registry per process (not
 * prom-client's global one), so tests and several apps in one process don't collide.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "shopops_" });
  const make = {
    counter: <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
      new Counter<L>({ name, help, labelNames, registers: [registry] }),
  };
  return {
    registry,
    slackRequests: make.counter("shopops_slack_requests_total", "Slack requests handled", ["kind"] as const),
    ackLatency: new Histogram<"kind">({
      name: "shopops_slack_ack_seconds",
      help: "Time from receiving a Slack request to acknowledging it",
      labelNames: ["kind"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    slackErrors: make.counter("shopops_slack_errors_total", "Slack Web API errors", ["method"] as const),
    pulls: make.counter("shopops_pulls_total", "Source pulls by outcome", ["source", "outcome"] as const),
    googleErrors: make.counter("shopops_source_errors_total", "Google and Meta API errors", [
      "source",
      "kind",
    ] as const),
    digests: make.counter("shopops_digests_total", "Digest deliveries by outcome", ["outcome"] as const),
    alerts: make.counter("shopops_alerts_total", "Alerts raised by kind", ["kind"] as const),
  };
}
