import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Deps } from "../../deps.ts";
import { invalidInput, notFound } from "../../shared/errors.ts";
import { createPromoStore, type Promo } from "../promos/promo-store.ts";
import { type AlertRecord, createAlertStore, type FeedbackVerdict } from "./alert-store.ts";

/** "expected" and "false_alarm" are feedback; "uplift" is "expected" plus a promo entry for its days. */
export const EXPECTED_CHOICES = ["expected", "false_alarm", "uplift"] as const;
export type ExpectedChoice = (typeof EXPECTED_CHOICES)[number];

export function isExpectedChoice(text: string): text is ExpectedChoice {
  return (EXPECTED_CHOICES as readonly string[]).includes(text);
}

/** Whether an alert is an uplift outside any promo: the case where "expected uplift" is offered. */
export function isUpliftWithoutPromo(alert: AlertRecord): boolean {
  return alert.details.findings.some((f) => f.kind === "anomaly" && f.direction === "up" && !f.promo);
}

/**
 * Someone says an alert was expected or a false alarm: one AlertFeedback row per metric of
 * the incident (which lowers that metric's future sensitivity, see effectiveThreshold) and
 * the alert becomes "expected" (no further updates or posts). For "uplift" on an uplift
 * outside any promo, also a promo entry "Expected: <metric>" covering the incident's days,
 * so the detector treats the period as a promo from now on.
 */
export async function markAlertExpected(
  deps: Pick<Deps, "db" | "clock">,
  shop: ShopConfig,
  input: { alertId: number; userId: string; choice: string },
): Promise<{ alert: AlertRecord; promo: Promo | undefined }> {
  if (!isExpectedChoice(input.choice))
    throw invalidInput(`bad choice ${input.choice}`, { key: "alerts.badChoice", params: { text: input.choice } });
  const store = createAlertStore(deps.db);
  const alert = await store.get(input.alertId);
  if (!alert || alert.shopId !== shop.id)
    throw notFound(`alert ${input.alertId}`, { key: "alerts.notFound", params: { id: input.alertId } });
  const now = deps.clock.now();
  if (alert.status === "expected") return { alert, promo: undefined };

  const verdict: FeedbackVerdict = input.choice === "false_alarm" ? "false_alarm" : "expected";
  for (const metric of new Set(alert.details.findings.map((f) => f.metric)))
    await store.addFeedback({ shopId: shop.id, metric, alertId: alert.id, verdict, userId: input.userId, at: now });
  const status = alert.status === "resolved" ? "resolved" : "expected";
  const updated = (await store.update(alert.id, { status, expectedBy: input.userId })) ?? alert;

  let promo: Promo | undefined;
  if (input.choice === "uplift" && isUpliftWithoutPromo(alert)) {
    const ups = alert.details.findings.filter((f) => f.direction === "up");
    const metrics = [...new Set(ups.map((f) => f.metric))];
    const days = ups.flatMap((f) => [f.from.slice(0, 10), f.to.slice(0, 10)]).sort();
    promo = await createPromoStore(deps.db).create({
      shopId: shop.id,
      name: `Expected: ${metrics.join(", ")}`,
      startDay: days[0] as string,
      endDay: days.at(-1) as string,
      createdBy: input.userId,
      at: now,
    });
  }
  return { alert: updated, promo };
}
