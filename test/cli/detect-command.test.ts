import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../src/db/create-db.ts";
import { localDay, localHour } from "../../src/shared/time.ts";
import { checkoutBroken, storeTraffic } from "../domain/alerts/alert-fixtures.ts";
import { type FakeSlack, startFakeSlack } from "../fakes/fake-slack.ts";
import { runShopops, writeShopsFile } from "../support/cli.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";

const YAML = `
shops:
  - id: acme
    name: ACME Store
    timezone: Europe/Warsaw
    currency: EUR
    sources: { ga4: { propertyId: "123456789" } }
    channels: { alerts: C0ALERTS }
`;
const HOUR = 3_600_000;

describe("shopops detect --shop", () => {
  let database: TestDatabase;
  let slack: FakeSlack;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    slack = await startFakeSlack();
    const db = await createDb(database.url);
    // The CLI runs on the real clock: figures up to the last hour, purchases stopped six hours
    // ago; a big shop, so that even night hours make a clear drop.
    const at = (ms: number) => localHour(new Date(Date.now() - ms), "Europe/Warsaw");
    await storeTraffic(db, {
      fromDay: localDay(new Date(Date.now() - 36 * 24 * HOUR), "Europe/Warsaw"),
      toHour: at(HOUR),
      shape: checkoutBroken(at(6 * HOUR)),
      sessionsPerHour: 4000,
    });
    await db.close();
    env = { DATABASE_URL: database.url, SHOPOPS_CONFIG: writeShopsFile(YAML) };
  });
  afterAll(async () => {
    await slack?.close();
    await database?.drop();
  });

  it("prints the incidents it finds without posting them", async () => {
    const run = await runShopops(["detect", "--shop", "acme"], env);
    expect(run.code).toBe(0);
    const text = run.out.join("\n");
    expect(text).toMatch(/1 open incident\(s\), 1 change\(s\) \(not posted: use --post\)/);
    expect(text).toContain("ACME Store · Anomaly");
    expect(text).toContain("[ Acknowledge ]");
  });

  it("posts them in the shop's alerts channel with --post", async () => {
    const run = await runShopops(["detect", "--shop", "acme", "--post"], {
      ...env,
      SLACK_BOT_TOKEN: "xoxb-test",
      SLACK_API_URL: slack.apiUrl,
    });
    expect(run.code).toBe(0);
    expect(slack.callsTo("chat.postMessage").map((c) => c.body.channel)).toEqual(["C0ALERTS"]);
    const again = await runShopops(["detect", "--shop", "acme", "--post"], {
      ...env,
      SLACK_BOT_TOKEN: "xoxb-test",
      SLACK_API_URL: slack.apiUrl,
    });
    expect(again.code).toBe(0);
    expect(slack.callsTo("chat.postMessage")).toHaveLength(1);
  });

  it("needs --shop or --csv", async () => {
    const run = await runShopops(["detect"], env);
    expect(run.code).toBe(2);
    expect(run.err.join("\n")).toContain("choose --shop ID or --csv FILE");
  });
});
