import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { google } from "googleapis";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createGoogleAuthClient, GA4_SCOPE, GoogleCredentialsError } from "../../src/sources/google-auth.ts";
import {
  createServiceAccountKey,
  type FakeGoogle,
  startFakeGoogle,
  writeServiceAccountKeyFile,
} from "../fakes/fake-google.ts";
import { buildEnv } from "./source-test-kit.ts";

const dir = mkdtempSync(join(tmpdir(), "shopops-auth-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const key = createServiceAccountKey();
const keyPath = writeServiceAccountKeyFile(dir, key);

let running: FakeGoogle | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe("Google auth", () => {
  it("gets a service-account token from GOOGLE_TOKEN_URL and reuses it until it expires", async () => {
    running = await startFakeGoogle({ serviceAccounts: [key] });
    const client = await createGoogleAuthClient(
      buildEnv({ GOOGLE_APPLICATION_CREDENTIALS: keyPath, GOOGLE_TOKEN_URL: running.tokenUrl }),
      [GA4_SCOPE],
    );
    const first = await client.getAccessToken();
    const second = await client.getAccessToken();
    expect(first.token).toBe(second.token);
    expect(running.issuedTokens.has(first.token!)).toBe(true);
    expect(running.grants).toHaveLength(1);
  });

  it("prefers the service-account key when a refresh token is set too", async () => {
    running = await startFakeGoogle({
      serviceAccounts: [key],
      oauthClients: [{ clientId: "c", clientSecret: "s", refreshTokens: ["r"] }],
    });
    const env = buildEnv({
      GOOGLE_APPLICATION_CREDENTIALS: keyPath,
      GOOGLE_OAUTH_CLIENT_ID: "c",
      GOOGLE_OAUTH_CLIENT_SECRET: "s",
      GOOGLE_OAUTH_REFRESH_TOKEN: "r",
      GOOGLE_TOKEN_URL: running.tokenUrl,
    });
    await (await createGoogleAuthClient(env, [GA4_SCOPE])).getAccessToken();
    expect(running.grants.map((g) => g.grantType)).toEqual(["jwt-bearer"]);
  });

  it("says clearly when no credentials are set or the key file is not a service-account key", async () => {
    await expect(createGoogleAuthClient(buildEnv({}), [GA4_SCOPE])).rejects.toThrow(
      /no Google credentials: set GOOGLE_APPLICATION_CREDENTIALS/,
    );
    const notAKey = join(dir, "user.json");
    writeFileSync(notAKey, JSON.stringify({ type: "authorized_user", client_id: "x" }));
    const error = await createGoogleAuthClient(buildEnv({ GOOGLE_APPLICATION_CREDENTIALS: notAKey }), [
      GA4_SCOPE,
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoogleCredentialsError);
    expect((error as Error).message).toContain("is not a service-account key file");
  });

  it("lets the googleapis client run a realtime report against the fake", async () => {
    running = await startFakeGoogle({
      serviceAccounts: [key],
      properties: [
        {
          id: "42",
          currencyCode: "EUR",
          timeZone: "Europe/Warsaw",
          facts: [],
          realtime: [
            { dimensions: { minutesAgo: "00" }, metrics: { activeUsers: 3, keyEvents: 1 } },
            { dimensions: { minutesAgo: "00" }, metrics: { activeUsers: 2 } },
            { dimensions: { minutesAgo: "01" }, metrics: { activeUsers: 4 } },
          ],
        },
      ],
    });
    const auth = await createGoogleAuthClient(
      buildEnv({ GOOGLE_APPLICATION_CREDENTIALS: keyPath, GOOGLE_TOKEN_URL: running.tokenUrl }),
      [GA4_SCOPE],
    );
    const api = google.analyticsdata({ version: "v1beta", auth, rootUrl: running.url });
    const { data } = await api.properties.runRealtimeReport({
      property: "properties/42",
      requestBody: { dimensions: [{ name: "minutesAgo" }], metrics: [{ name: "activeUsers" }, { name: "keyEvents" }] },
    });
    expect(
      data.rows?.map((r) => [r.dimensionValues?.[0]?.value, ...(r.metricValues ?? []).map((m) => m.value)]),
    ).toEqual([
      ["00", "5", "1"],
      ["01", "4", "0"],
    ]);
  });
});
