/** Which database a DATABASE_URL points at; the one place that decides it. */
export type DatabaseProvider = "sqlite" | "postgresql";

export const DEFAULT_DATABASE_URL = "file:./data/shopops.db";

export function providerOf(url: string): DatabaseProvider {
  return /^postgres(ql)?:\/\//i.test(url) ? "postgresql" : "sqlite";
}

/** The file path of a `file:` URL, relative paths resolved against the working directory. */
export function sqlitePathOf(url: string): string {
  const path = url.replace(/^file:(\/\/)?/i, "").replace(/\?.*$/, "");
  if (path === "") throw new Error(`DATABASE_URL "${url}" names no SQLite file`);
  return path;
}
