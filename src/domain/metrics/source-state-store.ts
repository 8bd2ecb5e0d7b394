import type { Db } from "../../db/create-db.ts";
import type { SourceErrorKind } from "../../sources/source-error.ts";
import type { SourceId } from "./observation.ts";

/** How fresh and healthy one source is for one shop; `doctor` and the digest show it. */
export type SourceState = {
  shopId: string;
  source: SourceId;
  lastSuccessAt: Date | undefined;
  lastAttemptAt: Date | undefined;
  lastError: string | undefined;
  errorKind: SourceErrorKind | undefined;
  /** Set after a quota error: no pull before this instant. */
  deferredUntil: Date | undefined;
};

export type SourceFailure = { message: string; kind: SourceErrorKind; deferredUntil?: Date };

export type SourceStateStore = {
  /** A pull succeeded at `at`: clears the last error and any deferral. */
  recordSuccess(shopId: string, source: SourceId, at: Date): Promise<void>;
  /** A pull failed at `at`: keeps the last success, stores the error and its kind. */
  recordFailure(shopId: string, source: SourceId, at: Date, failure: SourceFailure): Promise<void>;
  /** Every source that was ever pulled for the shop, ordered by source id. */
  forShop(shopId: string): Promise<SourceState[]>;
};

export function createSourceStateStore(db: Db): SourceStateStore {
  const table = db.prisma.sourceState;
  return {
    async recordSuccess(shopId, source, at) {
      const fields = { lastSuccessAt: at, lastAttemptAt: at, lastError: null, errorKind: null, deferredUntil: null };
      await table.upsert({
        where: { shopId_source: { shopId, source } },
        create: { shopId, source, ...fields },
        update: fields,
      });
    },

    async recordFailure(shopId, source, at, failure) {
      const fields = {
        lastAttemptAt: at,
        lastError: failure.message,
        errorKind: failure.kind,
        deferredUntil: failure.deferredUntil ?? null,
      };
      await table.upsert({
        where: { shopId_source: { shopId, source } },
        create: { shopId, source, ...fields },
        update: fields,
      });
    },

    async forShop(shopId) {
      const rows = await table.findMany({ where: { shopId }, orderBy: { source: "asc" } });
      return rows.map((r) => ({
        shopId: r.shopId,
        source: r.source as SourceId,
        lastSuccessAt: r.lastSuccessAt ?? undefined,
        lastAttemptAt: r.lastAttemptAt ?? undefined,
        lastError: r.lastError ?? undefined,
        errorKind: (r.errorKind ?? undefined) as SourceErrorKind | undefined,
        deferredUntil: r.deferredUntil ?? undefined,
      }));
    },
  };
}
