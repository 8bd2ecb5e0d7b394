import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { scoreTimestampedValues } from "../domain/anomalies/score-timestamped-values.ts";
import { invalidInput } from "../shared/errors.ts";
import type { CliIo } from "./cli-command.ts";
import { parseFlags } from "./parse-flags.ts";

export type CsvColumns = { timestampColumn?: string; valueColumn?: string };

/**
 * `detect --csv FILE [--timestamp-column C] [--value-column C]`: prints `timestamp,anomaly_score`
 * and one row per input row, in the input's order. Returns the exit code.
 */
export async function runDetectCsv(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, { valued: ["csv", "timestamp-column", "value-column"] });
  if (flags.positional.length > 0) throw usage(`unexpected argument "${flags.positional[0]}"`);
  const file = flags.values.get("csv");
  if (!file) throw usage("--csv needs a file");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw usage(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  io.out(
    detectCsv(text, {
      timestampColumn: flags.values.get("timestamp-column"),
      valueColumn: flags.values.get("value-column"),
    }).trimEnd(),
  );
  return 0;
}

/**
 * Scores a CSV series: `timestamp,anomaly_score` then, for every data row, its timestamp as
 * written and its score in [0, 1] — duplicates, gaps and unreadable rows included (an empty
 * or non-numeric value is missing data and scores 0). Columns are chosen by header name (or
 * 1-based number); by default the columns named `timestamp` and `value`, else the first two.
 * Each row's score depends only on that row and the rows above it.
 */
export function detectCsv(text: string, columns: CsvColumns = {}): string {
  const records = parse(text, { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
  const header = hasHeader(records, columns) ? (records[0] ?? []) : undefined;
  const rows = header ? records.slice(1) : records;
  const width = Math.max(header?.length ?? 0, ...rows.slice(0, 1).map((r) => r.length));
  const timeAt = columnIndex(header, columns.timestampColumn, "timestamp", 0, width);
  const valueAt = columnIndex(header, columns.valueColumn, "value", timeAt === 0 ? 1 : 0, width);

  const times = Float64Array.from(rows, (r) => parseWallClock(r[timeAt] ?? ""));
  const values = Float64Array.from(rows, (r) => parseNumber(r[valueAt] ?? ""));
  const scores = scoreTimestampedValues(times, values);
  const lines = ["timestamp,anomaly_score"];
  rows.forEach((r, i) => {
    lines.push(`${csvCell(r[timeAt] ?? "")},${formatScore(scores[i] as number)}`);
  });
  return `${lines.join("\n")}\n`;
}

/** A header when columns are named, or when the first row's time or value does not read. */
function hasHeader(records: string[][], columns: CsvColumns): boolean {
  const first = records[0];
  if (!first) return false;
  const names = first.map((c) => c.trim().toLowerCase());
  if (names.includes("timestamp") || names.includes("value")) return true;
  const named = [columns.timestampColumn, columns.valueColumn].some((c) => c !== undefined && !/^\d+$/.test(c));
  if (named) return true;
  return Number.isNaN(parseWallClock(first[0] ?? "")) && Number.isNaN(parseNumber(first[1] ?? ""));
}

function columnIndex(
  header: string[] | undefined,
  wanted: string | undefined,
  defaultName: string,
  fallback: number,
  width: number,
): number {
  const names = (header ?? []).map((c) => c.trim().toLowerCase());
  if (wanted === undefined) {
    const named = names.indexOf(defaultName);
    return named >= 0 ? named : fallback;
  }
  const named = names.indexOf(wanted.trim().toLowerCase());
  if (named >= 0) return named;
  if (/^\d+$/.test(wanted) && Number(wanted) >= 1 && Number(wanted) <= Math.max(width, 1)) return Number(wanted) - 1;
  const known = header ? ` (columns: ${header.join(", ")})` : "";
  throw usage(`no column "${wanted}"${known}`);
}

const ISO_LIKE =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(?:Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * A timestamp as wall-clock milliseconds: the time as written, read as if it were UTC, so
 * that hour-of-day and weekday are the file's own (an offset, if any, is not applied). Also
 * epoch seconds or milliseconds. NaN when unreadable.
 */
export function parseWallClock(text: string): number {
  const s = text.trim();
  if (s === "") return Number.NaN;
  if (/^-?\d+(\.\d+)?$/.test(s)) {
    const n = Number(s);
    return Math.abs(n) >= 1e11 ? n : n * 1000;
  }
  const m = ISO_LIKE.exec(s);
  if (m) {
    const [, y, mo, d, h, mi, sec, frac] = m;
    const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
    const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(sec ?? 0), ms);
    return Number.isNaN(t) ? Number.NaN : t;
  }
  const parsed = Date.parse(s);
  return Number.isNaN(parsed) ? Number.NaN : parsed;
}

/** A number ("12.5", "1e3", "12,5"); NaN for empty or anything else (missing data). */
export function parseNumber(text: string): number {
  const s = text.trim();
  if (s === "") return Number.NaN;
  const n = Number(/^-?\d+,\d+$/.test(s) ? s.replace(",", ".") : s);
  return Number.isFinite(n) ? n : Number.NaN;
}

function usage(problem: string) {
  return invalidInput(problem, { key: "cli.usage", params: { problem } });
}

function formatScore(score: number): string {
  return String(Number((Number.isFinite(score) ? score : 0).toFixed(6)));
}

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
