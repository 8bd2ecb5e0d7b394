import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "../../src/config/load-config.ts";
import { createDb, type Db } from "../../src/db/create-db.ts";
import { systemClock } from "../../src/shared/clock.ts";
import { createLogger } from "../../src/shared/logger.ts";
import { createMetrics } from "../../src/shared/metrics.ts";
import { createSlackApp, type SlackApp } from "../../src/slack/create-slack-app.ts";
import { buildShop } from "../builders/shop.ts";
import { type FakeSlack, startFakeSlack } from "../fakes/fake-slack.ts";
import { TEST_BOT_TOKEN } from "../support/app-harness.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";

/** A port that was free a moment ago: Socket Mode's ops server needs a fixed PORT. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe("the Slack app in Socket Mode", () => {
  let database: TestDatabase;
  let db: Db;
  let slack: FakeSlack;
  let app: SlackApp;
  let port: number;

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    db = await createDb(database.url);
    slack = await startFakeSlack();
    const env = parseEnv({
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_APP_TOKEN: "xapp-1-A0SHOPOPS-test-app-token",
      SLACK_API_URL: slack.apiUrl,
      PORT: String(await freePort()),
      DATABASE_URL: database.url,
    });
    expect(env.SLACK_MODE).toBe("socket");
    app = createSlackApp({
      config: { env, shops: [buildShop()] },
      db,
      clock: systemClock,
      logger: createLogger({ level: "silent" }),
      sources: [],
      metrics: createMetrics(),
      instanceId: "socket-test",
    });
    ({ port } = await app.start());
    await slack.socket.connected();
  });
  afterAll(async () => {
    await app?.stop();
    await slack?.close();
    await db?.close();
    await database?.drop();
  });

  it("opens its connection with the app-level token through SLACK_API_URL", () => {
    const [open] = slack.callsTo("apps.connections.open");
    expect(open?.token).toBe("xapp-1-A0SHOPOPS-test-app-token");
  });

  it("acknowledges a slash command envelope and answers through its response_url", async () => {
    await slack.socket.deliver("slash_commands", {
      command: "/task",
      text: "help",
      user_id: "U0MANAGER",
      channel_id: "C0GENERAL",
      team_id: "T0TEST",
      response_url: slack.responseUrl(),
      trigger_id: "trigger.1",
    });
    const [reply] = await slack.waitFor("response_url");
    expect(reply?.body).toMatchObject({ response_type: "ephemeral" });
    expect(String(reply?.body.text)).toContain("/task add");
  });

  it("serves /healthz on PORT next to the socket", async () => {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await res.json()).toMatchObject({ status: "ok", database: "ok" });
  });
});
