import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../fakes/fake-slack.ts";
import { runShopops, writeShopsFile } from "../support/cli.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";

const shops = (sources: string) => `
shops:
  - id: acme
    name: ACME Store
    timezone: Europe/Warsaw
    currency: EUR
    sources: ${sources}
`;

describe("shopops doctor", () => {
  let database: TestDatabase;
  let slack: FakeSlack;
  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    slack = await startFakeSlack();
  });
  afterAll(async () => {
    await slack?.close();
    await database?.drop();
  });

  it("prints one ✓ line per check and exits 0 when everything answers", async () => {
    const run = await runShopops(["doctor"], {
      DATABASE_URL: database.url,
      SHOPOPS_CONFIG: writeShopsFile(shops("{ demo: {} }")),
      SLACK_API_URL: slack.apiUrl,
    });
    expect(run.err).toEqual([]);
    expect(run.out.every((line) => line.startsWith("✓ "))).toBe(true);
    expect(run.out.join("\n")).toMatch(/configuration: 1 shop[\s\S]*migrations applied[\s\S]*Slack API reachable/);
    expect(run.code).toBe(0);
  });

  it("marks an unreachable API and missing credentials with ✗ and exits 1", async () => {
    const run = await runShopops(["doctor"], {
      DATABASE_URL: database.url,
      SHOPOPS_CONFIG: writeShopsFile(shops('{ ga4: { propertyId: "123456789" } }')),
      SLACK_API_URL: slack.apiUrl,
      GA4_API_URL: "http://127.0.0.1:9/",
      GOOGLE_TOKEN_URL: "http://127.0.0.1:9/token",
    });
    expect(run.out).toContainEqual(expect.stringMatching(/^✗ GA4 Data API not reachable at http:\/\/127\.0\.0\.1:9\//));
    expect(run.out).toContainEqual(expect.stringMatching(/^✗ acme: Google credentials missing/));
    expect(run.code).toBe(1);
  });

  it("reports bad configuration one line per problem and exits 2, without printing secrets", async () => {
    const run = await runShopops(["doctor"], {
      SHOPOPS_CONFIG: writeShopsFile(shops("{ demo: {} }").replace("Europe/Warsaw", "Europe/Warsw")),
      PORT: "eighty",
      SLACK_BOT_TOKEN: "xoxb-secret-value-1234",
    });
    expect(run.code).toBe(2);
    expect(run.err).toContainEqual('shops[0].timezone: unknown time zone "Europe/Warsw"');
    expect(run.err).toContainEqual(expect.stringMatching(/^PORT: /));
    expect(run.err.join("\n")).not.toContain("xoxb-secret-value-1234");
  });
});

describe("shopops migrate", () => {
  it("applies the shipped migrations to a new database, then has nothing to do", async () => {
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const url = `file:${mkdtempSync(`${tmpdir()}/shopops-migrate-`)}/new.db`;
    const first = await runShopops(["migrate"], { DATABASE_URL: url });
    expect(first.code).toBe(0);
    expect(first.out.at(-1)).toMatch(/^✓ applied \d+_init/);
    const second = await runShopops(["migrate"], { DATABASE_URL: url });
    expect(second.out).toEqual(["✓ database is up to date"]);
  });

  it("rejects an unknown option with the usage and exit code 2", async () => {
    const run = await runShopops(["migrate", "--force"], {});
    expect(run.code).toBe(2);
    expect(run.err.join("\n")).toMatch(/unknown option --force\nusage: shopops migrate/);
  });
});
