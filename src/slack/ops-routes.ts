import type { IncomingMessage, ServerResponse } from "node:http";
import type { CustomRoute } from "@slack/bolt";
import type { Deps } from "../deps.ts";
import { checkReadiness } from "../domain/health/check-readiness.ts";
import { VERSION } from "../shared/version.ts";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * GET /healthz (liveness: the process answers, with the database's state for humans),
 * /readyz (200 only when the database answers and no migration is pending) and /metrics
 * (Prometheus text). Served next to /slack/events in HTTP mode and on PORT in Socket Mode.
 */
export function createOpsRoutes(deps: Pick<Deps, "db" | "metrics" | "logger">): CustomRoute[] {
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const route = (path: string, handler: (res: ServerResponse) => Promise<void>): CustomRoute => ({
    path,
    method: ["GET"],
    handler: ((_req, res) => {
      handler(res).catch((error: unknown) => {
        deps.logger.error({ err: error, path }, "ops route failed");
        if (!res.headersSent) json(res, 500, { status: "error" });
      });
    }) satisfies Handler,
  });
  return [
    route("/healthz", async (res) => {
      const state = await checkReadiness(deps.db);
      json(res, 200, { status: "ok", version: VERSION, database: state.database });
    }),
    route("/readyz", async (res) => {
      const state = await checkReadiness(deps.db);
      json(res, state.ready ? 200 : 503, state);
    }),
    route("/metrics", async (res) => {
      res.writeHead(200, { "content-type": deps.metrics.registry.contentType });
      res.end(await deps.metrics.registry.metrics());
    }),
  ];
}
