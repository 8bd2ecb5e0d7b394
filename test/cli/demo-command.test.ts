import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runShopops } from "../support/cli.ts";

describe("npm run demo", () => {
  it("pulls the demo shop and shows its daily and weekly digests and alerts, with Block Kit JSON and PNGs in out/", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shopops-demo-"));
    const out = join(dir, "out");
    const run = await runShopops(["demo", "--out", out, "--locale", "pl"], {
      DATABASE_URL: `file:${join(dir, "demo.db")}`,
    });
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    const text = run.out.join("\n");
    expect(text).toContain("Podsumowanie dnia");
    expect(text).toContain("Podsumowanie tygodnia");
    expect(text).toContain("zł");
    expect(text).toContain("https://app.slack.com/block-kit-builder/#");
    const json = run.out.find((l) => l.includes(".json"))?.match(/out\/(\S+\.json)/)?.[1];
    expect(json).toBeDefined();
    const message = JSON.parse(readFileSync(join(out, json as string), "utf8")) as { text: string; blocks: unknown[] };
    expect(message.text.length).toBeGreaterThan(0);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    const png = run.out.join(" ").match(/out\/(\S+\.png)/)?.[1];
    expect(png && existsSync(join(out, png))).toBe(true);
  });

  it("refuses an unknown locale with the usage", async () => {
    const run = await runShopops(["demo", "--locale", "de"], {});
    expect(run.code).toBe(2);
    expect(run.err.join("\n")).toMatch(/--locale must be one of en, pl, it, es\nusage: shopops demo/);
  });
});
