import { afterAll, beforeAll, expect, it } from "vitest";
import { decideSpend } from "../../src/domain/approvals/decide-spend.ts";
import { requestSpend } from "../../src/domain/approvals/request-spend.ts";
import { addTask } from "../../src/domain/tasks/add-task.ts";
import { createReminderJobs } from "../../src/jobs/reminders-job.ts";
import { createFixedClock } from "../../src/shared/clock.ts";
import { postSpendRequest } from "../../src/slack/publish/spend-messages.ts";
import { buildShop } from "../builders/shop.ts";
import { startTestApp, type TestApp } from "../support/app-harness.ts";
import { describeEachDatabase } from "../support/test-db.ts";

describeEachDatabase("reminder jobs", (ctx) => {
  const clock = createFixedClock("2026-11-20T10:00:00Z");
  const shop = buildShop({ approvers: ["U0MANAGER", "U0CFO"], approvals: { remindAfterHours: 4, expireAfterDays: 2 } });
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ db: ctx.db, clock, shops: [shop] });
  });
  afterAll(async () => {
    await t?.stop();
  });
  const job = (key: string) => {
    const found = createReminderJobs(t.deps).find((j) => j.key === key);
    if (!found) throw new Error(`no job ${key}`);
    return found;
  };
  const dms = (user: string) =>
    t.slack.callsTo("chat.postMessage").filter((c) => c.body.channel === `D${user.slice(1)}`);

  it("schedules task reminders at 09:00 and the spend sweep every 15 minutes, in the shop's time zone", () => {
    expect(createReminderJobs(t.deps).map((j) => [j.key, j.cron, j.timezone])).toEqual([
      ["task-reminders:acme", "0 9 * * *", "Europe/Warsaw"],
      ["spend-reminders:acme", "*/15 * * * *", "Europe/Warsaw"],
    ]);
  });

  it("reminds the assignee once on the due day at 09:00 shop time, with the Done button", async () => {
    const due = await addTask(t.deps, shop, {
      creatorId: "U0MANAGER",
      assigneeId: "U0ANNA",
      title: "Ship <it>",
      dueDay: "2026-11-21",
    });
    await addTask(t.deps, shop, { creatorId: "U0MANAGER", assigneeId: "U0ANNA", title: "Later", dueDay: "2026-11-22" });
    const before = dms("U0ANNA").length;
    const nineInWarsaw = new Date("2026-11-21T08:00:00Z");
    await job("task-reminders:acme").run(nineInWarsaw);
    await job("task-reminders:acme").run(nineInWarsaw);
    const sent = dms("U0ANNA").slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body.text).toBe(`⏰ Task #${due.id} is due today: Ship &lt;it&gt;`);
    expect(JSON.stringify(sent[0]?.body.blocks)).toContain(`"action_id":"task_done","value":"${due.id}"`);
  });

  it("reminds approvers once after remindAfterHours, then expires the request and tells the requester", async () => {
    const view = await requestSpend(t.deps, shop, {
      requesterId: "U0ANNA",
      amountMicros: 100_000_000n,
      currency: "EUR",
      channel: "meta",
      reason: "Test",
    });
    const posted = await postSpendRequest(t.deps, shop, view, "C0APPROVE");
    const decided = await requestSpend(t.deps, shop, {
      requesterId: "U0ANNA",
      amountMicros: 1n,
      currency: "EUR",
      channel: "meta",
      reason: "Done",
    });
    await decideSpend(t.deps, { requestId: decided.id, actorId: "U0CFO", decision: "approve" });
    const sweep = job("spend-reminders:acme");
    const managerBefore = dms("U0MANAGER").length;
    await sweep.run(new Date("2026-11-20T13:45:00Z"));
    expect(dms("U0MANAGER").length).toBe(managerBefore);
    await sweep.run(new Date("2026-11-20T14:00:00Z"));
    await sweep.run(new Date("2026-11-20T14:15:00Z"));
    const reminders = dms("U0MANAGER").slice(managerBefore);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.body.text).toBe(
      `⏰ Spend request #${view.id} (€100.00, meta) by <@U0ANNA> is waiting for your decision.`,
    );
    expect(dms("U0CFO").some((c) => String(c.body.text).includes(`#${view.id} `))).toBe(true);

    const updatesBefore = t.slack.callsTo("chat.update").length;
    const annaBefore = dms("U0ANNA").length;
    await sweep.run(new Date("2026-11-22T10:00:00Z"));
    await sweep.run(new Date("2026-11-22T10:15:00Z"));
    const update = t.slack.callsTo("chat.update").slice(updatesBefore);
    expect(update).toHaveLength(1);
    expect(update[0]?.body).toMatchObject({ channel: "C0APPROVE", ts: posted.ts });
    expect(JSON.stringify(update[0]?.body.blocks)).toContain("Expired");
    expect(
      dms("U0ANNA")
        .slice(annaBefore)
        .map((c) => c.body.text),
    ).toEqual([
      `Your spend request #${view.id} (€100.00, meta) expired without a decision. Ask again if it is still needed.`,
    ]);
    expect(await ctx.db.prisma.spendRequest.findUniqueOrThrow({ where: { id: decided.id } })).toMatchObject({
      status: "approved",
    });
  });
});
