import type { Auth, analyticsdata_v1beta } from "googleapis";
import type { Env } from "../../config/env-schema.ts";
import { GA4_SCOPE } from "../google-auth.ts";
import { loadGoogleApis } from "../load-googleapis.ts";

export type CreateAuthClient = (env: Env, scopes: string[]) => Promise<Auth.OAuth2Client>;

/**
 * The GA4 Data API client, made at first use and kept (its auth client caches the token);
 * a failed setup (bad key file) is tried again on the next call. Retries are ours
 * (withSourceRetry), so the client's own are off.
 */
export function createGa4Client(env: Env, createAuthClient: CreateAuthClient) {
  let api: Promise<analyticsdata_v1beta.Analyticsdata> | undefined;
  return (): Promise<analyticsdata_v1beta.Analyticsdata> => {
    api ??= Promise.all([createAuthClient(env, [GA4_SCOPE]), loadGoogleApis()]).then(([auth, { google }]) =>
      google.analyticsdata({ version: "v1beta", auth, rootUrl: env.GA4_API_URL, retry: false }),
    );
    api.catch(() => {
      api = undefined;
    });
    return api;
  };
}
