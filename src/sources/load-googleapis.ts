import type * as GoogleApis from "googleapis";

/**
 * googleapis is large (about 100 MB resident once loaded), so it is loaded the first time a
 * Google source pulls, not at start: a ShopOps without GA4 or Google Ads never pays for it.
 */
export function loadGoogleApis(): Promise<typeof GoogleApis> {
  return import("googleapis");
}
