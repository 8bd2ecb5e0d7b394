import { afterAll, beforeAll, expect, it } from "vitest";
import { createMetricStore } from "../../src/domain/metrics/metric-store.ts";
import { pullShop } from "../../src/domain/metrics/pull-shop.ts";
import { createSourceStateStore } from "../../src/domain/metrics/source-state-store.ts";
import { createFixedClock } from "../../src/shared/clock.ts";
import { createDemoSource } from "../../src/sources/demo/demo-source.ts";
import { buildShop } from "../builders/shop.ts";
import { startTestApp, type TestApp } from "../support/app-harness.ts";
import { describeEachDatabase } from "../support/test-db.ts";

const clock = createFixedClock(new Date("2026-11-23T10:00:00Z"));
const shop = buildShop({ admins: ["U0MANAGER"] });

describeEachDatabase("/kpi and /shopops digest", (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ db: ctx.db, shops: [shop], clock });
    await pullShop({
      shop,
      sources: [createDemoSource(clock)],
      store: createMetricStore(ctx.db),
      sourceStates: createSourceStateStore(ctx.db),
      range: { from: "2026-10-01", to: "2026-11-22" },
      granularity: "day",
      clock,
      logger: t.deps.logger,
    });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const reply = async (command: string, text: string, user = "U0MANAGER") => {
    const before = t.slack.callsTo("response_url").length;
    await t.send.command(command, text, { user, channel: "C0DIGEST" });
    const calls = await t.slack.waitFor("response_url", before + 1);
    return calls[before]?.body as { text: string; response_type: string; blocks?: Array<Record<string, unknown>> };
  };

  it("answers /kpi with yesterday's KPIs privately, with a Share to channel button", async () => {
    const answer = await reply("/kpi", "");
    expect(answer.response_type).toBe("ephemeral");
    expect(answer.text).toContain("ACME Store");
    const buttons = JSON.stringify(answer.blocks);
    expect(buttons).toContain('"action_id":"kpi_share"');
  });

  it("accepts a leading shop id and each period word", async () => {
    for (const period of ["today", "7d", "30d", "mtd"]) {
      const answer = await reply("/kpi", `acme ${period}`);
      expect(answer.response_type).toBe("ephemeral");
      expect(JSON.stringify(answer.blocks)).toContain("kpi_share");
    }
  });

  it("names an unknown period with the usage", async () => {
    const answer = await reply("/kpi", "fortnight");
    expect(answer.text).toMatch(/Unknown period “fortnight”[\s\S]*Usage:[\s\S]*\/kpi/);
  });

  it("shares the reply to the channel when the button is clicked", async () => {
    const answer = await reply("/kpi", "yesterday");
    const value = JSON.stringify(answer.blocks).match(/"action_id":"kpi_share","value":"((?:[^"\\]|\\.)*)"/)?.[1];
    expect(value).toBeDefined();
    const posts = t.slack.callsTo("chat.postMessage").length;
    const responses = t.slack.callsTo("response_url").length;
    await t.send.action("kpi_share", JSON.parse(`"${value}"`) as string, { channel: "C0DIGEST", user: "U0ANALYST" });
    const [post] = (await t.slack.waitFor("chat.postMessage", posts + 1)).slice(posts);
    expect(post?.body.channel).toBe("C0DIGEST");
    expect(JSON.stringify(post?.body.blocks)).toContain("U0ANALYST");
    const [removal] = (await t.slack.waitFor("response_url", responses + 1)).slice(responses);
    expect(removal?.body).toMatchObject({ delete_original: true });
  });

  it("lets an admin subscribe a channel to a digest, lists it, and unsubscribes it", async () => {
    expect((await reply("/shopops", "digest subscribe daily <#C0MARKETING|marketing>")).text).toContain(
      "posted in <#C0MARKETING>",
    );
    expect((await reply("/shopops", "digest subscribe daily <#C0MARKETING|marketing>")).text).toContain("already gets");
    expect((await reply("/shopops", "digest list")).text).toContain("<#C0MARKETING>");
    expect((await reply("/shopops", "digest unsubscribe daily <#C0MARKETING>")).text).toContain("no longer");
    expect(await ctx.db.prisma.digestSubscription.count({ where: { channelId: "C0MARKETING", active: true } })).toBe(0);
  });

  it("refuses digest changes from non-admins and bad input, storing nothing", async () => {
    const count = () => ctx.db.prisma.digestSubscription.count();
    const before = await count();
    expect((await reply("/shopops", "digest subscribe daily", "U0INTERN")).text).toContain("Only the admins");
    expect((await reply("/shopops", "digest subscribe hourly")).text).toMatch(/Unknown digest “hourly”[\s\S]*Usage:/);
    expect((await reply("/shopops", "digest subscribe weekly marketing")).text).toMatch(/“marketing” is not a channel/);
    expect((await reply("/shopops", "digest explode")).text).toMatch(/Unknown \/shopops subcommand “digest explode”/);
    expect(await count()).toBe(before);
  });
});
