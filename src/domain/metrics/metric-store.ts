import type { Db } from "../../db/create-db.ts";
import { type Granularity, type Observation, type SourceId, TOTAL } from "./observation.ts";

/**
 * What to read: one shop, one granularity, local buckets `from`..`to` both included
 * (`"2026-11-01".."2026-11-21"` for days, `"2026-11-21T00".."2026-11-21T23"` for hours),
 * one dimension (the shop total `""` unless told), optionally only some metrics or sources.
 */
export type MetricQuery = {
  shopId: string;
  granularity: Granularity;
  from: string;
  to: string;
  dimension?: string;
  metrics?: string[];
  sources?: SourceId[];
};

export type MetricTotal = { metric: string; dimensionValue: string; value: number };
export type MetricPoint = { metric: string; dimensionValue: string; bucket: string; value: number };

export type MetricStore = {
  /**
   * Writes observations keyed by (shop, source, metric, dimension, dimension value,
   * granularity, bucket). Idempotent: an existing key gets the new value and `fetchedAt`,
   * so re-pulling a range overwrites instead of double-counting. All or nothing (one
   * transaction). Returns the number of rows written.
   */
  upsert(observations: Observation[], fetchedAt: Date): Promise<number>;
  /** Per metric and dimension value, summed over the buckets and sources asked for. Exact to the micro. */
  totals(query: MetricQuery): Promise<MetricTotal[]>;
  /** Per metric, dimension value and bucket, summed across sources, ordered by bucket. */
  series(query: MetricQuery): Promise<MetricPoint[]>;
  /** The latest bucket holding any observation (of one source, if given). */
  latestBucket(shopId: string, granularity: Granularity, source?: SourceId): Promise<string | undefined>;
};

const TABLE = `"MetricObservation"`;
const COLUMNS = [
  "shopId",
  "source",
  "metric",
  "dimension",
  "dimensionValue",
  "granularity",
  "bucket",
  "bucketStart",
  "valueMicros",
  "fetchedAt",
] as const;
const KEY = ["shopId", "metric", "granularity", "dimension", "bucket", "source", "dimensionValue"] as const;
const q = (column: string) => `"${column}"`;

/**
 * Rows per statement. A statement carries its rows as one JSON parameter (see `upsert`),
 * so no bound-parameter limit applies; this keeps each payload under half a megabyte.
 */
const ROWS_PER_STATEMENT = 5000;

/** Money and every other value is kept as integer micros so sums are exact on both databases. */
export function toMicros(value: number): bigint {
  return BigInt(Math.round(value * 1e6));
}

/** Micros back to a number, splitting off the whole part so large sums keep their cents. */
export function fromMicros(micros: bigint): number {
  const whole = micros / 1_000_000n;
  const fraction = micros % 1_000_000n;
  return Number(whole) + Number(fraction) / 1e6;
}

/**
 * Integer micros of an observation for the JSON payload: a number while doubles hold it
 * exactly, else its digits (BIGINT holds up to 9.2e18 micros, 9.2 trillion units).
 */
function microsOf(o: Observation): number | string {
  const micros = Math.round(o.value * 1e6);
  if (Number.isSafeInteger(micros)) return micros;
  if (Number.isFinite(micros) && Math.abs(micros) < 9e18) return BigInt(micros).toString();
  throw new RangeError(`${o.shopId}/${o.source}/${o.metric} ${o.bucket}: value ${o.value} cannot be stored`);
}

/** The primary key as one string. */
function keyOf(o: Observation): string {
  return `${o.shopId}\u0000${o.metric}\u0000${o.granularity}\u0000${o.dimension}\u0000${o.bucket}\u0000${o.source}\u0000${o.dimensionValue}`;
}

/** The metric store on SQLite or PostgreSQL; the SQL differences between them stay in this file. */
export function createMetricStore(db: Db): MetricStore {
  const { prisma } = db;
  const pg = db.provider === "postgresql";
  const placeholder = pg ? (i: number) => `$${i}` : () => "?";

  /*
   * Rows travel as one JSON array of arrays per statement, unpacked by the database
   * (json_each / jsonb_array_elements), each row holding only what varies: shop, source and
   * granularity are parameters of the statement. Binding ten parameters per row instead
   * spends most of the time in Prisma's per-parameter handling: on SQLite about a fifth of
   * the raw driver's rate, where this form reaches half or more (bench/ingest.ts).
   */
  const json = (i: number) => (pg ? `r->>${i}` : `value->>${i}`);
  const p = pg
    ? { json: "$1", fetchedAt: "$2::timestamp(3)", shopId: "$3", source: "$4", granularity: "$5" }
    : { json: "?", fetchedAt: "?", shopId: "?", source: "?", granularity: "?" };
  const select = [
    p.shopId,
    p.source,
    json(0), // metric
    json(1), // dimension
    json(2), // dimensionValue
    p.granularity,
    json(3), // bucket
    pg ? `(${json(4)})::timestamp(3)` : json(4), // bucketStart
    pg ? `(${json(5)})::bigint` : `CAST(${json(5)} AS INTEGER)`, // valueMicros
    p.fetchedAt,
  ];
  const upsertSql =
    `INSERT INTO ${TABLE} (${COLUMNS.map(q).join(",")}) SELECT ${select.join(", ")} ` +
    (pg
      ? // jsonb is parsed once; `->>` on plain json re-reads each element's text per field.
        `FROM jsonb_array_elements(convert_from(${p.json}, 'UTF8')::jsonb) AS r `
      : // "WHERE true" tells SQLite's parser that ON CONFLICT belongs to the INSERT, not a join.
        `FROM json_each(CAST(${p.json} AS TEXT)) WHERE true `) +
    `ON CONFLICT (${KEY.map(q).join(",")}) DO UPDATE SET ` +
    `"valueMicros" = excluded."valueMicros", "fetchedAt" = excluded."fetchedAt", "bucketStart" = excluded."bucketStart"`;
  // SQLite keeps DateTime as text; write it exactly as Prisma does so comparisons agree.
  const instant = pg ? (d: Date) => d.toISOString() : (d: Date) => d.toISOString().replace("Z", "+00:00");

  function where(query: MetricQuery): { sql: string; params: unknown[] } {
    const params: unknown[] = [query.shopId, query.granularity, query.dimension ?? TOTAL, query.from, query.to];
    let sql = `"shopId" = ${placeholder(1)} AND "granularity" = ${placeholder(2)} AND "dimension" = ${placeholder(3)} AND "bucket" >= ${placeholder(4)} AND "bucket" <= ${placeholder(5)}`;
    const inList = (column: string, values: readonly string[]) => {
      const marks = values.map((v) => {
        params.push(v);
        return placeholder(params.length);
      });
      sql += ` AND ${q(column)} IN (${marks.join(",")})`;
    };
    if (query.metrics) inList("metric", query.metrics);
    if (query.sources) inList("source", query.sources);
    return { sql, params };
  }

  // Empty filter lists mean "nothing", which `IN ()` cannot say portably.
  const asksForNothing = (query: MetricQuery) => query.metrics?.length === 0 || query.sources?.length === 0;

  return {
    async upsert(observations, fetchedAt) {
      // One statement may not touch a key twice (PostgreSQL refuses), so the last observation of a key wins.
      const unique = new Map<string, Observation>();
      for (const o of observations) unique.set(keyOf(o), o);
      if (unique.size === 0) return 0;
      const groups = new Map<string, Observation[]>();
      for (const o of unique.values()) {
        const group = `${o.shopId}\u0000${o.source}\u0000${o.granularity}`;
        const rows = groups.get(group);
        if (rows) rows.push(o);
        else groups.set(group, [o]);
      }
      const at = instant(fetchedAt);
      const statements = [];
      for (const rows of groups.values()) {
        const { shopId, source, granularity } = rows[0]!;
        for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
          const chunk = rows
            .slice(start, start + ROWS_PER_STATEMENT)
            .map((o) => [o.metric, o.dimension, o.dimensionValue, o.bucket, instant(o.bucketStart), microsOf(o)]);
          // Bytes, not a string: Prisma hands a Buffer on with less copying (a third faster here).
          const payload = Buffer.from(JSON.stringify(chunk));
          statements.push(
            pg
              ? prisma.$executeRawUnsafe(upsertSql, payload, at, shopId, source, granularity)
              : prisma.$executeRawUnsafe(upsertSql, shopId, source, granularity, at, payload),
          );
        }
      }
      await prisma.$transaction(statements);
      return unique.size;
    },

    async totals(query) {
      if (asksForNothing(query)) return [];
      const { sql, params } = where(query);
      const rows = await prisma.$queryRawUnsafe<Array<{ metric: string; dimensionValue: string; micros: string }>>(
        `SELECT "metric", "dimensionValue", CAST(SUM("valueMicros") AS TEXT) AS micros FROM ${TABLE} WHERE ${sql} ` +
          `GROUP BY "metric", "dimensionValue" ORDER BY "metric", "dimensionValue"`,
        ...params,
      );
      return rows.map((r) => ({
        metric: r.metric,
        dimensionValue: r.dimensionValue,
        value: fromMicros(BigInt(r.micros)),
      }));
    },

    async series(query) {
      if (asksForNothing(query)) return [];
      const { sql, params } = where(query);
      const rows = await prisma.$queryRawUnsafe<
        Array<{ metric: string; dimensionValue: string; bucket: string; micros: string }>
      >(
        `SELECT "metric", "dimensionValue", "bucket", CAST(SUM("valueMicros") AS TEXT) AS micros FROM ${TABLE} WHERE ${sql} ` +
          `GROUP BY "bucket", "metric", "dimensionValue" ORDER BY "bucket", "metric", "dimensionValue"`,
        ...params,
      );
      return rows.map((r) => ({
        metric: r.metric,
        dimensionValue: r.dimensionValue,
        bucket: r.bucket,
        value: fromMicros(BigInt(r.micros)),
      }));
    },

    async latestBucket(shopId, granularity, source) {
      const params: unknown[] = [shopId, granularity];
      let sql = `SELECT MAX("bucket") AS bucket FROM ${TABLE} WHERE "shopId" = ${placeholder(1)} AND "granularity" = ${placeholder(2)}`;
      if (source) {
        params.push(source);
        sql += ` AND "source" = ${placeholder(3)}`;
      }
      const rows = await prisma.$queryRawUnsafe<Array<{ bucket: string | null }>>(sql, ...params);
      return rows[0]?.bucket ?? undefined;
    },
  };
}
