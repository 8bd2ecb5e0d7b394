import type { Deps } from "../../deps.ts";
import { invalidInput, notFound } from "../../shared/errors.ts";
import { type AlertRecord, createAlertStore } from "./alert-store.ts";

export const SNOOZE_DURATIONS = { "1h": 1, "4h": 4, "24h": 24 } as const;
export type SnoozeDuration = keyof typeof SNOOZE_DURATIONS;

export function isSnoozeDuration(text: string): text is SnoozeDuration {
  return Object.hasOwn(SNOOZE_DURATIONS, text);
}

/**
 * Silences an alert for 1, 4 or 24 hours from now: evaluations keep its details current but
 * do not update or re-post its message until then; if it still goes on afterwards it is
 * posted again. A resolved alert is left as it is (returned unchanged).
 */
export async function snoozeAlert(
  deps: Pick<Deps, "db" | "clock">,
  input: { alertId: number; userId: string; duration: string },
): Promise<AlertRecord> {
  if (!isSnoozeDuration(input.duration))
    throw invalidInput(`bad snooze ${input.duration}`, { key: "alerts.badSnooze", params: { text: input.duration } });
  const store = createAlertStore(deps.db);
  const until = new Date(deps.clock.now().getTime() + SNOOZE_DURATIONS[input.duration] * 3_600_000);
  const updated = await store.update(input.alertId, { status: "snoozed", snoozedUntil: until }, [
    "open",
    "acknowledged",
    "snoozed",
  ]);
  if (updated) return updated;
  const alert = await store.get(input.alertId);
  if (!alert) throw notFound(`alert ${input.alertId}`, { key: "alerts.notFound", params: { id: input.alertId } });
  return alert;
}
