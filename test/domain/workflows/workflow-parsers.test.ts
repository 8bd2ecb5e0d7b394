import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAmount, parseSpendCommand } from "../../../src/domain/approvals/parse-spend-command.ts";
import { parseCompetitorCommand, parseTags } from "../../../src/domain/competitors/parse-competitor-command.ts";
import { parseDueDay } from "../../../src/domain/input/parse-input.ts";
import { parseMediaPlanCsv } from "../../../src/domain/media-plan/import-media-plan.ts";
import { parsePromoCommand } from "../../../src/domain/promos/parse-promo-command.ts";
import { parseTaskCommand } from "../../../src/domain/tasks/parse-task-command.ts";
import { isShopOpsError } from "../../../src/shared/errors.ts";

const TODAY = "2026-11-20"; // a Friday

/** Calls `parse` and returns the i18n key of the invalid_input it threw (fails on anything else). */
function problemOf(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    if (isShopOpsError(error, "invalid_input")) return error.user?.key ?? "";
    throw error;
  }
  throw new Error("expected invalid_input");
}

describe("the /task parser", () => {
  it("reads an assignee mention, a verbatim title and a relative due day", () => {
    expect(parseTaskCommand("add <@U0ANNA|anna> Fix  the *feed* due tomorrow", TODAY)).toEqual({
      kind: "add",
      assigneeId: "U0ANNA",
      title: "Fix  the *feed*",
      dueDay: "2026-11-21",
    });
    expect(parseTaskCommand("add <@U0ANNA> Call supplier due mon", TODAY)).toMatchObject({ dueDay: "2026-11-23" });
    expect(parseTaskCommand("add <@U0ANNA> Call supplier due fri", TODAY)).toMatchObject({ dueDay: "2026-11-27" });
    expect(parseTaskCommand("add <@U0ANNA> Undated", TODAY)).toMatchObject({ dueDay: undefined });
  });

  it("reads list scopes, ids and reassignments", () => {
    expect(parseTaskCommand("list", TODAY)).toEqual({ kind: "list", scope: "mine" });
    expect(parseTaskCommand("list all", TODAY)).toEqual({ kind: "list", scope: "all" });
    expect(parseTaskCommand("list <@U0ANNA>", TODAY)).toEqual({ kind: "list", scope: { assigneeId: "U0ANNA" } });
    expect(parseTaskCommand("done #12", TODAY)).toEqual({ kind: "done", id: 12 });
    expect(parseTaskCommand("reassign 3 <@U0BOB|bob>", TODAY)).toEqual({
      kind: "reassign",
      id: 3,
      assigneeId: "U0BOB",
    });
  });

  it.each([
    { label: "add bob Fix it", text: "add bob Fix it", key: "input.unknownUser" },
    { label: "add <@U0ANNA>", text: "add <@U0ANNA>", key: "input.missing" },
    {
      label: "add <@U0ANNA> Fix it due 2026-11-19",
      text: "add <@U0ANNA> Fix it due 2026-11-19",
      key: "input.dayInPast",
    },
    { label: "add <@U0ANNA> Fix it due someday", text: "add <@U0ANNA> Fix it due someday", key: "input.badDay" },
    { label: "add <@U0ANNA> <201 × x>", text: `add <@U0ANNA> ${"x".repeat(201)}`, key: "common.tooLong" },
    { label: "done twelve", text: "done twelve", key: "input.badId" },
    { label: "done", text: "done", key: "input.missing" },
    { label: "list everyone", text: "list everyone", key: "input.unknownUser" },
    { label: "frobnicate", text: "frobnicate", key: "common.unknownSubcommand" },
  ])("refuses $label with $key", ({ text, key }) => {
    expect(problemOf(() => parseTaskCommand(text, TODAY))).toBe(key);
  });

  it("resolves weekday names to the next such day after today", () => {
    expect(parseDueDay("Monday", "2026-11-23")).toBe("2026-11-30");
    expect(parseDueDay("today", TODAY)).toBe(TODAY);
  });
});

describe("the /spend parser", () => {
  it("reads an amount as exact micros, the currency, the channel and the verbatim reason", () => {
    expect(parseSpendCommand("request 1500 eur google-ads Black Friday push")).toEqual({
      kind: "request",
      amountMicros: 1_500_000_000n,
      currency: "EUR",
      channel: "google-ads",
      reason: "Black Friday push",
    });
    expect(parseAmount("1500,05")).toBe(1_500_050_000n);
    expect(parseAmount("0.1")).toBe(100_000n);
  });

  it("reads list, plan, edit and substitute", () => {
    expect(parseSpendCommand("list")).toEqual({ kind: "list", status: "pending" });
    expect(parseSpendCommand("list all")).toEqual({ kind: "list", status: "all" });
    expect(parseSpendCommand("plan 2026-11")).toEqual({ kind: "plan", month: "2026-11" });
    expect(parseSpendCommand("edit #4 2000")).toEqual({ kind: "edit", id: 4, amountMicros: 2_000_000_000n });
    expect(parseSpendCommand("substitute <@U0CFO> 2026-12-01")).toEqual({
      kind: "substitute",
      substituteId: "U0CFO",
      untilDay: "2026-12-01",
    });
    expect(parseSpendCommand("substitute off")).toEqual({ kind: "substitute-off" });
  });

  it.each([
    { label: "request", text: "request", key: "spend.amountMissing" },
    { label: "request EUR google-ads Push", text: "request EUR google-ads Push", key: "spend.amountMissing" },
    {
      label: "request -100 EUR google-ads Push",
      text: "request -100 EUR google-ads Push",
      key: "spend.amountNotPositive",
    },
    { label: "request 0 EUR google-ads Push", text: "request 0 EUR google-ads Push", key: "spend.amountNotPositive" },
    {
      label: "request 12abc EUR google-ads Push",
      text: "request 12abc EUR google-ads Push",
      key: "spend.amountNotNumber",
    },
    { label: "request 1e5 EUR google-ads Push", text: "request 1e5 EUR google-ads Push", key: "spend.amountNotNumber" },
    { label: "request 100", text: "request 100", key: "spend.currencyMissing" },
    { label: "request 100 XYZ google-ads Push", text: "request 100 XYZ google-ads Push", key: "spend.currencyUnknown" },
    { label: "request 100 EUR", text: "request 100 EUR", key: "spend.channelMissing" },
    {
      label: "request 100 EUR google_ads! Push",
      text: "request 100 EUR google_ads! Push",
      key: "spend.channelInvalid",
    },
    { label: "request 100 EUR google-ads", text: "request 100 EUR google-ads", key: "input.missing" },
    {
      label: "request 100 EUR google-ads <501 × y>",
      text: `request 100 EUR google-ads ${"y".repeat(501)}`,
      key: "common.tooLong",
    },
    { label: "plan november", text: "plan november", key: "input.badMonth" },
    { label: "edit x 100", text: "edit x 100", key: "input.badId" },
    { label: "substitute bob 2026-12-01", text: "substitute bob 2026-12-01", key: "input.unknownUser" },
  ])("refuses $label with $key", ({ text, key }) => {
    expect(problemOf(() => parseSpendCommand(text))).toBe(key);
  });
});

describe("the /competitor parser", () => {
  it("splits off trailing tags and a link, keeping the note verbatim", () => {
    expect(
      parseCompetitorCommand(
        'add "Mega Shop" 20% off *all* shoes #Pricing #shoes <https://mega.example/sale|mega.example/sale>',
      ),
    ).toEqual({
      kind: "add",
      competitor: "Mega Shop",
      note: "20% off *all* shoes",
      tags: ["pricing", "shoes"],
      url: "https://mega.example/sale",
    });
    expect(parseCompetitorCommand("add rival Free shipping &lt;b&gt;")).toMatchObject({ note: "Free shipping <b>" });
    expect(parseCompetitorCommand("list Rival")).toEqual({ kind: "list", competitor: "Rival" });
    expect(parseCompetitorCommand("search free shipping")).toEqual({ kind: "search", text: "free shipping" });
    expect(parseTags("#a, b  c")).toEqual(["a", "b", "c"]);
  });

  it.each([
    { label: "add", text: "add", key: "input.missing" },
    { label: "add rival", text: "add rival", key: "input.missing" },
    { label: "add rival #only #tags", text: "add rival #only #tags", key: "input.missing" },
    { label: "add rival <2001 × n>", text: `add rival ${"n".repeat(2001)}`, key: "common.tooLong" },
    { label: "search", text: "search", key: "input.missing" },
  ])("refuses $label with $key", ({ text, key }) => {
    expect(problemOf(() => parseCompetitorCommand(text))).toBe(key);
  });
});

describe("the /promo parser", () => {
  it("reads a name and an inclusive day range", () => {
    expect(parsePromoCommand("add Black  Friday 2026-11-27..2026-11-30")).toEqual({
      kind: "add",
      name: "Black  Friday",
      startDay: "2026-11-27",
      endDay: "2026-11-30",
    });
    expect(parsePromoCommand("remove 3")).toEqual({ kind: "remove", id: 3 });
  });

  it.each([
    { label: "add Black Friday", text: "add Black Friday", key: "promo.badRange" },
    { label: "add", text: "add", key: "input.missing" },
    { label: "add 2026-11-27..2026-11-30", text: "add 2026-11-27..2026-11-30", key: "input.missing" },
    { label: "add Sale 2026-11-30..2026-11-27", text: "add Sale 2026-11-30..2026-11-27", key: "promo.endBeforeStart" },
    { label: "add Sale 2026-02-30..2026-03-02", text: "add Sale 2026-02-30..2026-03-02", key: "promo.badRange" },
    { label: "add Sale 2026-01-01..2027-06-01", text: "add Sale 2026-01-01..2027-06-01", key: "promo.tooLong" },
    { label: "remove", text: "remove", key: "input.missing" },
  ])("refuses $label with $key", ({ text, key }) => {
    expect(problemOf(() => parsePromoCommand(text))).toBe(key);
  });
});

describe("the media plan CSV parser", () => {
  it("reads budgets as exact micros", () => {
    expect(parseMediaPlanCsv("month,channel,budget\n2026-11,google-ads,30000\n2026-11,meta,1500.5\n", "EUR")).toEqual([
      { month: "2026-11", channel: "google-ads", budgetMicros: 30_000_000_000n, currency: "EUR" },
      { month: "2026-11", channel: "meta", budgetMicros: 1_500_500_000n, currency: "EUR" },
    ]);
  });

  it("names every bad row with its line number", () => {
    let problems = "";
    try {
      parseMediaPlanCsv(
        "month,channel,budget\n2026-13,google-ads,1\n\n2026-11,Meta,-5\n2026-11,tiktok,10\n2026-11,tiktok,20\n",
        "EUR",
      );
    } catch (error) {
      if (isShopOpsError(error, "invalid_input")) problems = String(error.user?.params?.problems);
    }
    expect(problems.split("\n")).toEqual([
      'line 2: month "2026-13" is not YYYY-MM',
      'line 4: channel "Meta" must be lower-case letters, digits and dashes; budget "-5" must be a non-negative number such as 30000 or 1500.50',
      "line 6: 2026-11 tiktok already given on line 5",
    ]);
  });
});

/** Random text: printable noise, control characters, quotes, SQL and mrkdwn fragments, mentions and dates. */
const noisyText = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 120 }),
  fc.string({ unit: "binary", maxLength: 120 }),
  fc
    .array(
      fc.constantFrom(
        "add",
        "list",
        "done",
        "reassign",
        "request",
        "plan",
        "edit",
        "substitute",
        "off",
        "remove",
        "search",
        "<@U0ANNA>",
        "<@U0BOB|bob>",
        "<@>",
        "due",
        "today",
        "tomorrow",
        "sun",
        "2026-11-27..2026-11-30",
        "2026-02-30",
        "1500",
        "-1",
        "1e9",
        "99999999999999",
        "EUR",
        "eur",
        "XXX",
        "google-ads",
        "#tag",
        "<https://x.example|x>",
        "https://",
        '\'; DROP TABLE "Task"; --',
        "*bold*",
        "&lt;",
        "\u0000",
        "\n",
        '"',
        "#12",
      ),
      { maxLength: 8 },
    )
    .map((words) => words.join(" ")),
);

describe("every workflow parser, on random input", () => {
  const parsers: Array<[string, (text: string) => unknown]> = [
    ["task", (text) => parseTaskCommand(text, TODAY)],
    ["spend", parseSpendCommand],
    ["competitor", parseCompetitorCommand],
    ["promo", parsePromoCommand],
    ["amount", parseAmount],
    ["tags", parseTags],
    ["media plan csv", (text) => parseMediaPlanCsv(text, "EUR")],
  ];

  it.each(parsers)(
    "%s parser returns a value or throws invalid_input with a user message, nothing else",
    (_name, parse) => {
      fc.assert(
        fc.property(noisyText, (text) => {
          try {
            parse(text);
          } catch (error) {
            expect(isShopOpsError(error, "invalid_input")).toBe(true);
            expect(isShopOpsError(error) && error.user?.key).toBeTruthy();
          }
        }),
        { numRuns: 400 },
      );
    },
  );

  it("parsed amounts are positive whole micros that print back to the typed value", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 999_999_999_999_99n }), (cents) => {
        const text = `${cents / 100n}.${String(cents % 100n).padStart(2, "0")}`;
        expect(parseAmount(text)).toBe(cents * 10_000n);
      }),
    );
  });
});
