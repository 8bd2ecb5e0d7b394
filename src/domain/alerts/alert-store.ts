import type { Db } from "../../db/create-db.ts";
import {
  type AlertKind,
  type AlertSeverity,
  type AlertStatus,
  type Incident,
  type IncidentDetails,
  IncidentDetailsSchema,
} from "./incident.ts";

/** An incident as stored: one row per Slack message. */
export type AlertRecord = {
  id: number;
  shopId: string;
  incidentKey: string;
  kind: AlertKind;
  severity: AlertSeverity;
  status: AlertStatus;
  details: IncidentDetails;
  channelId: string | undefined;
  messageTs: string | undefined;
  openedAt: Date;
  resolvedAt: Date | undefined;
  ackBy: string | undefined;
  ackAt: Date | undefined;
  snoozedUntil: Date | undefined;
  expectedBy: string | undefined;
  taskId: number | undefined;
};

export type AlertPatch = Partial<
  Pick<
    AlertRecord,
    | "kind"
    | "severity"
    | "status"
    | "details"
    | "channelId"
    | "messageTs"
    | "resolvedAt"
    | "ackBy"
    | "ackAt"
    | "snoozedUntil"
    | "expectedBy"
    | "taskId"
  >
>;

export type FeedbackVerdict = "expected" | "false_alarm";

export type AlertStore = {
  create(shopId: string, incident: Incident, openedAt: Date): Promise<AlertRecord>;
  get(id: number): Promise<AlertRecord | undefined>;
  /** Every alert of the shop that is not resolved, oldest first. */
  unresolved(shopId: string): Promise<AlertRecord[]>;
  /** Applies `patch`; with `onlyIfStatus`, only while the alert has one of those statuses. Returns the row, or undefined when the condition failed. */
  update(id: number, patch: AlertPatch, onlyIfStatus?: AlertStatus[]): Promise<AlertRecord | undefined>;
  addFeedback(input: {
    shopId: string;
    metric: string;
    alertId: number;
    verdict: FeedbackVerdict;
    userId: string;
    at: Date;
  }): Promise<void>;
  /** Feedback rows per metric since `since`: how often a metric's alerts were called expected or false. */
  feedbackCounts(shopId: string, since: Date): Promise<Record<string, number>>;
};

type Row = Awaited<ReturnType<Db["prisma"]["alert"]["create"]>>;

function toRecord(r: Row): AlertRecord {
  return {
    id: r.id,
    shopId: r.shopId,
    incidentKey: r.incidentKey,
    kind: r.kind as AlertKind,
    severity: r.severity as AlertSeverity,
    status: r.status as AlertStatus,
    details: IncidentDetailsSchema.parse(JSON.parse(r.details)),
    channelId: r.channelId ?? undefined,
    messageTs: r.messageTs ?? undefined,
    openedAt: r.openedAt,
    resolvedAt: r.resolvedAt ?? undefined,
    ackBy: r.ackBy ?? undefined,
    ackAt: r.ackAt ?? undefined,
    snoozedUntil: r.snoozedUntil ?? undefined,
    expectedBy: r.expectedBy ?? undefined,
    taskId: r.taskId ?? undefined,
  };
}

/** Keys left out of a patch stay as they are; a key present with `undefined` is cleared (null). */
function toData(patch: AlertPatch): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    data[key] = key === "details" ? JSON.stringify(value) : (value ?? null);
  }
  return data;
}

export function createAlertStore(db: Db): AlertStore {
  const { prisma } = db;
  return {
    async create(shopId, incident, openedAt) {
      const row = await prisma.alert.create({
        data: {
          shopId,
          incidentKey: incident.key,
          kind: incident.kind,
          severity: incident.severity,
          status: "open",
          details: JSON.stringify(incident.details),
          openedAt,
        },
      });
      return toRecord(row);
    },

    async get(id) {
      const row = await prisma.alert.findUnique({ where: { id } });
      return row ? toRecord(row) : undefined;
    },

    async unresolved(shopId) {
      const rows = await prisma.alert.findMany({
        where: { shopId, status: { not: "resolved" } },
        orderBy: [{ openedAt: "asc" }, { id: "asc" }],
      });
      return rows.map(toRecord);
    },

    async update(id, patch, onlyIfStatus) {
      const data = toData(patch);
      if (onlyIfStatus) {
        // Conditional, so two clicks racing (ack vs resolve) give one outcome.
        const { count } = await prisma.alert.updateMany({ where: { id, status: { in: onlyIfStatus } }, data });
        if (count === 0) return undefined;
        const row = await prisma.alert.findUnique({ where: { id } });
        return row ? toRecord(row) : undefined;
      }
      return toRecord(await prisma.alert.update({ where: { id }, data }));
    },

    async addFeedback(input) {
      const { at, ...data } = input;
      await prisma.alertFeedback.create({ data: { ...data, createdAt: at } });
    },

    async feedbackCounts(shopId, since) {
      const groups = await prisma.alertFeedback.groupBy({
        by: ["metric"],
        where: { shopId, createdAt: { gte: since } },
        _count: { _all: true },
      });
      return Object.fromEntries(groups.map((g) => [g.metric, g._count._all]));
    },
  };
}
