import type { Deps } from "../../deps.ts";
import { notFound } from "../../shared/errors.ts";
import { type AlertRecord, createAlertStore } from "./alert-store.ts";

/**
 * Someone took an alert on: records who and when. An open or snoozed alert becomes
 * acknowledged (a snooze ends); a resolved or expected one keeps its status. Idempotent
 * for the same user; a second person's acknowledgement replaces the first.
 */
export async function acknowledgeAlert(
  deps: Pick<Deps, "db" | "clock">,
  input: { alertId: number; userId: string },
): Promise<AlertRecord> {
  const store = createAlertStore(deps.db);
  const patch = { ackBy: input.userId, ackAt: deps.clock.now() };
  const updated =
    (await store.update(input.alertId, { ...patch, status: "acknowledged", snoozedUntil: undefined }, [
      "open",
      "snoozed",
      "acknowledged",
    ])) ?? (await store.update(input.alertId, patch, ["resolved", "expected"]));
  if (!updated) throw notFound(`alert ${input.alertId}`, { key: "alerts.notFound", params: { id: input.alertId } });
  return updated;
}
