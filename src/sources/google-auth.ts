import { readFile } from "node:fs/promises";
import type { Auth } from "googleapis";
import { z } from "zod";
import type { Env } from "../config/env-schema.ts";
import { loadGoogleApis } from "./load-googleapis.ts";

/** Where google-auth-library sends every token request, whatever a key file's `token_uri` says. */
const LIBRARY_TOKEN_URL = "https://oauth2.googleapis.com/token";

export const GA4_SCOPE = "https://www.googleapis.com/auth/analytics.readonly";
export const GOOGLE_ADS_SCOPE = "https://www.googleapis.com/auth/adwords";

const ServiceAccountKeySchema = z.object({
  type: z.literal("service_account"),
  client_email: z.string().min(1),
  private_key: z.string().min(1),
  private_key_id: z.string().optional(),
});

/** Credentials were missing or unusable before any request was made. */
export class GoogleCredentialsError extends Error {
  override readonly name = "GoogleCredentialsError";
}

/** Which Google credentials the environment holds: a service-account key file wins over a refresh token. */
export function googleCredentialsKind(env: Env): "service_account" | "refresh_token" | undefined {
  if (env.GOOGLE_APPLICATION_CREDENTIALS) return "service_account";
  if (env.GOOGLE_OAUTH_CLIENT_ID && env.GOOGLE_OAUTH_CLIENT_SECRET && env.GOOGLE_OAUTH_REFRESH_TOKEN)
    return "refresh_token";
  return undefined;
}

/**
 * An auth client for Google APIs with `scopes`, built from a service-account key file
 * (GOOGLE_APPLICATION_CREDENTIALS) or an OAuth refresh token. Every token request goes to
 * `env.GOOGLE_TOKEN_URL`: the OAuth client takes it as its token endpoint; the JWT client's
 * token library has the URL built in, so its transporter rewrites that one URL.
 * The client caches its access token and refreshes it shortly before expiry.
 */
export async function createGoogleAuthClient(env: Env, scopes: string[]): Promise<Auth.OAuth2Client> {
  const kind = googleCredentialsKind(env);
  const { Auth } = await loadGoogleApis();
  if (kind === "refresh_token") {
    const client = new Auth.OAuth2Client({
      clientId: env.GOOGLE_OAUTH_CLIENT_ID,
      clientSecret: env.GOOGLE_OAUTH_CLIENT_SECRET,
      endpoints: { oauth2TokenUrl: env.GOOGLE_TOKEN_URL },
    });
    client.setCredentials({ refresh_token: env.GOOGLE_OAUTH_REFRESH_TOKEN ?? null });
    return client;
  }
  if (kind === "service_account") {
    const key = await readServiceAccountKey(env.GOOGLE_APPLICATION_CREDENTIALS!);
    const client = new Auth.JWT({
      email: key.client_email,
      key: key.private_key,
      keyId: key.private_key_id,
      scopes,
    });
    routeTokenRequests(client, env.GOOGLE_TOKEN_URL);
    return client;
  }
  throw new GoogleCredentialsError(
    "no Google credentials: set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file, or GOOGLE_OAUTH_CLIENT_ID, GOOGLE_OAUTH_CLIENT_SECRET and GOOGLE_OAUTH_REFRESH_TOKEN",
  );
}

async function readServiceAccountKey(path: string): Promise<z.infer<typeof ServiceAccountKeySchema>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new GoogleCredentialsError(
      `cannot read the service-account key file ${path} (GOOGLE_APPLICATION_CREDENTIALS)`,
      {
        cause: error,
      },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = ServiceAccountKeySchema.safeParse(json);
  if (!parsed.success)
    throw new GoogleCredentialsError(
      `${path} is not a service-account key file (expected JSON with type "service_account", client_email and private_key)`,
    );
  return parsed.data;
}

function routeTokenRequests(client: Auth.JWT, tokenUrl: string): void {
  if (tokenUrl === LIBRARY_TOKEN_URL) return;
  client.transporter.interceptors.request.add({
    resolved: async (options) => {
      if (options.url.href === LIBRARY_TOKEN_URL) options.url = new URL(tokenUrl);
      return options;
    },
  });
}

/**
 * When `error` is a refused token request (bad key, revoked refresh token, wrong client),
 * a short description of it; otherwise undefined. Token endpoint errors carry an OAuth
 * `error` string, API errors an object.
 */
export function describeTokenError(error: unknown, tokenUrl: string): string | undefined {
  if (error instanceof GoogleCredentialsError) return error.message;
  if (typeof error !== "object" || error === null) return undefined;
  const { config, response } = error as { config?: { url?: unknown }; response?: { data?: unknown } };
  const data = response?.data as { error?: unknown; error_description?: unknown } | undefined;
  const url = config?.url === undefined ? "" : String(config.url);
  const fromTokenEndpoint = url === tokenUrl || url === LIBRARY_TOKEN_URL || typeof data?.error === "string";
  if (!fromTokenEndpoint) return undefined;
  const code = typeof data?.error === "string" ? data.error : "request failed";
  const detail = typeof data?.error_description === "string" ? `: ${data.error_description}` : "";
  return `the Google token endpoint refused the credentials (${code}${detail})`;
}
