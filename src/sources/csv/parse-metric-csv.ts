import { CsvError, parse } from "csv-parse/sync";
import type { ShopConfig } from "../../config/shops-schema.ts";
import {
  type Granularity,
  type Observation,
  SOURCE_IDS,
  type SourceId,
  TOTAL,
} from "../../domain/metrics/observation.ts";
import { isValidDay, localHour, startOfLocalDay, startOfLocalHour } from "../../shared/time.ts";

/**
 * Two CSV layouts, told apart by the header (column names are case-insensitive):
 *
 * Long, one figure per row: `date,source,metric,dimension,value`
 *   2026-11-20,csv,cost,,125.40
 *   2026-11-20,csv,cost,platform=awin,125.40
 *   2026-11-20T14,ga4,sessions,channel_group=Paid Search,312
 *
 * Wide, one bucket per row and one column per metric: `date,<metric>,<metric>…`, with an
 * optional `source` column; every figure is a shop total (dimension ""), an empty cell is
 * "no figure".
 *   date,source,sessions,transactions,purchaseRevenue
 *   2026-11-20,csv,1200,31,2480.50
 *
 * - `date` is a local day `YYYY-MM-DD` or a local hour `YYYY-MM-DDTHH` in the shop's time zone.
 * - `source` is one of ga4, google-ads, meta, csv, demo; empty means csv.
 * - `dimension` is empty for the shop total, else `name=value` (`channel_group=Email`,
 *   `campaign=Winter sale`, `platform=awin` to count spend against a media-plan channel).
 * - `value` is a plain number with a `.` decimal point: no thousands separators, no currency
 *   signs. Money is in the shop's currency.
 */
export type CsvFormat = "long" | "wide";
export type CsvProblem = { line: number; reason: string };
export type CsvParseResult = { format: CsvFormat | undefined; observations: Observation[]; problems: CsvProblem[] };

const LONG_COLUMNS = ["date", "source", "metric", "dimension", "value"];
const METRIC_RE = /^[A-Za-z][A-Za-z0-9_]*$/;
const DIMENSION_RE = /^([a-z][a-z0-9_]*)=(.+)$/;
const NUMBER_RE = /^-?(\d+(\.\d*)?|\.\d+)$/;
const HOUR_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2})$/;

type Row = { line: number; cells: string[] };

/**
 * Parses a metrics CSV for one shop. Every bad row is reported with its line number and
 * why; callers store nothing unless `problems` is empty. A repeated (bucket, source, metric,
 * dimension) is a problem, never silently summed or overwritten.
 */
export function parseMetricCsv(text: string, shop: ShopConfig): CsvParseResult {
  let rows: Row[];
  try {
    const records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
    rows = records.map((r) => ({ line: r.info.lines, cells: r.record }));
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? 1;
      return { format: undefined, observations: [], problems: [{ line, reason: `not valid CSV: ${error.message}` }] };
    }
    throw error;
  }
  const [header, ...body] = rows;
  if (!header) return { format: undefined, observations: [], problems: [{ line: 1, reason: "the file is empty" }] };
  const columns = header.cells.map((c) => c.toLowerCase());
  const isLong = columns.length === LONG_COLUMNS.length && LONG_COLUMNS.every((c) => columns.includes(c));
  const reader = createReader(shop);
  if (isLong) {
    const at = Object.fromEntries(LONG_COLUMNS.map((c) => [c, columns.indexOf(c)])) as Record<string, number>;
    for (const row of body) {
      if (row.cells.length !== columns.length) {
        reader.problem(row.line, `expected ${columns.length} columns, found ${row.cells.length}`);
        continue;
      }
      const cell = (name: string) => row.cells[at[name]!]!;
      reader.add(row.line, cell("date"), cell("source"), cell("metric"), cell("dimension"), cell("value"));
    }
    return { format: "long", ...reader.result() };
  }

  const dateAt = columns.indexOf("date");
  if (dateAt === -1)
    return {
      format: undefined,
      observations: [],
      problems: [
        { line: header.line, reason: `no "date" column; expected ${LONG_COLUMNS.join(",")} or date,<metric>,…` },
      ],
    };
  const sourceAt = columns.indexOf("source");
  const metricColumns = header.cells.flatMap((name, i) => (i === dateAt || i === sourceAt ? [] : [{ name, i }]));
  const headerProblems = [
    ...(metricColumns.length === 0 ? ["no metric columns after date"] : []),
    ...metricColumns.filter((m) => !METRIC_RE.test(m.name)).map((m) => `"${m.name}" is not a metric name`),
    ...metricColumns
      .filter((m, k) => metricColumns.findIndex((o) => o.name === m.name) !== k)
      .map((m) => `column "${m.name}" appears twice`),
  ];
  if (headerProblems.length > 0)
    return {
      format: "wide",
      observations: [],
      problems: headerProblems.map((reason) => ({ line: header.line, reason })),
    };
  for (const row of body) {
    if (row.cells.length !== columns.length) {
      reader.problem(row.line, `expected ${columns.length} columns, found ${row.cells.length}`);
      continue;
    }
    const source = sourceAt === -1 ? "" : row.cells[sourceAt]!;
    for (const m of metricColumns) {
      const value = row.cells[m.i]!;
      if (value !== "") reader.add(row.line, row.cells[dateAt]!, source, m.name, "", value);
    }
  }
  return { format: "wide", ...reader.result() };
}

function createReader(shop: ShopConfig) {
  const observations: Observation[] = [];
  const problems: CsvProblem[] = [];
  const seen = new Map<string, number>();
  const bucketStarts = new Map<string, Date>();

  function bucketOf(date: string): { bucket: string; granularity: Granularity; start: Date } | string {
    const cached = bucketStarts.get(date);
    if (cached) return { bucket: date, granularity: date.length === 10 ? "day" : "hour", start: cached };
    if (isValidDay(date)) {
      const start = startOfLocalDay(date, shop.timezone);
      bucketStarts.set(date, start);
      return { bucket: date, granularity: "day", start };
    }
    const hour = HOUR_RE.exec(date);
    if (!hour || !isValidDay(hour[1]!) || Number(hour[2]) > 23)
      return `date "${date}" is neither a day YYYY-MM-DD nor an hour YYYY-MM-DDTHH`;
    const start = startOfLocalHour(date, shop.timezone);
    if (localHour(start, shop.timezone) !== date)
      return `hour "${date}" does not exist in ${shop.timezone} (clocks move forward)`;
    bucketStarts.set(date, start);
    return { bucket: date, granularity: "hour", start };
  }

  return {
    problem(line: number, reason: string) {
      problems.push({ line, reason });
    },
    add(line: number, date: string, sourceText: string, metric: string, dimensionText: string, valueText: string) {
      const reasons: string[] = [];
      const bucket = bucketOf(date);
      if (typeof bucket === "string") reasons.push(bucket);
      const source = (sourceText === "" ? "csv" : sourceText) as SourceId;
      if (!SOURCE_IDS.includes(source)) reasons.push(`source "${sourceText}" is not one of ${SOURCE_IDS.join(", ")}`);
      if (!METRIC_RE.test(metric)) reasons.push(`"${metric}" is not a metric name`);
      const dimension = dimensionText === "" ? { name: TOTAL, value: TOTAL } : parseDimension(dimensionText);
      if (!dimension) reasons.push(`dimension "${dimensionText}" must be empty or name=value`);
      const value = NUMBER_RE.test(valueText) ? Number(valueText) : Number.NaN;
      if (!Number.isFinite(value)) reasons.push(`value "${valueText}" is not a number like 1234.56`);
      else if (Math.abs(value) >= 1e12) reasons.push(`value "${valueText}" is too large`);
      if (reasons.length > 0 || typeof bucket === "string" || !dimension) {
        problems.push({ line, reason: reasons.join("; ") });
        return;
      }
      const key = [bucket.bucket, source, metric, dimension.name, dimension.value].join("\u0000");
      const first = seen.get(key);
      if (first !== undefined) {
        const what = dimension.name ? `${metric} ${dimension.name}=${dimension.value}` : metric;
        problems.push({ line, reason: `${what} for ${bucket.bucket} from ${source} is already on line ${first}` });
        return;
      }
      seen.set(key, line);
      observations.push({
        shopId: shop.id,
        source,
        metric,
        dimension: dimension.name,
        dimensionValue: dimension.value,
        granularity: bucket.granularity,
        bucket: bucket.bucket,
        bucketStart: bucket.start,
        value,
      });
    },
    result() {
      return { observations: problems.length > 0 ? [] : observations, problems };
    },
  };
}

function parseDimension(text: string): { name: string; value: string } | undefined {
  const m = DIMENSION_RE.exec(text);
  return m ? { name: m[1]!, value: m[2]!.trim() } : undefined;
}
