import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";

/**
 * The baseline of the ack and memory benchmarks: the smallest Bolt app that answers
 * `/shopops` the way ShopOps does (ack, then an ephemeral reply through response_url), in
 * HTTP mode with a `/readyz` route, and nothing else: no database, config, metrics or jobs.
 */
export type BareBoltOptions = { signingSecret: string; token: string; slackApiUrl: string; port: number; host: string };

export async function startBareBoltApp(options: BareBoltOptions): Promise<{ port: number; stop(): Promise<void> }> {
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: "/slack/events",
    processBeforeResponse: false,
    customRoutes: [
      {
        path: "/readyz",
        method: ["GET"],
        handler: (_req, res) => {
          res.writeHead(200, { "content-type": "application/json" });
          res.end('{"ready":true}');
        },
      },
    ],
  });
  const app = new App({
    token: options.token,
    receiver,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: options.slackApiUrl },
  });
  app.command("/shopops", async ({ ack, respond }) => {
    await ack();
    await respond({ response_type: "ephemeral", text: "Usage: /shopops help" });
  });
  const server = await app.start({ port: options.port, host: options.host });
  return { port: (server.address() as AddressInfo).port, stop: () => app.stop().then(() => undefined) };
}

// As a script (the memory benchmark spawns it): the same environment variables as ShopOps.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const env = process.env;
  startBareBoltApp({
    signingSecret: env.SLACK_SIGNING_SECRET ?? "",
    token: env.SLACK_BOT_TOKEN ?? "",
    slackApiUrl: env.SLACK_API_URL ?? "https://slack.com/api/",
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? "127.0.0.1",
  }).then(
    (started) => {
      console.log(JSON.stringify({ msg: "bare Bolt app ready", port: started.port }));
      process.on("SIGTERM", () => void started.stop().then(() => process.exit(0)));
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
