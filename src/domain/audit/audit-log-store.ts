import type { Db } from "../../db/create-db.ts";

export type AuditEntry = {
  shopId: string | undefined;
  actorId: string;
  /** e.g. spend.requested, spend.approved, task.created */
  action: string;
  subjectType: "task" | "spend_request" | "competitor_note" | "promo" | "media_plan" | "approver_substitute";
  subjectId: string | number;
  details?: Record<string, unknown>;
  at: Date;
};

export type AuditLogStore = {
  record(entry: AuditEntry): Promise<void>;
  /** Oldest first, for one subject. */
  forSubject(subjectType: AuditEntry["subjectType"], subjectId: string | number): Promise<AuditEntry[]>;
};

/** Every workflow step, append-only. BigInt details (money in micros) are written as strings. */
export function createAuditLogStore(db: Db): AuditLogStore {
  return {
    async record(entry) {
      await db.prisma.auditLog.create({
        data: {
          shopId: entry.shopId ?? null,
          actorId: entry.actorId,
          action: entry.action,
          subjectType: entry.subjectType,
          subjectId: String(entry.subjectId),
          details: JSON.stringify(entry.details ?? {}, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
          createdAt: entry.at,
        },
      });
    },
    async forSubject(subjectType, subjectId) {
      const rows = await db.prisma.auditLog.findMany({
        where: { subjectType, subjectId: String(subjectId) },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      });
      return rows.map((r) => ({
        shopId: r.shopId ?? undefined,
        actorId: r.actorId,
        action: r.action,
        subjectType: r.subjectType as AuditEntry["subjectType"],
        subjectId: r.subjectId,
        details: JSON.parse(r.details) as Record<string, unknown>,
        at: r.createdAt,
      }));
    },
  };
}
