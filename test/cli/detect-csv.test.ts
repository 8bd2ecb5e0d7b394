import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/cli-command.ts";
import { detectCsv, parseWallClock, runDetectCsv } from "../../src/cli/detect-csv.ts";

const HOUR = 3_600_000;

function hourlyCsv(rows: number, header = "timestamp,value"): string[] {
  const lines = [header];
  for (let i = 0; i < rows; i++) {
    const t = new Date(Date.UTC(2024, 0, 1) + i * HOUR).toISOString().replace("T", " ").slice(0, 19);
    lines.push(`${t},${Math.round(100 + 60 * Math.sin((2 * Math.PI * i) / 24) + ((i * 37) % 11))}`);
  }
  return lines;
}

function captureIo(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), isTty: false, env: {} };
}

describe("detect --csv", () => {
  it("prints timestamp,anomaly_score and one row per input row, in order, duplicates and gaps included", () => {
    const lines = hourlyCsv(400);
    lines.splice(101, 0, lines[100] as string); // a duplicate row
    lines.splice(201, 3); // a gap
    lines[300] = `${(lines[300] as string).split(",")[0]},5000`; // a spike
    lines[310] = `${(lines[310] as string).split(",")[0]},`; // an empty value
    lines[320] = `${(lines[320] as string).split(",")[0]},n/a`; // a value that does not read
    const out = detectCsv(lines.join("\n")).trimEnd().split("\n");
    expect(out[0]).toBe("timestamp,anomaly_score");
    expect(out).toHaveLength(lines.length);
    out.slice(1).forEach((row, i) => {
      const [time, score] = row.split(",");
      expect(time).toBe((lines[i + 1] as string).split(",")[0]);
      expect(Number(score)).toBeGreaterThanOrEqual(0);
      expect(Number(score)).toBeLessThanOrEqual(1);
    });
    expect(Number(out[300]?.split(",")[1])).toBeGreaterThan(0.9);
    expect(out[310]?.split(",")[1]).toBe("0");
    expect(out[320]?.split(",")[1]).toBe("0");
  });

  it("reads the columns named on the command line, and files without a header", () => {
    const named = hourlyCsv(50, "when,site,visits").map((l, i) => (i === 0 ? l : l.replace(",", ",shop-a,")));
    const out = detectCsv(named.join("\n"), { timestampColumn: "when", valueColumn: "visits" }).split("\n");
    expect(out[1]).toMatch(/^2024-01-01 00:00:00,/);
    const bare = hourlyCsv(50).slice(1);
    const out2 = detectCsv(bare.join("\n")).trimEnd().split("\n");
    expect(out2).toHaveLength(51);
    expect(() => detectCsv(named.join("\n"), { valueColumn: "orders" })).toThrow(/no column "orders"/);
  });

  it("gives each row the score it gets when the file ends at that row", () => {
    const lines = hourlyCsv(300);
    lines[250] = `${(lines[250] as string).split(",")[0]},900`;
    const full = detectCsv(lines.join("\n")).split("\n");
    for (const k of [3, 20, 251]) {
      const prefix = detectCsv(lines.slice(0, k + 1).join("\n"))
        .trimEnd()
        .split("\n");
      expect(prefix).toEqual(full.slice(0, k + 1));
    }
  });

  it("runs from the command line on a file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "detect-csv-"));
    const file = join(dir, "series.csv");
    writeFileSync(file, hourlyCsv(30).join("\n"));
    const io = captureIo();
    expect(await runDetectCsv(["--csv", file], io)).toBe(0);
    const printed = io.lines.join("\n").split("\n");
    expect(printed[0]).toBe("timestamp,anomaly_score");
    expect(printed).toHaveLength(31);
    await expect(runDetectCsv(["--csv", join(dir, "missing.csv")], captureIo())).rejects.toThrow(/cannot read/);
  });

  it("reads common timestamp forms as wall-clock time", () => {
    expect(parseWallClock("2024-01-01 10:30:00")).toBe(Date.UTC(2024, 0, 1, 10, 30));
    expect(parseWallClock("2024-01-01T10:30:00+02:00")).toBe(Date.UTC(2024, 0, 1, 10, 30));
    expect(parseWallClock("2024-01-01")).toBe(Date.UTC(2024, 0, 1));
    expect(parseWallClock("1704067200")).toBe(Date.UTC(2024, 0, 1));
    expect(parseWallClock("1704067200000")).toBe(Date.UTC(2024, 0, 1));
    expect(parseWallClock("yesterday")).toBeNaN();
  });
});
