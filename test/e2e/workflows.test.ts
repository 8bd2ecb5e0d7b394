import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createFixedClock } from "../../src/shared/clock.ts";
import { buildShop } from "../builders/shop.ts";
import type { SlackCall } from "../fakes/fake-slack.ts";
import { startTestApp, type TestApp } from "../support/app-harness.ts";
import { describeEachDatabase } from "../support/test-db.ts";

/** Replies arrive after the HTTP ack; on a loaded machine that can take seconds, never minutes. */
const eventually = <T>(check: () => T) => vi.waitFor(check, { timeout: 15_000, interval: 50 });

/**
 * Team workflows end to end: signed slash commands, button clicks, shortcuts, modal
 * submissions and events over HTTP into the real app; assertions on what the fake Slack
 * recorded and on the database, on SQLite and PostgreSQL.
 */
describeEachDatabase("team workflows over HTTP", (ctx) => {
  let t: TestApp;
  const clock = createFixedClock("2026-11-20T10:00:00Z"); // Friday 11:00 in Warsaw

  beforeAll(async () => {
    t = await startTestApp({
      db: ctx.db,
      clock,
      shops: [
        buildShop({ approvers: ["U0MANAGER", "U0CFO"], mediaPlan: { "2026-11": { "google-ads": 30000, meta: 2000 } } }),
      ],
    });
  });
  afterAll(async () => {
    await t?.stop();
  });

  /** Sends a command and returns the reply it got through the response URL. */
  async function command(name: string, text: string, user = "U0MANAGER") {
    const before = t.slack.callsTo("response_url").length;
    const res = await t.send.command(name, text, { user });
    expect(res.status).toBe(200);
    const reply = (await t.slack.waitFor("response_url", before + 1))[before] as SlackCall;
    return { ...reply.body, all: `${String(reply.body.text)}\n${JSON.stringify(reply.body.blocks ?? [])}` } as {
      text: string;
      response_type: string;
      all: string;
    };
  }
  /** Runs `act` and returns the calls to `method` it caused, waiting for `count` of them. */
  async function expectCalls(method: string, count: number, act: () => Promise<unknown>): Promise<SlackCall[]> {
    const before = t.slack.callsTo(method).length;
    await act();
    return (await t.slack.waitFor(method, before + count)).slice(before);
  }
  const dmsTo = (user: string) =>
    t.slack.callsTo("chat.postMessage").filter((c) => c.body.channel === `D${user.slice(1)}`);
  const approvalPost = (id: number) =>
    t.slack
      .callsTo("chat.postMessage")
      .find((c) => c.body.channel === "C0APPROVE" && String(c.body.text).includes(`#${id}:`));
  const count = {
    tasks: () => ctx.db.prisma.task.count(),
    spend: () => ctx.db.prisma.spendRequest.count(),
    notes: () => ctx.db.prisma.competitorNote.count(),
    promos: () => ctx.db.prisma.promo.count(),
  };

  describe("tasks", () => {
    it("assigns a task: the assignee gets a DM with a Done button, the title is stored verbatim and shown escaped", async () => {
      const dms = await expectCalls("chat.postMessage", 1, () =>
        command("/task", "add <@U0ANNA|anna> Check <!channel> *feed* ' OR 1=1; -- due tomorrow"),
      );
      const task = await ctx.db.prisma.task.findFirstOrThrow({ orderBy: { id: "desc" } });
      expect(task).toMatchObject({
        assigneeId: "U0ANNA",
        creatorId: "U0MANAGER",
        dueDay: "2026-11-21",
        status: "open",
      });
      expect(task.title).toBe("Check <!channel> *feed* ' OR 1=1; --");
      const dm = dms[0] as SlackCall;
      expect(dm.body.channel).toBe("D0ANNA");
      const blocks = JSON.stringify(dm.body.blocks);
      expect(blocks).toContain("&lt;!channel&gt;");
      expect(blocks).not.toContain("<!channel>");
      expect(blocks).toContain(`"action_id":"task_done","value":"${task.id}"`);
    });

    it("lists tasks with id, title, assignee, due day and status", async () => {
      const task = await ctx.db.prisma.task.findFirstOrThrow({ orderBy: { id: "desc" } });
      const reply = await command("/task", "list all");
      expect(reply.response_type).toBe("ephemeral");
      expect(reply.all).toContain(`#${task.id} Check &lt;!channel&gt;`);
      expect(reply.all).toContain("<@U0ANNA>");
      expect(reply.all).toContain("21 Nov 2026");
      expect(reply.all).toContain("open");
    });

    it("completes a task from the DM button: the DM loses its button, the creator is told, a second click is told it is done", async () => {
      const task = await ctx.db.prisma.task.findFirstOrThrow({ orderBy: { id: "desc" } });
      const updates = await expectCalls("chat.update", 1, () =>
        t.send.action("task_done", String(task.id), {
          user: "U0ANNA",
          channel: "D0ANNA",
          messageTs: "1700000001.000100",
        }),
      );
      expect(updates[0]?.body).toMatchObject({ channel: "D0ANNA", ts: "1700000001.000100" });
      expect(JSON.stringify(updates[0]?.body.blocks)).not.toContain("task_done");
      await eventually(() =>
        expect(dmsTo("U0MANAGER").some((c) => String(c.body.text).includes(`completed task #${task.id}`))).toBe(true),
      );
      expect(await ctx.db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
        status: "done",
        doneBy: "U0ANNA",
      });
      const replies = await expectCalls("response_url", 1, () =>
        t.send.action("task_done", String(task.id), { user: "U0ANNA", channel: "D0ANNA" }),
      );
      expect(replies[0]?.body).toMatchObject({
        response_type: "ephemeral",
        text: `Task #${task.id} was already done by <@U0ANNA>.`,
      });
    });

    it("reassigns and completes by command", async () => {
      await command("/task", "add <@U0ANNA> Write newsletter");
      const task = await ctx.db.prisma.task.findFirstOrThrow({ orderBy: { id: "desc" } });
      const dms = await expectCalls("chat.postMessage", 1, () => command("/task", `reassign ${task.id} <@U0BOB>`));
      expect(dms[0]?.body.channel).toBe("D0BOB");
      expect((await command("/task", `done #${task.id}`, "U0BOB")).text).toBe(`Task #${task.id} is done.`);
    });

    it.each([
      { label: "add bob Fix it", text: "add bob Fix it", problem: "is not a person" },
      {
        label: "add <@U0ANNA> Fix it due 2026-11-19",
        text: "add <@U0ANNA> Fix it due 2026-11-19",
        problem: "2026-11-19 is in the past",
      },
      { label: "add <@U0ANNA> Fix it due someday", text: "add <@U0ANNA> Fix it due someday", problem: "is not a date" },
      {
        label: "add <@U0ANNA> <201 × x>",
        text: `add <@U0ANNA> ${"x".repeat(201)}`,
        problem: "“title” is too long (201 characters, at most 200)",
      },
      { label: "add <@U0ANNA>", text: "add <@U0ANNA>", problem: "Missing title" },
      { label: "done 999999", text: "done 999999", problem: "There is no task #999999 in this shop" },
      { label: "done abc", text: "done abc", problem: "is not an id" },
      { label: "reassign 999999 <@U0BOB>", text: "reassign 999999 <@U0BOB>", problem: "There is no task #999999" },
    ])("refuses $label: names the problem, shows the usage and stores nothing", async ({ text, problem }) => {
      const before = await count.tasks();
      const reply = await command("/task", text);
      expect(reply.response_type).toBe("ephemeral");
      expect(reply.text).toContain(problem);
      expect(reply.text).toContain("Usage:");
      expect(reply.text).toContain("/task add");
      expect(await count.tasks()).toBe(before);
    });

    it("refuses a mention of someone Slack does not know", async () => {
      const before = await count.tasks();
      t.slack.failNext("users.info", { error: "user_not_found" });
      const reply = await command("/task", "add <@U0GHOST> Haunt");
      expect(reply.text).toContain("I can't find <@U0GHOST>");
      expect(reply.text).toContain("Usage:");
      expect(await count.tasks()).toBe(before);
    });

    it("opens the New task modal from the global shortcut and creates the task on submit", async () => {
      const opened = await expectCalls("views.open", 1, () => t.send.shortcut("task_new", { user: "U0MANAGER" }));
      expect(opened[0]?.body.view).toMatchObject({ callback_id: "task_new_modal", private_metadata: "acme" });
      const values = (title: string, due: string | null) => ({
        title: { value: { type: "plain_text_input", value: title } },
        assignee: { value: { type: "users_select", selected_user: "U0BOB" } },
        due: { value: { type: "datepicker", selected_date: due } },
      });
      const before = await count.tasks();
      const refused = await t.send.viewSubmission("task_new_modal", values("Past", "2026-01-01"), {
        privateMetadata: "acme",
      });
      expect(await refused.json()).toEqual({
        response_action: "errors",
        errors: { due: "2026-01-01 is in the past." },
      });
      expect(await count.tasks()).toBe(before);
      const dms = await expectCalls("chat.postMessage", 1, () =>
        t.send.viewSubmission("task_new_modal", values("Order boxes", "2026-11-24"), { privateMetadata: "acme" }),
      );
      expect(dms[0]?.body.channel).toBe("D0BOB");
      expect(await ctx.db.prisma.task.findFirstOrThrow({ orderBy: { id: "desc" } })).toMatchObject({
        title: "Order boxes",
        dueDay: "2026-11-24",
        assigneeId: "U0BOB",
      });
    });
  });

  describe("spend approvals", () => {
    async function request(text: string, user = "U0ANNA"): Promise<{ id: number; post: SlackCall }> {
      await expectCalls("chat.postMessage", 1, () => command("/spend", `request ${text}`, user));
      const row = await ctx.db.prisma.spendRequest.findFirstOrThrow({ orderBy: { id: "desc" } });
      return { id: row.id, post: approvalPost(row.id) as SlackCall };
    }
    const click = (action: "spend_approve" | "spend_reject", id: number, user: string) =>
      t.send.action(action, String(id), { user, channel: "C0APPROVE", messageTs: `ts-${id}` });
    const reject = (id: number, user: string, reason: string) =>
      t.send.viewSubmission(
        "spend_reject_modal",
        { reason: { value: { type: "plain_text_input", value: reason } } },
        { user, privateMetadata: String(id) },
      );

    it("posts a request to the approvals channel with the plan's remaining budget and the buttons", async () => {
      const before = t.slack.callsTo("response_url").length;
      const { id, post } = await request("1500 EUR google-ads Black Friday push");
      const blocks = JSON.stringify(post.body.blocks);
      expect(blocks).toContain("€1,500.00");
      expect(blocks).toContain("Black Friday push");
      expect(blocks).toContain("<@U0ANNA>");
      expect(blocks).toContain("Left in the 2026-11 plan for google-ads: €30,000.00");
      expect(blocks).toContain(`"action_id":"spend_approve","value":"${id}"`);
      expect(blocks).toContain(`"action_id":"spend_reject","value":"${id}"`);
      const reply = (await t.slack.waitFor("response_url", before + 1))[before];
      expect(reply?.body.text).toBe(`Spend request #${id} for €1,500.00 sent for approval in <#C0APPROVE>.`);
      expect(await ctx.db.prisma.spendRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({
        amountMicros: 1_500_000_000n,
        status: "pending",
        channelId: "C0APPROVE",
        messageTs: post.body.ts === undefined ? expect.any(String) : expect.any(String),
      });
    });

    it("flags a request that exceeds what is left in the plan", async () => {
      const { post } = await request("2500 EUR meta Big launch");
      expect(JSON.stringify(post.body.blocks)).toContain("Exceeds what is left in the plan by €500.00");
    });

    it("approves in place: the message shows who and when without buttons, the requester gets a DM, later clicks are told who decided", async () => {
      const { id } = await request("700 EUR google-ads Retargeting");
      const row = await ctx.db.prisma.spendRequest.findUniqueOrThrow({ where: { id } });
      const updates = await expectCalls("chat.update", 1, () => click("spend_approve", id, "U0MANAGER"));
      expect(updates[0]?.body).toMatchObject({ channel: "C0APPROVE", ts: row.messageTs });
      const blocks = JSON.stringify(updates[0]?.body.blocks);
      expect(blocks).toContain("Approved by <@U0MANAGER> · 20 Nov, 11:00");
      expect(blocks).not.toContain("spend_approve");
      await eventually(() =>
        expect(
          dmsTo("U0ANNA").some(
            (c) => String(c.body.text).includes(`request #${id}`) && String(c.body.text).includes("approved"),
          ),
        ).toBe(true),
      );
      const late = await expectCalls("response_url", 1, () => click("spend_approve", id, "U0CFO"));
      expect(late[0]?.body).toMatchObject({
        response_type: "ephemeral",
        text: `Request #${id} was already approved by <@U0MANAGER>.`,
      });
      const audit = await ctx.db.prisma.auditLog.findMany({
        where: { subjectType: "spend_request", subjectId: String(id) },
        orderBy: { id: "asc" },
      });
      expect(audit.map((a) => [a.action, a.actorId])).toEqual([
        ["spend.requested", "U0ANNA"],
        ["spend.approved", "U0MANAGER"],
      ]);
    });

    it("rejects through a modal asking why; the message and the requester's DM carry the reason", async () => {
      const { id } = await request("300 EUR meta Influencer test");
      const opened = await expectCalls("views.open", 1, () => click("spend_reject", id, "U0CFO"));
      expect(opened[0]?.body.view).toMatchObject({ callback_id: "spend_reject_modal", private_metadata: String(id) });
      const empty = await reject(id, "U0CFO", "   ");
      expect(await empty.json()).toEqual({ response_action: "errors", errors: { reason: "Missing reason." } });
      const updates = await expectCalls("chat.update", 1, () => reject(id, "U0CFO", "Not in Q4 *plan* <b>"));
      expect(JSON.stringify(updates[0]?.body.blocks)).toContain(
        "Rejected by <@U0CFO> · 20 Nov, 11:00: Not in Q4 *plan* &lt;b&gt;",
      );
      await eventually(() =>
        expect(
          dmsTo("U0ANNA").some(
            (c) => String(c.body.text).includes(`#${id}`) && String(c.body.text).includes("rejected"),
          ),
        ).toBe(true),
      );
      expect(await ctx.db.prisma.spendRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({
        status: "rejected",
        decidedBy: "U0CFO",
        decisionReason: "Not in Q4 *plan* <b>",
      });
    });

    it("lets only approvers decide, and never on their own request", async () => {
      const { id } = await request("100 EUR meta Own", "U0MANAGER");
      const own = await expectCalls("response_url", 1, () => click("spend_approve", id, "U0MANAGER"));
      expect(own[0]?.body.text).toBe(`You can't approve your own request #${id}.`);
      const stranger = await expectCalls("response_url", 1, () => click("spend_reject", id, "U0ANNA"));
      expect(stranger[0]?.body.text).toBe("Only the approvers can decide spend requests: <@U0MANAGER>, <@U0CFO>.");
      expect(await ctx.db.prisma.spendDecision.count({ where: { requestId: id } })).toBe(0);
    });

    it("needs two different approvers above twoApprovalsAbove", async () => {
      const { id } = await request("12000 EUR google-ads Q4 brand campaign");
      const first = await expectCalls("chat.update", 1, () => click("spend_approve", id, "U0MANAGER"));
      const blocks = JSON.stringify(first[0]?.body.blocks);
      expect(blocks).toContain("Needs two approvals; approved so far by <@U0MANAGER>.");
      expect(blocks).toContain("spend_approve");
      await eventually(() =>
        expect(
          t.slack
            .callsTo("response_url")
            .some((c) => c.body.text === `Approval recorded for request #${id}; it needs one more approver.`),
        ).toBe(true),
      );
      const twice = await expectCalls("response_url", 1, () => click("spend_approve", id, "U0MANAGER"));
      expect(twice[0]?.body.text).toBe(`You have already approved request #${id}; it needs another approver.`);
      const second = await expectCalls("chat.update", 1, () => click("spend_approve", id, "U0CFO"));
      expect(JSON.stringify(second[0]?.body.blocks)).toContain("Approved by <@U0MANAGER>, <@U0CFO>");
    });

    it("of parallel approve, double-click and reject requests produces exactly one outcome; the others hear who decided", async () => {
      for (let round = 0; round < 3; round++) {
        const { id } = await request(`${200 + round} EUR meta Race ${round}`);
        const replies = t.slack.callsTo("response_url").length;
        const [, , rejected] = await Promise.all([
          click("spend_approve", id, "U0MANAGER"),
          click("spend_approve", id, "U0MANAGER"),
          reject(id, "U0CFO", "Too late"),
        ]);
        const rejectBody = await rejected.text();
        const row = await ctx.db.prisma.spendRequest.findUniqueOrThrow({ where: { id }, include: { decisions: true } });
        expect(row.decisions).toHaveLength(1);
        const winner = row.decisions[0];
        expect(row.status).toBe(winner?.decision === "approve" ? "approved" : "rejected");
        if (winner?.decision === "approve") {
          expect(JSON.parse(rejectBody)).toEqual({
            response_action: "errors",
            errors: { reason: `Request #${id} was already approved by <@U0MANAGER>.` },
          });
          // The second click by the same approver hears the request is decided.
          await eventually(() =>
            expect(
              t.slack
                .callsTo("response_url")
                .slice(replies)
                .map((c) => c.body.text),
            ).toContain(`Request #${id} was already approved by <@U0MANAGER>.`),
          );
        } else {
          expect(rejectBody).toBe("");
          await eventually(() =>
            expect(
              t.slack
                .callsTo("response_url")
                .slice(replies)
                .filter((c) => c.body.text === `Request #${id} was already rejected by <@U0CFO>.`),
            ).toHaveLength(2),
          );
        }
      }
    });

    it("sends an approved request whose amount is edited back for approval, updating the message in place", async () => {
      const { id } = await request("400 EUR google-ads Shopping feed");
      await expectCalls("chat.update", 1, () => click("spend_approve", id, "U0CFO"));
      const [update] = await expectCalls("chat.update", 1, () => command("/spend", `edit ${id} 450.50`, "U0ANNA"));
      expect(JSON.stringify(update?.body.blocks)).toContain("€450.50");
      expect(JSON.stringify(update?.body.blocks)).toContain("spend_approve");
      await eventually(() =>
        expect(
          t.slack
            .callsTo("chat.postMessage")
            .some((c) => c.body.thread_ts && String(c.body.text).includes("from €400.00 to €450.50")),
        ).toBe(true),
      );
      expect(
        await ctx.db.prisma.spendRequest.findUniqueOrThrow({ where: { id }, include: { decisions: true } }),
      ).toMatchObject({
        status: "pending",
        amountMicros: 450_500_000n,
        decisions: [],
      });
      expect((await command("/spend", `edit ${id} 500`, "U0BOB")).text).toContain(
        `Only the requester or an admin can change request #${id}.`,
      );
    });

    it("shows the plan, the list and sets a substitute", async () => {
      const plan = await command("/spend", "plan");
      expect(plan.all).toContain("Media plan 2026-11");
      expect(plan.all).toMatch(/\*google-ads\*: budget €30,000.00 · approved €[\d,.]+ · spent €0.00 · left €[\d,.]+/);
      const list = await command("/spend", "list all");
      expect(list.all).toContain("Retargeting");
      expect(list.all).toContain("approved");
      const sub = await command("/spend", "substitute <@U0BOB> 2026-11-30");
      expect(sub.text).toMatch(/^<@U0BOB> decides spend requests in your place until Mon,? 30 Nov 2026\.$/);
      expect((await command("/spend", "substitute off")).text).toBe("You decide your spend requests yourself again.");
    });

    it.each([
      { label: "request", text: "request", problem: "Missing amount" },
      { label: "request EUR google-ads Push", text: "request EUR google-ads Push", problem: "Missing amount" },
      {
        label: "request -100 EUR google-ads Push",
        text: "request -100 EUR google-ads Push",
        problem: "must be more than zero",
      },
      {
        label: "request abc EUR google-ads Push",
        text: "request abc EUR google-ads Push",
        problem: "“abc” is not an amount",
      },
      {
        label: "request 100 XYZ google-ads Push",
        text: "request 100 XYZ google-ads Push",
        problem: "“XYZ” is not a currency code",
      },
      {
        label: "request 100 USD google-ads Push",
        text: "request 100 USD google-ads Push",
        problem: "media plan is in EUR, not USD",
      },
      {
        label: "request 100 EUR tiktok Push",
        text: "request 100 EUR tiktok Push",
        problem: "Unknown channel “tiktok”. Channels: google-ads, meta.",
      },
      { label: "request 100 EUR google-ads", text: "request 100 EUR google-ads", problem: "Missing reason" },
      {
        label: "request 100 EUR google-ads <501 × r>",
        text: `request 100 EUR google-ads ${"r".repeat(501)}`,
        problem: "“reason” is too long",
      },
      { label: "edit 999999 100", text: "edit 999999 100", problem: "There is no spend request #999999" },
      { label: "plan 2026-13", text: "plan 2026-13", problem: "is not a month" },
    ])("refuses $label: names the problem, shows the usage and stores nothing", async ({ text, problem }) => {
      const before = await count.spend();
      const reply = await command("/spend", text, "U0ANNA");
      expect(reply.response_type).toBe("ephemeral");
      expect(reply.text).toContain(problem);
      expect(reply.text).toContain("/spend edit <id> <amount>");
      expect(await count.spend()).toBe(before);
    });
  });

  describe("competitor notes", () => {
    it("stores a note verbatim with tags and link, lists it escaped and finds it", async () => {
      const reply = await command(
        "/competitor",
        `add "Mega Shop" 20% off *all* shoes '; DROP TABLE "Task"; -- #Pricing <https://mega.example/sale>`,
      );
      expect(reply.text).toMatch(/^Note #\d+ about Mega Shop saved\.$/);
      const note = await ctx.db.prisma.competitorNote.findFirstOrThrow({ orderBy: { id: "desc" } });
      expect(note).toMatchObject({
        competitor: "Mega Shop",
        note: `20% off *all* shoes '; DROP TABLE "Task"; --`,
        tags: "pricing",
        url: "https://mega.example/sale",
      });
      const list = await command("/competitor", "list mega shop");
      expect(list.all).toContain("#pricing");
      expect(list.all).toContain("<https://mega.example/sale>");
      expect((await command("/competitor", "search drop table")).all).toContain("Mega Shop");
      expect((await command("/competitor", "search nothing-like-this")).all).toContain("No competitor notes found.");
    });

    it("saves a Slack message as a note from the message shortcut, with its permalink", async () => {
      const message = {
        type: "message",
        ts: "1700000100.000200",
        text: "Rival &lt;b&gt;free shipping&lt;/b&gt;",
        user: "U0BOB",
      };
      const opened = await expectCalls("views.open", 1, () =>
        t.send.shortcut("competitor_save", { user: "U0ANNA", message, channel: "C0MARKET" }),
      );
      const view = opened[0]?.body.view as { callback_id: string; private_metadata: string };
      expect(view.callback_id).toBe("competitor_note_modal");
      expect(JSON.stringify(view)).toContain("Rival <b>free shipping</b>");
      const values = (url: string | null) => ({
        competitor: { value: { type: "plain_text_input", value: "Rival" } },
        note: { value: { type: "plain_text_input", value: "Rival <b>free shipping</b>" } },
        tags: { value: { type: "plain_text_input", value: "shipping, #promo" } },
        url: { value: { type: "url_text_input", value: url } },
      });
      const before = await count.notes();
      const bad = await t.send.viewSubmission("competitor_note_modal", values("ftp://x"), {
        user: "U0ANNA",
        privateMetadata: view.private_metadata,
      });
      expect(await bad.json()).toEqual({
        response_action: "errors",
        errors: { url: "“ftp://x” is not a web address (http:// or https://)." },
      });
      expect(await count.notes()).toBe(before);
      await expectCalls("chat.postMessage", 1, () =>
        t.send.viewSubmission("competitor_note_modal", values(null), {
          user: "U0ANNA",
          privateMetadata: view.private_metadata,
        }),
      );
      expect(await ctx.db.prisma.competitorNote.findFirstOrThrow({ orderBy: { id: "desc" } })).toMatchObject({
        competitor: "Rival",
        note: "Rival <b>free shipping</b>",
        tags: "shipping promo",
        permalink: "https://example.slack.com/archives/C0MARKET/p1700000100000200",
        authorId: "U0ANNA",
      });
    });

    it.each([
      { label: "add", text: "add", problem: "Missing competitor" },
      { label: "add Rival", text: "add Rival", problem: "Missing note" },
      { label: "add Rival <2001 × n>", text: `add Rival ${"n".repeat(2001)}`, problem: "“note” is too long" },
      { label: "search", text: "search", problem: "Missing note" },
    ])("refuses $label and stores nothing", async ({ text, problem }) => {
      const before = await count.notes();
      const reply = await command("/competitor", text);
      expect(reply.text).toContain(problem);
      expect(reply.text).toContain("Usage:");
      expect(await count.notes()).toBe(before);
    });
  });

  describe("promo calendar", () => {
    it("adds, lists and removes promos", async () => {
      const added = await command("/promo", "add Black *Friday* 2026-11-27..2026-11-30");
      const promo = await ctx.db.prisma.promo.findFirstOrThrow({ orderBy: { id: "desc" } });
      expect(promo).toMatchObject({
        name: "Black *Friday*",
        startDay: "2026-11-27",
        endDay: "2026-11-30",
        createdBy: "U0MANAGER",
      });
      expect(added.text).toMatch(
        new RegExp(`^Promo #${promo.id} “Black \\*Friday\\*” added: Fri,? 27 Nov 2026 – Mon,? 30 Nov 2026\\.$`),
      );
      expect((await command("/promo", "list")).all).toContain(`#${promo.id} *Black *Friday**`);
      expect((await command("/promo", `remove ${promo.id}`)).text).toBe(`Promo #${promo.id} “Black *Friday*” removed.`);
      expect((await command("/promo", "list")).all).toContain("No promos planned.");
    });

    it.each([
      { label: "add Sale", text: "add Sale", problem: "is not a date range" },
      {
        label: "add Sale 2026-11-30..2026-11-01",
        text: "add Sale 2026-11-30..2026-11-01",
        problem: "ends before it starts",
      },
      { label: "remove 999999", text: "remove 999999", problem: "There is no promo #999999" },
      { label: "remove x", text: "remove x", problem: "is not an id" },
    ])("refuses $label and stores nothing", async ({ text, problem }) => {
      const before = await count.promos();
      const reply = await command("/promo", text);
      expect(reply.text).toContain(problem);
      expect(reply.text).toContain("/promo add");
      expect(await count.promos()).toBe(before);
    });
  });

  describe("App Home", () => {
    it("publishes my open tasks, the approvals waiting for me with buttons, the latest alerts and action buttons", async () => {
      await ctx.db.prisma.alert.create({
        data: {
          shopId: "acme",
          incidentKey: "kpi:2026-11-20",
          kind: "anomaly",
          severity: "critical",
          status: "open",
          details: "{}",
          openedAt: clock.now(),
        },
      });
      await command("/task", "add <@U0CFO> Sign the invoice");
      await expectCalls("chat.postMessage", 1, () => command("/spend", "request 90 EUR meta Home test", "U0ANNA"));
      const request = await ctx.db.prisma.spendRequest.findFirstOrThrow({ orderBy: { id: "desc" } });
      const [published] = await expectCalls("views.publish", 1, () =>
        t.send.event({
          type: "app_home_opened",
          user: "U0CFO",
          channel: "D0CFO",
          tab: "home",
          event_ts: "1700000000.1",
        }),
      );
      expect(published?.body.user_id).toBe("U0CFO");
      const view = JSON.stringify(published?.body.view);
      expect(view).toContain("Sign the invoice");
      expect(view).toContain(`"action_id":"spend_approve","value":"${request.id}"`);
      expect(view).toContain("critical · anomaly · ACME Store · open");
      expect(view).toContain('"action_id":"home_new_task"');
      expect(view).toContain('"action_id":"home_new_spend"');
      const opened = await expectCalls("views.open", 1, () =>
        t.send.action("home_new_task", "new_task", { user: "U0CFO" }),
      );
      expect(opened[0]?.body.view).toMatchObject({ callback_id: "task_new_modal" });
      const spendModal = await expectCalls("views.open", 1, () =>
        t.send.action("home_new_spend", "new_spend", { user: "U0CFO" }),
      );
      expect(spendModal[0]?.body.view).toMatchObject({ callback_id: "spend_new_modal" });
    });

    it("files a spend request from the App Home modal", async () => {
      const before = await count.spend();
      const values = (amount: string) => ({
        amount: { value: { type: "plain_text_input", value: amount } },
        channel: {
          value: {
            type: "static_select",
            selected_option: { value: "meta", text: { type: "plain_text", text: "meta" } },
          },
        },
        reason: { value: { type: "plain_text_input", value: "From home" } },
      });
      const bad = await t.send.viewSubmission("spend_new_modal", values("-3"), {
        user: "U0ANNA",
        privateMetadata: "acme",
      });
      expect(await bad.json()).toEqual({
        response_action: "errors",
        errors: { amount: "The amount must be more than zero (got “-3”)." },
      });
      expect(await count.spend()).toBe(before);
      await expectCalls("chat.postMessage", 2, () =>
        t.send.viewSubmission("spend_new_modal", values("75"), { user: "U0ANNA", privateMetadata: "acme" }),
      );
      expect(await ctx.db.prisma.spendRequest.findFirstOrThrow({ orderBy: { id: "desc" } })).toMatchObject({
        amountMicros: 75_000_000n,
        channel: "meta",
        reason: "From home",
        channelId: "C0APPROVE",
      });
    });
  });
});
