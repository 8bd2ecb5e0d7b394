import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseEnv, parseShopsYaml } from "../../src/config/load-config.ts";

const VALID = `
shops:
  - id: acme
    name: ACME Store
    timezone: Europe/Warsaw
    currency: EUR
    locale: en
    sources:
      ga4: { propertyId: "123456789" }
      googleAds: { customerId: "1234567890", loginCustomerId: "9876543210" }
      meta: { adAccountId: "act_1234567890" }
      demo: {}
    channels: { digests: C0DIGEST, alerts: C0ALERTS, approvals: C0APPROVE }
    approvers: [U0MANAGER]
    admins: [U0MANAGER]
    twoApprovalsAbove: 10000
    digests:
      - { channel: C0DIGEST, cron: "0 8 * * *", period: yesterday }
      - { channel: C0DIGEST, cron: "0 9 * * 1", period: last-week }
    pulls: { cron: "15 * * * *" }
`;

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("shops file", () => {
  it("accepts the documented shape and fills defaults", () => {
    const [shop] = parseShopsYaml(VALID, "test.yaml");
    expect(shop?.id).toBe("acme");
    expect(shop?.sources.googleAds?.loginCustomerId).toBe("9876543210");
    expect(shop?.charts).toBe("both");
    expect(shop?.digests).toHaveLength(2);
  });

  it("names every problem with its YAML path, one line each", () => {
    const bad = VALID.replace("Europe/Warsaw", "Europe/Warsw")
      .replace("currency: EUR", "currency: EURO")
      .replace("locale: en", "locale: de");
    expect(problemsOf(() => parseShopsYaml(bad, "test.yaml"))).toEqual([
      'shops[0].timezone: unknown time zone "Europe/Warsw"',
      'shops[0].currency: unknown currency "EURO" (use an ISO 4217 code such as EUR)',
      expect.stringMatching(/^shops\[0\]\.locale: /),
    ]);
  });

  it("rejects duplicate shop ids and broken YAML clearly", () => {
    const twice = `shops:\n  - { id: a, name: A, timezone: UTC, currency: EUR }\n  - { id: a, name: B, timezone: UTC, currency: EUR }\n`;
    expect(problemsOf(() => parseShopsYaml(twice, "x.yaml"))).toEqual(['shops[1].id: duplicate shop id "a"']);
    expect(problemsOf(() => parseShopsYaml("shops: [", "x.yaml"))[0]).toMatch(/^x\.yaml: not valid YAML/);
  });
});

describe("environment", () => {
  it("defaults to SQLite, Slack's API and socket mode when an app token is set", () => {
    const env = parseEnv({ SLACK_APP_TOKEN: "xapp-1-abc" });
    expect(env.DATABASE_URL).toBe("file:./data/shopops.db");
    expect(env.SLACK_API_URL).toBe("https://slack.com/api/");
    expect(env.SLACK_MODE).toBe("socket");
    expect(parseEnv({}).SLACK_MODE).toBe("http");
  });

  it("reports each bad variable by name without echoing secret values", () => {
    const problems = problemsOf(() =>
      loadConfig({
        DATABASE_URL: "mysql://x",
        PORT: "abc",
        SLACK_BOT_TOKEN: "xoxb-secret-value",
        SHOPOPS_CONFIG: "/nonexistent.yaml",
      }),
    );
    expect(problems.some((p) => p.startsWith("DATABASE_URL: "))).toBe(true);
    expect(problems.some((p) => p.startsWith("PORT: "))).toBe(true);
    expect(problems.some((p) => p.startsWith("SHOPOPS_CONFIG: "))).toBe(true);
    expect(problems.join("\n")).not.toContain("xoxb-secret-value");
  });
});
