import { Agent, request } from "node:http";
import { createServer } from "node:net";
import { createSlackSender } from "../test/support/slack-requests.ts";

/** What the Slack-facing benchmarks send: `/shopops help`, signed as Slack signs it. */
export type CommandLoad = { appUrl: string; signingSecret: string; responseUrl: string };

/** Sends signed commands to one app over its own pool of kept-alive connections. */
export type CommandLoader = {
  /**
   * Sends `total` signed `/shopops help` slash commands with `concurrency` in flight and
   * returns each one's acknowledgement time (request sent → response body read), in ms.
   * A non-200 answer throws: a refused request has no meaningful latency.
   */
  send(total: number): Promise<number[]>;
  close(): void;
};

/**
 * Plain node:http over `concurrency` kept-alive connections, reused from block to block: the
 * load generator shares the process (and the machine) with what it measures, and fetch costs
 * several times more CPU per request.
 */
export function createCommandLoader(load: CommandLoad, concurrency: number): CommandLoader {
  const sign = createSlackSender(load).sign;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const url = new URL("/slack/events", load.appUrl);
  let sent = 0;
  return {
    async send(total) {
      const latencies: number[] = [];
      let next = 0;
      const worker = async () => {
        while (next < total) {
          next++;
          const body = commandBody(load.responseUrl, ++sent);
          const started = performance.now();
          const status = await post(url, agent, body, sign(body));
          latencies.push(performance.now() - started);
          if (status !== 200) throw new Error(`${load.appUrl} answered ${status}`);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      return latencies;
    },
    close: () => agent.destroy(),
  };
}

/** The form body Slack posts for `/shopops help` (as test/support/slack-requests.ts builds it). */
function commandBody(responseUrl: string, n: number): string {
  return new URLSearchParams({
    token: "legacy",
    team_id: "T0TEST",
    team_domain: "test",
    channel_id: "C0GENERAL",
    channel_name: "general",
    user_id: "U0MANAGER",
    user_name: "u0manager",
    command: "/shopops",
    text: "help",
    api_app_id: "A0SHOPOPS",
    is_enterprise_install: "false",
    response_url: responseUrl,
    trigger_id: `trigger.${n}`,
  }).toString();
}

function post(url: URL, agent: Agent, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          ...headers,
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The p-th percentile (0..100) by nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** A port free on 127.0.0.1 right now, for a process that must be told its port up front. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export const ms = (v: number) => `${v.toFixed(1)} ms`;
export const ratio = (v: number) => `${v.toFixed(2)}×`;
