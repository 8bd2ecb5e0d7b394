import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { providerOf, sqlitePathOf } from "./database-url.ts";

const NAME_OID = 19;
const TEXT_OID = 25;

type QueryResultLike = { fields?: Array<{ dataTypeID: number }> };

/**
 * PostgreSQL's `name` columns (OID 19, used throughout the catalog that Prisma's schema
 * engine reads) are unknown to @prisma/adapter-pg (prisma/orm#27403). They hold text, so
 * report them as text.
 */
function reportNameAsText<T>(result: T): T {
  for (const field of (result as QueryResultLike)?.fields ?? []) {
    if (field.dataTypeID === NAME_OID) field.dataTypeID = TEXT_OID;
  }
  return result;
}

const patched = Symbol("nameAsText");

/** A pg pool whose query results, from the pool or from a checked-out client, report `name` as text. */
class NameAsTextPool extends pg.Pool {
  // biome-ignore lint/suspicious/noExplicitAny: pg's overloads (callback and promise forms) don't survive an override
  override query(...args: any[]): any {
    // biome-ignore lint/suspicious/noExplicitAny: see above
    const result = (super.query as any)(...args);
    return result instanceof Promise ? result.then(reportNameAsText) : result;
  }

  // biome-ignore lint/suspicious/noExplicitAny: see above
  override connect(...args: any[]): any {
    // The callback form is pg's own path for pool.query, whose result is fixed above.
    // biome-ignore lint/suspicious/noExplicitAny: see above
    if (args.length > 0) return (super.connect as any)(...args);
    return super.connect().then((client) => {
      const tagged = client as typeof client & { [patched]?: true };
      if (!tagged[patched]) {
        const query = client.query.bind(client);
        // biome-ignore lint/suspicious/noExplicitAny: see above
        client.query = ((...queryArgs: any[]) => {
          // biome-ignore lint/suspicious/noExplicitAny: see above
          const result = (query as any)(...queryArgs);
          return result instanceof Promise ? result.then(reportNameAsText) : result;
        }) as typeof client.query;
        tagged[patched] = true;
      }
      return client;
    });
  }
}

export type AdapterOptions = { poolSize?: number };

/** The Prisma driver adapter factory for a DATABASE_URL: better-sqlite3 for files, pg for PostgreSQL. */
export function createAdapter(url: string, options: AdapterOptions = {}) {
  if (providerOf(url) === "postgresql") {
    // allowExitOnIdle: CLI commands end when their work ends instead of waiting for idle connections.
    // disposeExternalPool: $disconnect closes our pool's connections too.
    return new PrismaPg(
      new NameAsTextPool({ connectionString: url, max: options.poolSize ?? 10, allowExitOnIdle: true }),
      { disposeExternalPool: true },
    );
  }
  const file = sqlitePathOf(url);
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  return new ClosingAtExitSQLite3({ url: file, timeout: 10_000 });
}

/**
 * Closes every SQLite connection when the process exits. On Node 24 a better-sqlite3
 * database still open at exit is destroyed after Node's environment is gone, which aborts
 * the process (an assertion in RemoveEnvironmentCleanupHook); CLIs, Prisma's migrate and test
 * workers do exit with connections open.
 */
class ClosingAtExitSQLite3 extends PrismaBetterSQLite3 {
  override async connect() {
    const adapter = await super.connect();
    const closeAtExit = () => void adapter.dispose();
    process.once("exit", closeAtExit);
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = () => {
      process.off("exit", closeAtExit);
      return dispose();
    };
    return adapter;
  }
}
