import { createRequire } from "node:module";
import type * as Canvas from "@napi-rs/canvas";
import type * as ChartJs from "chart.js";
import type { ChartConfiguration, ChartItem, Plugin } from "chart.js";

/** A KPI over the period against the comparison period, ready to draw: labels and names already localized. */
export type KpiChartInput = {
  title: string;
  /** One label per point, shared by both series. */
  labels: string[];
  /** The period first, then the comparison period; null where a series has no point. */
  series: Array<{ name: string; values: Array<number | null> }>;
  xLabel?: string;
  /** Formats y-axis ticks, e.g. as money in the shop's locale. */
  formatValue?: (value: number) => string;
};

export const KPI_CHART_SIZE = { width: 800, height: 400 } as const;

const COLORS = ["#1264a3", "#9aa0a6"] as const;
const FONT = "DejaVu Sans, Helvetica, Arial, sans-serif";

type Drawing = { createCanvas: typeof Canvas.createCanvas; Chart: typeof ChartJs.Chart };
let drawing: Drawing | undefined;

/**
 * chart.js and the Skia canvas are loaded at the first chart, not at start (tens of MB a
 * process without image charts never needs), synchronously so rendering stays a plain call.
 */
function loadDrawing(): Drawing {
  if (drawing) return drawing;
  const require = createRequire(import.meta.url);
  const canvas = require("@napi-rs/canvas") as typeof Canvas;
  const chartJs = require("chart.js") as typeof ChartJs;
  const { Chart, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Title } = chartJs;
  // Only the pieces a line chart with a title and legend needs: a smaller bundle and no surprises.
  Chart.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Title);
  drawing = { createCanvas: canvas.createCanvas, Chart };
  return drawing;
}

/** Paints the background white: PNGs are shown on dark themes too, where transparency hides the axes. */
const whiteBackground: Plugin<"line"> = {
  id: "shopops-background",
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/**
 * Renders the chart as a PNG of a fixed size (800×400 unless told) with chart.js on a
 * Skia canvas: no browser, no network, deterministic for the same input.
 */
export function renderKpiChartPng(
  input: KpiChartInput,
  size: { width: number; height: number } = KPI_CHART_SIZE,
): Buffer {
  const { createCanvas, Chart } = loadDrawing();
  const canvas = createCanvas(size.width, size.height);
  const config: ChartConfiguration<"line", Array<number | null>, string> = {
    type: "line",
    data: {
      labels: input.labels,
      datasets: input.series.map((s, i) => ({
        label: s.name,
        data: s.values,
        borderColor: COLORS[i % COLORS.length],
        backgroundColor: COLORS[i % COLORS.length],
        borderWidth: i === 0 ? 3 : 2,
        borderDash: i === 0 ? [] : [6, 4],
        pointRadius: input.labels.length > 12 ? 2 : 3,
        // Straight segments: a smoothed curve would overshoot and show values that never happened.
        tension: 0,
        spanGaps: false,
      })),
    },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      layout: { padding: { left: 8, right: 24, top: 4, bottom: 4 } },
      font: { family: FONT, size: 13 },
      plugins: {
        title: { display: true, text: input.title, font: { family: FONT, size: 16, weight: "bold" } },
        legend: { position: "bottom", labels: { font: { family: FONT, size: 13 } } },
      },
      scales: {
        x: {
          title: { display: input.xLabel !== undefined, text: input.xLabel ?? "", font: { family: FONT } },
          ticks: { font: { family: FONT } },
        },
        y: {
          beginAtZero: true,
          ticks: {
            font: { family: FONT },
            ...(input.formatValue ? { callback: (value) => input.formatValue?.(Number(value)) ?? String(value) } : {}),
          },
        },
      },
    },
    plugins: [whiteBackground],
  };
  // chart.js is typed against the DOM canvas; the Skia context implements the same 2D API.
  const chart = new Chart(canvas.getContext("2d") as unknown as ChartItem, config);
  try {
    return canvas.toBuffer("image/png");
  } finally {
    chart.destroy();
  }
}
