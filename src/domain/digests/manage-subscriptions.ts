import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Db } from "../../db/create-db.ts";
import { invalidInput, notAllowed } from "../../shared/errors.ts";
import {
  createDigestDeliveryStore,
  DIGEST_CADENCES,
  type DigestCadence,
  type DigestSubscription,
} from "./digest-delivery-store.ts";

export function parseCadence(text: string | undefined): DigestCadence {
  const cadence = (text ?? "").toLowerCase();
  if (cadence in DIGEST_CADENCES) return cadence as DigestCadence;
  throw invalidInput(`unknown cadence ${text}`, { key: "digest.unknownCadence", params: { cadence: text ?? "" } });
}

function assertAdmin(shop: ShopConfig, actorId: string): void {
  if (!shop.admins.includes(actorId))
    throw notAllowed(`${actorId} is not an admin of ${shop.id}`, {
      key: "digest.adminsOnly",
      params: { shop: shop.name },
    });
}

/**
 * `/shopops digest subscribe`: admins only. Subscribing again reactivates and reschedules;
 * the digest is posted on the cadence's cron in the shop's time zone.
 */
export async function subscribeDigest(
  db: Db,
  input: { shop: ShopConfig; actorId: string; cadence: DigestCadence; channelId: string },
): Promise<{ subscription: DigestSubscription; created: boolean }> {
  assertAdmin(input.shop, input.actorId);
  const { period, cron } = DIGEST_CADENCES[input.cadence];
  return createDigestDeliveryStore(db).subscribe({
    shopId: input.shop.id,
    channelId: input.channelId,
    period,
    cron,
    createdBy: input.actorId,
  });
}

/** `/shopops digest unsubscribe`: admins only; subscriptions from the shops file stay (they change there). */
export async function unsubscribeDigest(
  db: Db,
  input: { shop: ShopConfig; actorId: string; cadence: DigestCadence; channelId: string },
): Promise<{ removed: number; fromConfig: number }> {
  assertAdmin(input.shop, input.actorId);
  return createDigestDeliveryStore(db).unsubscribe({
    shopId: input.shop.id,
    channelId: input.channelId,
    period: DIGEST_CADENCES[input.cadence].period,
  });
}

export function listDigests(db: Db, shop: ShopConfig): Promise<DigestSubscription[]> {
  return createDigestDeliveryStore(db).list(shop.id);
}
