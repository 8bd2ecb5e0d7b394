import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { type ShopConfig, ShopSchema } from "../src/config/shops-schema.ts";
import { createDb } from "../src/db/create-db.ts";
import type { DatabaseProvider } from "../src/db/database-url.ts";
import { migrate } from "../src/db/migrate.ts";
import { createMetricStore, type MetricStore } from "../src/domain/metrics/metric-store.ts";
import type { DayRange, Granularity, Observation } from "../src/domain/metrics/observation.ts";
import { backfill, splitByMonth } from "../src/domain/metrics/pull-shop.ts";
import { createSourceStateStore } from "../src/domain/metrics/source-state-store.ts";
import { createFixedClock } from "../src/shared/clock.ts";
import { createLogger } from "../src/shared/logger.ts";
import { addDays, localDay } from "../src/shared/time.ts";
import { createDemoSource } from "../src/sources/demo/demo-source.ts";

/**
 * `npm run bench -- ingest`: backfills 2 years of days and 90 days of hours for 20 demo shops
 * into SQLite and into PostgreSQL through the metric store, then inserts the same rows into
 * the same (emptied) table with a plain batched insert through the raw driver, and compares.
 * Targets: the store reaches a third of the raw driver's rate; one shop's 2-year daily
 * backfill (generation included) takes under 5 s.
 *
 * BENCH_SHOPS (default 20) shortens a run; BENCH_POSTGRES_URL (else TEST_POSTGRES_URL, else
 * the local server) is the server on which a throwaway database is created and dropped.
 */
export type BenchResult = { name: string; lines: string[]; markdown: string };

const SHOPS = Number(process.env.BENCH_SHOPS ?? 20);
const POSTGRES =
  process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const NOW = new Date("2026-11-23T12:00:00Z");
const TIME_ZONES = ["Europe/Warsaw", "Europe/Rome", "Europe/Madrid", "Europe/London", "America/New_York", "UTC"];
/** Rows per statement of the raw baseline: a common batch size, well under both parameter limits. */
const RAW_ROWS_PER_STATEMENT = 1000;
const COLUMNS = `"shopId","source","metric","dimension","dimensionValue","granularity","bucket","bucketStart","valueMicros","fetchedAt"`;

type Figures = {
  provider: DatabaseProvider;
  rows: number;
  storeSeconds: number;
  rawSeconds: number;
  /** A shop's whole 2-year daily backfill (generating, storing, recording source state): median and slowest of the shops. */
  oneShopSeconds: number;
  slowestShopSeconds: number;
  endToEndSeconds: number;
};

const clock = createFixedClock(NOW);
const logger = createLogger({ level: "silent" });
const demo = createDemoSource(clock);
const shops: ShopConfig[] = Array.from({ length: SHOPS }, (_, i) =>
  ShopSchema.parse({
    id: `bench-${String(i + 1).padStart(2, "0")}`,
    name: `Bench ${i + 1}`,
    timezone: TIME_ZONES[i % TIME_ZONES.length],
    currency: "EUR",
    sources: { demo: {} },
  }),
);

function rangesOf(shop: ShopConfig): Array<{ range: DayRange; granularity: Granularity }> {
  const today = localDay(NOW, shop.timezone);
  return [
    { range: { from: addDays(today, -730), to: today }, granularity: "day" },
    { range: { from: addDays(today, -89), to: today }, granularity: "hour" },
  ];
}

/** The store, timing only its writes. */
function timedStore(store: MetricStore, tally: { seconds: number }): MetricStore {
  return {
    ...store,
    async upsert(observations, fetchedAt) {
      const start = performance.now();
      const rows = await store.upsert(observations, fetchedAt);
      tally.seconds += (performance.now() - start) / 1000;
      return rows;
    },
  };
}

async function throughStore(url: string): Promise<Omit<Figures, "provider" | "rawSeconds">> {
  const db = await createDb(url, { poolSize: 4 });
  const tally = { seconds: 0 };
  const store = timedStore(createMetricStore(db), tally);
  const sourceStates = createSourceStateStore(db);
  let rows = 0;
  const shopSeconds: number[] = [];
  const started = performance.now();
  try {
    for (const shop of shops) {
      for (const { range, granularity } of rangesOf(shop)) {
        const start = performance.now();
        const summary = await backfill({
          shop,
          sources: [demo],
          store,
          sourceStates,
          range,
          granularity,
          clock,
          logger,
        });
        if (granularity === "day") shopSeconds.push((performance.now() - start) / 1000);
        for (const s of summary.sources) {
          if (s.failures.length > 0) throw new Error(`${shop.id}: ${s.failures[0]?.error}`);
          rows += s.rows;
        }
      }
    }
  } finally {
    await db.close();
  }
  shopSeconds.sort((a, b) => a - b);
  return {
    rows,
    storeSeconds: tally.seconds,
    oneShopSeconds: shopSeconds[Math.floor(shopSeconds.length / 2)] ?? 0,
    slowestShopSeconds: shopSeconds.at(-1) ?? 0,
    endToEndSeconds: (performance.now() - started) / 1000,
  };
}

/** The same observations, month by month as the store got them, one transaction per month. */
async function* months(): AsyncGenerator<Observation[]> {
  for (const shop of shops)
    for (const { range, granularity } of rangesOf(shop))
      for (const month of splitByMonth(range))
        yield (await demo.pull({ shop, range: month, granularity })).observations;
}

function rawRow(o: Observation, fetchedAt: string, instant: (d: Date) => string): unknown[] {
  const micros = Math.round(o.value * 1e6);
  return [
    o.shopId,
    o.source,
    o.metric,
    o.dimension,
    o.dimensionValue,
    o.granularity,
    o.bucket,
    instant(o.bucketStart),
    micros,
    fetchedAt,
  ];
}

const valuesList = (rows: number, mark: (i: number) => string) =>
  Array.from(
    { length: rows },
    (_, r) => `(${Array.from({ length: 10 }, (_, c) => mark(r * 10 + c + 1)).join(",")})`,
  ).join(",");

/** better-sqlite3: prepared multi-row INSERTs inside one transaction per month. */
async function rawSqlite(file: string): Promise<number> {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec(`DELETE FROM "MetricObservation"`);
  const statements = new Map<number, Database.Statement>();
  const statement = (rows: number) => {
    const cached = statements.get(rows);
    if (cached) return cached;
    const prepared = db.prepare(`INSERT INTO "MetricObservation" (${COLUMNS}) VALUES ${valuesList(rows, () => "?")}`);
    statements.set(rows, prepared);
    return prepared;
  };
  const instant = (d: Date) => d.toISOString().replace("Z", "+00:00");
  const fetchedAt = instant(NOW);
  let seconds = 0;
  for await (const observations of months()) {
    const start = performance.now();
    const rows = observations.map((o) => rawRow(o, fetchedAt, instant));
    db.transaction(() => {
      for (let i = 0; i < rows.length; i += RAW_ROWS_PER_STATEMENT) {
        const chunk = rows.slice(i, i + RAW_ROWS_PER_STATEMENT);
        statement(chunk.length).run(chunk.flat());
      }
    })();
    seconds += (performance.now() - start) / 1000;
  }
  db.close();
  return seconds;
}

/** pg: named (prepared) multi-row INSERTs inside one transaction per month. */
async function rawPostgres(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`TRUNCATE "MetricObservation"`);
  const instant = (d: Date) => d.toISOString();
  const fetchedAt = instant(NOW);
  let seconds = 0;
  try {
    for await (const observations of months()) {
      const start = performance.now();
      const rows = observations.map((o) => rawRow(o, fetchedAt, instant));
      await client.query("BEGIN");
      for (let i = 0; i < rows.length; i += RAW_ROWS_PER_STATEMENT) {
        const chunk = rows.slice(i, i + RAW_ROWS_PER_STATEMENT);
        await client.query({
          name: `insert_${chunk.length}`,
          text: `INSERT INTO "MetricObservation" (${COLUMNS}) VALUES ${valuesList(chunk.length, (p) => `$${p}`)}`,
          values: chunk.flat(),
        });
      }
      await client.query("COMMIT");
      seconds += (performance.now() - start) / 1000;
    }
  } finally {
    await client.end();
  }
  return seconds;
}

async function onSqlite(): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), "shopops-bench-"));
  const file = join(dir, "bench.db");
  try {
    await migrate(`file:${file}`);
    const stored = await throughStore(`file:${file}`);
    const rawSeconds = await rawSqlite(file);
    return { provider: "sqlite", ...stored, rawSeconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function onPostgres(): Promise<Figures> {
  const name = `shopops_bench_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: POSTGRES });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES);
  url.pathname = `/${name}`;
  try {
    await migrate(url.toString());
    const stored = await throughStore(url.toString());
    const rawSeconds = await rawPostgres(url.toString());
    return { provider: "postgresql", ...stored, rawSeconds };
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

const rate = (rows: number, seconds: number) => Math.round(rows / seconds);
const n = (x: number) => x.toLocaleString("en");

export async function run(): Promise<BenchResult> {
  const results = [await onSqlite(), await onPostgres()];
  const lines: string[] = [
    `${SHOPS} demo shops × (2 years daily + 90 days hourly), month by month; raw baseline: ${RAW_ROWS_PER_STATEMENT}-row prepared INSERTs, one transaction per month`,
  ];
  const table = [
    "| database | rows | store rows/s | raw driver rows/s | store / raw | one shop, 2 years daily (median / slowest) | whole backfill |",
    "|---|---:|---:|---:|---:|---:|---:|",
  ];
  let met = true;
  for (const r of results) {
    const store = rate(r.rows, r.storeSeconds);
    const raw = rate(r.rows, r.rawSeconds);
    const ratio = store / raw;
    met &&= ratio >= 1 / 3 && r.slowestShopSeconds < 5;
    lines.push(
      `${r.provider.padEnd(10)} ${n(r.rows)} rows: store ${n(store)} rows/s, raw ${n(raw)} rows/s, ratio ${ratio.toFixed(2)} ` +
        `(target ≥ 0.33); one shop's 2-year backfill ${r.oneShopSeconds.toFixed(2)} s median, ${r.slowestShopSeconds.toFixed(2)} s slowest ` +
        `(target < 5 s); whole backfill ${r.endToEndSeconds.toFixed(0)} s`,
    );
    table.push(
      `| ${r.provider === "sqlite" ? "SQLite" : "PostgreSQL"} | ${n(r.rows)} | ${n(store)} | ${n(raw)} | ${ratio.toFixed(2)} | ${r.oneShopSeconds.toFixed(2)} s / ${r.slowestShopSeconds.toFixed(2)} s | ${r.endToEndSeconds.toFixed(0)} s |`,
    );
  }
  lines.push(met ? "targets met" : "TARGETS MISSED");
  const markdown = [
    `Ingest: ${SHOPS} demo shops, each 2 years of days + 90 days of hours, into each database (Node ${process.version}).`,
    "",
    ...table,
    "",
    "Store rows/s counts only the store's writes; raw driver rows/s is a plain batched insert of the same rows into the same (emptied) table. " +
      "One shop's 2-year backfill (median and slowest over the shops; the slowest is usually the first, on cold connections; the target applies to the slowest) includes generating the demo data and recording source state. " +
      "Targets: store / raw ≥ 0.33; one shop < 5 s.",
  ].join("\n");
  return { name: "ingest", lines, markdown };
}
