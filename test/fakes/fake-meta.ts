import { type FakeRequest, type FakeResponse, type Fault, faultResponse, startFakeServer } from "./fake-google.ts";

/**
 * A fake of the Meta Graph API on 127.0.0.1: `/vX/act_<id>/insights` with level=campaign and
 * time_increment=1, numbers as strings, purchases under several action types, cursor paging
 * (`paging.cursors.after` and an absolute `paging.next` until the last page), and Graph error
 * objects `{ error: { message, type, code, error_subcode, fbtrace_id } }`.
 */

/** One campaign on one day; `purchases` and `purchaseValue` are reported under every purchase action type. */
export type MetaCampaignDay = {
  date: string;
  campaignId: string;
  campaignName: string;
  spend: number;
  impressions: number;
  clicks: number;
  purchases: number;
  purchaseValue: number;
};

export type FakeMetaAccount = { id: string; currency: string; rows: MetaCampaignDay[] };

export type FakeMeta = {
  /** For META_API_URL. */
  url: string;
  requests: FakeRequest[];
  insightsRequests(): FakeRequest[];
  failNext(...faults: Fault[]): void;
  close(): Promise<void>;
};

export function graphError(code: number, message: string, extra: { type?: string; subcode?: number } = {}) {
  return {
    error: {
      message,
      type: extra.type ?? "OAuthException",
      code,
      ...(extra.subcode === undefined ? {} : { error_subcode: extra.subcode }),
      fbtrace_id: "AbCdEfFake",
    },
  };
}

export const metaFaults = {
  /** A throttling error: 4 (app), 17 (user), 613 (calls per second) or 80000 (ads insights). */
  rateLimited: (code: 4 | 17 | 613 | 80_000 = 17, regainMinutes?: number): Fault => ({
    kind: "status",
    status: 400,
    headers:
      regainMinutes === undefined
        ? {}
        : {
            "x-business-use-case-usage": JSON.stringify({
              "123": [
                {
                  type: "ads_insights",
                  call_count: 100,
                  total_cputime: 40,
                  total_time: 60,
                  estimated_time_to_regain_access: regainMinutes,
                },
              ],
            }),
          },
    body: graphError(code, "User request limit reached", { subcode: code === 17 ? 2446079 : undefined }),
  }),
  expiredToken: (): Fault => ({
    kind: "status",
    status: 400,
    body: graphError(190, "Error validating access token: Session has expired.", { subcode: 463 }),
  }),
  serverError: (): Fault => ({
    kind: "status",
    status: 500,
    body: graphError(2, "An unexpected error has occurred. Please retry your request later.", {
      type: "OAuthException",
    }),
  }),
};

const PURCHASE_TYPES = ["purchase", "offsite_conversion.fb_pixel_purchase", "omni_purchase", "onsite_web_purchase"];

export async function startFakeMeta(options: { accounts: FakeMetaAccount[]; accessToken: string }): Promise<FakeMeta> {
  const accounts = new Map(options.accounts.map((a) => [a.id, a]));
  const pending: Fault[] = [];
  let baseUrl = "";

  const handle = (request: FakeRequest): FakeResponse => {
    const m = /^\/(v[\d.]+)\/(act_\d+)\/insights$/.exec(request.path);
    if (!m || request.method !== "GET")
      return { status: 400, body: graphError(2500, "Unknown path components", { type: "OAuthException" }) };
    if (request.query.get("access_token") !== options.accessToken)
      return {
        status: 400,
        body: graphError(190, "Invalid OAuth access token - Cannot parse access token", { type: "OAuthException" }),
      };
    const fault = pending.shift();
    if (fault) return faultResponse(fault);
    const account = accounts.get(m[2]!);
    if (!account)
      return {
        status: 400,
        body: graphError(
          100,
          `Unsupported get request. Object with ID '${m[2]}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
          { type: "GraphMethodException", subcode: 33 },
        ),
      };
    if (request.query.get("level") !== "campaign" || request.query.get("time_increment") !== "1")
      return { status: 400, body: graphError(100, "The fake only serves level=campaign, time_increment=1") };
    const range = JSON.parse(request.query.get("time_range") ?? "{}") as { since?: string; until?: string };
    const rows = account.rows
      .filter((r) => r.date >= (range.since ?? "") && r.date <= (range.until ?? "9999"))
      .sort((a, b) => a.date.localeCompare(b.date) || a.campaignId.localeCompare(b.campaignId));
    const limit = Number(request.query.get("limit") ?? 25);
    const after = request.query.get("after");
    const start = after ? Number(Buffer.from(after, "base64url").toString()) : 0;
    const page = rows.slice(start, start + limit);
    const end = start + page.length;
    const cursor = (n: number) => Buffer.from(String(n)).toString("base64url");
    const next = new URL(`${baseUrl}${m[1]}/${m[2]}/insights`);
    for (const [k, v] of request.query) if (k !== "after") next.searchParams.set(k, v);
    next.searchParams.set("after", cursor(end));
    const fields = new Set((request.query.get("fields") ?? "").split(","));
    return {
      status: 200,
      body: {
        data: page.map((r) => toInsight(account, r, fields)),
        ...(page.length
          ? {
              paging: {
                cursors: { before: cursor(start), after: cursor(end) },
                ...(end < rows.length ? { next: next.toString() } : {}),
              },
            }
          : {}),
      },
    };
  };

  const server = await startFakeServer(handle);
  baseUrl = server.url;
  return {
    url: server.url,
    requests: server.requests,
    insightsRequests: () => server.requests.filter((r) => r.path.endsWith("/insights")),
    failNext: (...f) => pending.push(...f),
    close: server.close,
  };
}

function toInsight(account: FakeMetaAccount, row: MetaCampaignDay, fields: Set<string>) {
  const all: Record<string, unknown> = {
    campaign_id: row.campaignId,
    campaign_name: row.campaignName,
    account_currency: account.currency,
    spend: row.spend.toFixed(2),
    impressions: String(row.impressions),
    clicks: String(row.clicks),
    ...(row.purchases
      ? {
          actions: [
            { action_type: "link_click", value: String(row.clicks) },
            ...PURCHASE_TYPES.map((action_type) => ({ action_type, value: String(row.purchases) })),
          ],
          action_values: PURCHASE_TYPES.map((action_type) => ({ action_type, value: row.purchaseValue.toFixed(2) })),
        }
      : {}),
  };
  const picked = Object.fromEntries(Object.entries(all).filter(([k]) => fields.has(k)));
  return { ...picked, date_start: row.date, date_stop: row.date };
}
