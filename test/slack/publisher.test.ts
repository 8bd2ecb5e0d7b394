import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "../../src/config/load-config.ts";
import { createLogger } from "../../src/shared/logger.ts";
import { createEnvPublisher } from "../../src/slack/publish/create-env-publisher.ts";
import type { Publisher } from "../../src/slack/publish/publisher.ts";
import { type FakeSlack, startFakeSlack } from "../fakes/fake-slack.ts";

describe("the publisher against Slack faults", () => {
  let slack: FakeSlack;
  let publisher: Publisher;
  beforeAll(async () => {
    slack = await startFakeSlack();
    const env = parseEnv({ SLACK_BOT_TOKEN: "xoxb-test-publisher", SLACK_API_URL: slack.apiUrl });
    publisher = createEnvPublisher(env, createLogger({ level: "silent" }), {
      retries: 3,
      factor: 1,
      minTimeout: 5,
      maxTimeout: 20,
    }) as Publisher;
  });
  afterAll(async () => {
    await slack?.close();
  });

  const posts = (channel: string) =>
    slack.callsTo("chat.postMessage").filter((c) => c.body.channel === channel && c.status === 200);

  it("waits out a 429 with Retry-After and then posts exactly once", async () => {
    slack.failNext("chat.postMessage", { status: 429, retryAfter: 1 });
    const posted = await publisher.post("C0LIMITED", { text: "digest" });
    expect(posted.ts).not.toBe("");
    expect(slack.callsTo("chat.postMessage").filter((c) => c.body.channel === "C0LIMITED")).toHaveLength(2);
    expect(posts("C0LIMITED")).toHaveLength(1);
  });

  it("retries 5xx answers with backoff", async () => {
    slack.failNext("chat.postMessage", { status: 503 }, 2);
    await publisher.post("C0FLAKY", { text: "digest" });
    expect(posts("C0FLAKY")).toHaveLength(1);
  });

  it("rejects an ok:false answer with Slack's error code, without retrying", async () => {
    slack.failNext("chat.postMessage", { error: "not_in_channel" });
    await expect(publisher.post("C0NOBOT", { text: "digest" })).rejects.toMatchObject({
      data: { error: "not_in_channel" },
    });
    expect(slack.callsTo("chat.postMessage").filter((c) => c.body.channel === "C0NOBOT")).toHaveLength(1);
  });
});

describe("the publisher under Slack's per-channel posting limit", () => {
  it("spaces posts to one channel, so none is answered 429, and does not hold back other channels", async () => {
    const slack = await startFakeSlack();
    try {
      slack.limitPostsPerChannel(1_000);
      const env = parseEnv({ SLACK_BOT_TOKEN: "xoxb-test-publisher", SLACK_API_URL: slack.apiUrl });
      const publisher = createEnvPublisher(env, createLogger({ level: "silent" })) as Publisher;
      const order: string[] = [];
      const post = (channel: string, text: string) =>
        publisher.post(channel, { text }).then(() => void order.push(`${channel} ${text}`));
      await Promise.all([
        post("C0BUSY", "daily"),
        post("C0BUSY", "weekly"),
        post("C0BUSY", "monthly"),
        post("C0QUIET", "daily"),
      ]);

      const calls = slack.callsTo("chat.postMessage");
      expect(calls.filter((c) => c.status === 429)).toEqual([]);
      expect(calls).toHaveLength(4);
      // The other channel's post does not queue behind the busy channel's.
      expect(order.indexOf("C0QUIET daily")).toBeLessThan(order.indexOf("C0BUSY weekly"));
      expect(order.filter((o) => o.startsWith("C0BUSY"))).toEqual(["C0BUSY daily", "C0BUSY weekly", "C0BUSY monthly"]);
    } finally {
      await slack.close();
    }
  });
});
