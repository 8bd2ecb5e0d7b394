import { type ShopConfig, ShopSchema } from "../../src/config/shops-schema.ts";

/** A realistic shop (the README's ACME example) with overrides; parsed, so defaults apply. */
export function buildShop(overrides: Partial<Record<keyof ShopConfig, unknown>> = {}): ShopConfig {
  return ShopSchema.parse({
    id: "acme",
    name: "ACME Store",
    timezone: "Europe/Warsaw",
    currency: "EUR",
    locale: "en",
    sources: { demo: {} },
    channels: { digests: "C0DIGEST", alerts: "C0ALERTS", approvals: "C0APPROVE" },
    approvers: ["U0MANAGER", "U0CFO"],
    admins: ["U0MANAGER"],
    twoApprovalsAbove: 10000,
    ...overrides,
  });
}
