import { loadImage } from "@napi-rs/canvas";
import { describe, expect, it } from "vitest";
import { KPI_CHART_SIZE, type KpiChartInput, renderKpiChartPng } from "../../src/charts/kpi-chart.ts";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, which a PNG must start with. */
function ihdr(png: Buffer): { width: number; height: number } {
  expect(png.subarray(12, 16).toString("ascii")).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const input: KpiChartInput = {
  title: "Revenue: last 7 days vs week before",
  labels: ["Mon 16", "Tue 17", "Wed 18", "Thu 19", "Fri 20", "Sat 21", "Sun 22"],
  series: [
    { name: "This period", values: [1200.5, 1300, 900, 1500, 1700, 2100, 1800] },
    { name: "Previous period", values: [1100, 1250, 1000, 1400, 1600, 1900, null] },
  ],
  xLabel: "Day",
  formatValue: (v) => `€${v}`,
};

describe("renderKpiChartPng", () => {
  it("renders a PNG of the fixed 800×400 size that decodes", async () => {
    const png = renderKpiChartPng(input);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(ihdr(png)).toEqual({ width: 800, height: 400 });
    expect(KPI_CHART_SIZE).toEqual({ width: 800, height: 400 });
    const image = await loadImage(png);
    expect([image.width, image.height]).toEqual([800, 400]);
  });

  it("draws something: the image is not one flat colour", () => {
    const png = renderKpiChartPng(input);
    // A blank 800×400 PNG compresses to a few hundred bytes; lines, text and axes do not.
    expect(png.length).toBeGreaterThan(5_000);
  });

  it("renders the same bytes for the same input, at any requested size", () => {
    expect(renderKpiChartPng(input).equals(renderKpiChartPng(input))).toBe(true);
    expect(ihdr(renderKpiChartPng(input, { width: 400, height: 240 }))).toEqual({ width: 400, height: 240 });
  });

  it("copes with an empty comparison and a single point", () => {
    const png = renderKpiChartPng({ title: "Sessions", labels: ["14:00"], series: [{ name: "Today", values: [3] }] });
    expect(ihdr(png)).toEqual({ width: 800, height: 400 });
  });
});
