import { describe, expect, it } from "vitest";
import { createSources } from "../../src/sources/create-sources.ts";
import { buildShop } from "../builders/shop.ts";
import { buildEnv, silentLogger } from "./source-test-kit.ts";

describe("createSources", () => {
  it("offers GA4, Google Ads and Meta, each configured only where the shop and the credentials allow", () => {
    const env = buildEnv({
      GOOGLE_OAUTH_CLIENT_ID: "c",
      GOOGLE_OAUTH_CLIENT_SECRET: "s",
      GOOGLE_OAUTH_REFRESH_TOKEN: "r",
      META_ACCESS_TOKEN: "t",
    });
    const sources = createSources(env, silentLogger);
    expect(sources.map((s) => s.id)).toEqual(["ga4", "google-ads", "meta"]);

    const shop = buildShop({
      sources: {
        ga4: { propertyId: "1" },
        googleAds: { customerId: "1234567890" },
        meta: { adAccountId: "act_1" },
      },
    });
    // No GOOGLE_ADS_DEVELOPER_TOKEN: Google Ads is not usable yet.
    expect(sources.filter((s) => s.isConfigured(shop)).map((s) => s.id)).toEqual(["ga4", "meta"]);
    expect(sources.filter((s) => s.isConfigured(buildShop()))).toEqual([]);
  });
});
