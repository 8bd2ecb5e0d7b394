/** The PostgreSQL server tests use: TEST_POSTGRES_URL, or the local one these machines run. */
const BASE = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export const POSTGRES_TEMPLATE = `shopops_template_${process.env.VITEST_POOL_ID ?? "x"}_${process.pid}`.replace(
  /[^a-z0-9_]/gi,
  "",
);

export function adminUrl(): string {
  return BASE;
}

export function postgresUrl(database: string): string {
  const url = new URL(BASE);
  url.pathname = `/${database}`;
  return url.toString();
}
