import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../src/db/create-db.ts";
import { digestShop, seedDataset } from "../builders/digest-dataset.ts";
import { type FakeSlack, startFakeSlack } from "../fakes/fake-slack.ts";
import { runShopops, writeShopsFile } from "../support/cli.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-db.ts";

const YAML = `
shops:
  - id: acme
    name: ACME Store
    timezone: Europe/Warsaw
    currency: EUR
    locale: pl
    sources: { ga4: { propertyId: "123456789" } }
    channels: { digests: C0DIGEST }
    charts: native
`;

describe("shopops digest", () => {
  let database: TestDatabase;
  let slack: FakeSlack;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    slack = await startFakeSlack();
    const db = await createDb(database.url);
    await seedDataset(db, digestShop({ locale: "pl" }), "2026-10-01", "2026-11-30");
    await db.close();
    env = { DATABASE_URL: database.url, SHOPOPS_CONFIG: writeShopsFile(YAML) };
  });
  afterAll(async () => {
    await slack?.close();
    await database?.drop();
  });

  it("previews a day's digest in the terminal and writes the Block Kit JSON and chart PNGs with a Builder link", async () => {
    const out = mkdtempSync(join(tmpdir(), "shopops-out-"));
    const run = await runShopops(["digest", "--shop", "acme", "--date", "2026-11-21", "--out", out], env);
    expect(run.code).toBe(0);
    const text = run.out.join("\n");
    expect(text).toContain("ACME Store · Podsumowanie dnia");
    expect(text).toContain("sob., 21 lis 2026");
    const json = join(out, "digest-acme-yesterday-2026-11-21.json");
    expect(text).toContain(`wrote ${json}`);
    const message = JSON.parse(readFileSync(json, "utf8")) as { text: string; blocks: Array<{ type: string }> };
    expect(message.text).toContain("Podsumowanie dnia");
    expect(message.blocks[0]?.type).toBe("header");
    const png = readFileSync(join(out, "acme-revenue-2026-11-21_2026-11-21.png"));
    expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
    const link = run.out.find((l) => l.startsWith("Block Kit Builder: "))?.slice("Block Kit Builder: ".length) ?? "";
    expect(link.startsWith("https://app.slack.com/block-kit-builder/#")).toBe(true);
    expect(JSON.parse(decodeURIComponent(link.split("#")[1] ?? ""))).toEqual({ blocks: message.blocks });
  });

  it("takes --date as any day of the week for a weekly digest", async () => {
    const out = mkdtempSync(join(tmpdir(), "shopops-out-"));
    const run = await runShopops(
      ["digest", "--shop", "acme", "--period", "last-week", "--date", "2026-11-18", "--out", out],
      env,
    );
    expect(run.code).toBe(0);
    expect(run.out.join("\n")).toContain("Tydzień 47: pon., 16 lis 2026 – niedz., 22 lis 2026");
    expect(existsSync(join(out, "digest-acme-last-week-2026-11-16.json"))).toBe(true);
  });

  it("posts to the shop's digest channel with --post", async () => {
    const run = await runShopops(["digest", "--shop", "acme", "--date", "2026-11-21", "--post"], {
      ...env,
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_API_URL: slack.apiUrl,
    });
    expect(run.code).toBe(0);
    const [post] = slack.callsTo("chat.postMessage");
    expect(post?.body.channel).toBe("C0DIGEST");
    expect(String(post?.body.text)).toContain("ACME Store · Podsumowanie dnia");
    // charts: native — no PNG in the thread.
    expect(slack.callsTo("files.completeUploadExternal")).toHaveLength(0);
    expect(run.out.join("\n")).toMatch(
      /✓ posted the yesterday digest of acme \(2026-11-21\.\.2026-11-21\) to C0DIGEST/,
    );
  });

  it("refuses to post without a bot token, and bad options with the usage", async () => {
    const noToken = await runShopops(["digest", "--shop", "acme", "--post"], env);
    expect(noToken.code).toBe(2);
    expect(noToken.err.join("\n")).toContain("SLACK_BOT_TOKEN");
    for (const args of [
      ["--shop", "acme", "--date", "2026-02-30"],
      ["--shop", "acme", "--period", "fortnight"],
      ["--shop", "acme", "--preview", "--post"],
      ["--shop", "nope"],
      [],
    ]) {
      const run = await runShopops(["digest", ...args], env);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.err.join("\n")).toContain("usage: shopops digest --shop ID");
    }
  });
});
