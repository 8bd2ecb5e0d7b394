import type { PrismaClient as SqliteClient } from "../generated/sqlite/client.ts";
import { createAdapter } from "./create-adapter.ts";
import { type DatabaseProvider, providerOf } from "./database-url.ts";

/**
 * Both generated clients come from the same models (prisma/models.prisma), so they share
 * one shape; the SQLite client's type stands for both. Provider differences live in the
 * `*-store.ts` files, which can ask `db.provider`.
 */
export type PrismaDb = SqliteClient;

export type Db = {
  prisma: PrismaDb;
  provider: DatabaseProvider;
  url: string;
  close(): Promise<void>;
};

export type CreateDbOptions = { poolSize?: number };

const TRANSACTION_MAX_WAIT_MS = 10_000;
const TRANSACTION_TIMEOUT_MS = 30_000;

/** Opens the database a DATABASE_URL names. Does not migrate: see migrate.ts. */
export async function createDb(url: string, options: CreateDbOptions = {}): Promise<Db> {
  const provider = providerOf(url);
  const adapter = createAdapter(url, options);
  // Prisma gives a transaction 2 s to start and 5 s to finish. A Slack approval waiting behind
  // a pull's month of upserts (SQLite runs one writer at a time) or for a pooled connection on
  // a busy machine would fail for no fault of its own; give both room.
  const transactionOptions = { maxWait: TRANSACTION_MAX_WAIT_MS, timeout: TRANSACTION_TIMEOUT_MS };
  // Only the client of the database in use is loaded: each carries its own query compiler (WASM).
  const prisma =
    provider === "postgresql"
      ? (new (await import("../generated/postgresql/client.ts")).PrismaClient({
          adapter,
          transactionOptions,
        }) as unknown as PrismaDb)
      : new (await import("../generated/sqlite/client.ts")).PrismaClient({ adapter, transactionOptions });
  if (provider === "sqlite") {
    // WAL lets readers (digests, Slack handlers) run while a pull writes; busy_timeout
    // makes concurrent writers wait instead of failing.
    await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await prisma.$queryRawUnsafe("PRAGMA busy_timeout = 10000");
    await prisma.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  } else {
    await prisma.$connect();
  }
  return { prisma, provider, url, close: () => prisma.$disconnect() };
}
