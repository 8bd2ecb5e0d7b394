import type { Db } from "../../db/create-db.ts";

export type AlertSummary = {
  id: number;
  shopId: string;
  kind: string;
  severity: string;
  status: string;
  openedAt: Date;
  channelId: string | undefined;
  messageTs: string | undefined;
};

/** Read-only view of the Alert table for the App Home (the alerts feature owns the writes). */
export function createAlertSummaryStore(db: Db) {
  return {
    /** The newest alerts of the shops that are not resolved, newest first. */
    async latestUnresolved(shopIds: string[], limit: number): Promise<AlertSummary[]> {
      const rows = await db.prisma.alert.findMany({
        where: { shopId: { in: shopIds }, status: { not: "resolved" } },
        orderBy: [{ openedAt: "desc" }, { id: "desc" }],
        take: limit,
      });
      return rows.map((r) => ({
        id: r.id,
        shopId: r.shopId,
        kind: r.kind,
        severity: r.severity,
        status: r.status,
        openedAt: r.openedAt,
        channelId: r.channelId ?? undefined,
        messageTs: r.messageTs ?? undefined,
      }));
    },
  };
}
