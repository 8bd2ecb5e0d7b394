import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../src/db/create-db.ts";
import { startTestApp, TEST_BOT_TOKEN, TEST_SIGNING_SECRET, type TestApp } from "../support/app-harness.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";

describe("the Slack app in HTTP mode", () => {
  let database: TestDatabase;
  let db: Db;
  let t: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    db = await createDb(database.url);
    t = await startTestApp({ db });
  });
  afterAll(async () => {
    await t?.stop();
    await db?.close();
    await database?.drop();
  });

  it("answers /healthz with its version and the database status", async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", version: expect.any(String), database: "ok" });
  });

  it("is ready when the database answers and every migration is applied", async () => {
    const res = await fetch(`${t.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ready: true, pendingMigrations: [] });
  });

  it("serves Prometheus metrics", async () => {
    await t.send.command("/shopops", "help");
    const text = await (await fetch(`${t.url}/metrics`)).text();
    expect(text).toContain("shopops_slack_requests_total");
    expect(text).toContain("shopops_slack_ack_seconds_bucket");
  });

  it("replies to /shopops help with the overview of every command, ephemerally", async () => {
    const before = t.slack.callsTo("response_url").length;
    const res = await t.send.command("/shopops", "help");
    expect(res.status).toBe(200);
    const [reply] = (await t.slack.waitFor("response_url", before + 1)).slice(before);
    expect(reply?.body).toMatchObject({ response_type: "ephemeral" });
    for (const command of ["/kpi", "/task", "/spend", "/competitor", "/promo", "/shopops digest"]) {
      expect(String(reply?.body.text)).toContain(command);
    }
  });

  it.each(["/kpi", "/task", "/spend", "/competitor", "/promo"])("answers %s help with its usage", async (command) => {
    const before = t.slack.callsTo("response_url").length;
    await t.send.command(command, "help");
    const [reply] = (await t.slack.waitFor("response_url", before + 1)).slice(before);
    expect(reply?.body.response_type).toBe("ephemeral");
    expect(String(reply?.body.text)).toContain(`\`${command}`);
  });

  it("names an unknown subcommand and shows the usage", async () => {
    const before = t.slack.callsTo("response_url").length;
    await t.send.command("/shopops", "frobnicate");
    const [reply] = (await t.slack.waitFor("response_url", before + 1)).slice(before);
    expect(reply?.body.response_type).toBe("ephemeral");
    expect(String(reply?.body.text)).toMatch(
      /Unknown \/shopops subcommand “frobnicate”[\s\S]*Usage:[\s\S]*\/shopops digest/,
    );
  });

  it("refuses forged, replayed and unsigned requests", async () => {
    const body = "command=%2Fshopops&text=help&user_id=U0X&channel_id=C0X&response_url=x&trigger_id=t";
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const before = t.slack.calls.length;
    const forged = await t.send.raw(body, {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(Math.floor(Date.now() / 1000)),
      "x-slack-signature": "v0=0000000000000000000000000000000000000000000000000000000000000000",
    });
    const replayed = await t.send.raw(body, {
      "content-type": "application/x-www-form-urlencoded",
      ...t.send.sign(body, old),
    });
    const unsigned = await t.send.raw(body, { "content-type": "application/x-www-form-urlencoded" });
    expect([forged.status, replayed.status, unsigned.status].every((s) => s === 401)).toBe(true);
    expect(t.slack.calls.length).toBe(before);
  });

  it("logs JSON lines with a request id and never the bot token or signing secret", async () => {
    await t.send.command("/shopops", "help");
    await t.slack.waitFor("response_url", 1);
    const lines = t.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.some((l) => typeof l.requestId === "string")).toBe(true);
    const all = t.logs.join("\n");
    expect(all).not.toContain(TEST_BOT_TOKEN);
    expect(all).not.toContain(TEST_SIGNING_SECRET);
  });
});
