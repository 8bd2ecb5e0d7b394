import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERSION } from "../../src/shared/version.ts";
import { type FakeSlack, startFakeSlack } from "../fakes/fake-slack.ts";
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from "../support/app-harness.ts";
import { writeShopsFile } from "../support/cli.ts";
import { startProcess, startShopOps } from "../support/processes.ts";
import { createSlackSender } from "../support/slack-requests.ts";

const SHOPS = `
shops:
  - id: acme
    name: ACME Store
    timezone: Europe/Warsaw
    currency: EUR
    sources: { demo: {} }
`;

describe("npm start", () => {
  let slack: FakeSlack;
  beforeAll(async () => {
    slack = await startFakeSlack();
    // What `npm start` runs first: the bundle in dist/ (esbuild, well under a second).
    execFileSync("npm", ["run", "--silent", "build"], { stdio: "ignore" });
  });
  afterAll(async () => {
    await slack?.close();
  });

  it.each([
    ["the sources", "src/main.ts"],
    ["the build", "dist/main.js"],
  ])("migrates a new database, serves Slack in HTTP mode, and drains on SIGTERM, from %s", async (_, entry) => {
    const dir = mkdtempSync(join(tmpdir(), "shopops-start-"));
    const app = startShopOps(
      { slackApiUrl: slack.apiUrl, databaseUrl: `file:${join(dir, "shopops.db")}`, shopsFile: writeShopsFile(SHOPS) },
      {},
      entry,
    );
    try {
      const ready = await app.waitForLog("ShopOps ready");
      const url = `http://127.0.0.1:${String(ready.port)}`;
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const health = (await (await fetch(`${url}/healthz`)).json()) as { version?: string };
      expect(health.version).toBe(VERSION);

      const send = createSlackSender({
        appUrl: url,
        signingSecret: TEST_SIGNING_SECRET,
        responseUrl: slack.responseUrl(),
      });
      await send.command("/shopops", "help");
      const [reply] = await slack.waitFor("response_url");
      expect(String(reply?.body.text)).toContain("/kpi");

      app.child.kill("SIGTERM");
      expect(await app.exited).toBe(0);
      expect(app.lines.join("\n")).not.toContain(TEST_BOT_TOKEN);
    } finally {
      app.child.kill("SIGKILL");
    }
  });

  it("exits with code 2 and one line per problem when configuration is bad", async () => {
    const app = startProcess("src/main.ts", [], {
      SLACK_MODE: "http",
      SHOPOPS_CONFIG: writeShopsFile(SHOPS.replace("EUR", "EURO")),
    });
    expect(await app.exited).toBe(2);
    expect(app.lines).toContainEqual(expect.stringMatching(/^shops\[0\]\.currency: /));
    expect(app.lines).toContainEqual(expect.stringMatching(/^SLACK_BOT_TOKEN: required/));
  });
});
