import { parse } from "csv-parse/sync";
import type { ShopConfig } from "../../config/shops-schema.ts";
import type { Deps } from "../../deps.ts";
import { invalidInput } from "../../shared/errors.ts";
import { isValidMonth } from "../../shared/time.ts";
import { createAuditLogStore } from "../audit/audit-log-store.ts";
import { createMediaPlanStore, type PlanCell } from "./media-plan-store.ts";

const CHANNEL = /^[a-z0-9][a-z0-9-]{0,39}$/;
const BUDGET = /^\d{1,12}(\.\d{1,2})?$/;

/**
 * A media-plan CSV (`month,channel,budget` header, then e.g. `2026-11,google-ads,30000`) →
 * plan cells in the shop's currency. Every bad row is reported with its line number in one
 * `invalid_input` error (`problems` in the params, one per line); nothing is returned then.
 */
export function parseMediaPlanCsv(text: string, currency: string): PlanCell[] {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    // With `info: true` each record comes with its line number; csv-parse's types don't say so.
    records = parse(text, {
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
      bom: true,
    }) as unknown as typeof records;
  } catch (error) {
    throw planError([`not valid CSV: ${error instanceof Error ? error.message : String(error)}`]);
  }
  const [head, ...rows] = records;
  if (head?.record.map((h) => h.toLowerCase()).join(",") !== "month,channel,budget")
    throw planError(['line 1: the header must be "month,channel,budget"']);
  const problems: string[] = [];
  const cells: PlanCell[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of rows) {
    const line = info.lines;
    const [month = "", channel = "", budget = ""] = record;
    const lineProblems: string[] = [];
    if (record.length !== 3) lineProblems.push(`expected 3 columns, got ${record.length}`);
    if (!isValidMonth(month)) lineProblems.push(`month "${month}" is not YYYY-MM`);
    if (!CHANNEL.test(channel)) lineProblems.push(`channel "${channel}" must be lower-case letters, digits and dashes`);
    if (!BUDGET.test(budget))
      lineProblems.push(`budget "${budget}" must be a non-negative number such as 30000 or 1500.50`);
    const key = `${month}/${channel}`;
    if (seen.has(key)) lineProblems.push(`${month} ${channel} already given on line ${seen.get(key)}`);
    seen.set(key, line);
    if (lineProblems.length > 0) problems.push(`line ${line}: ${lineProblems.join("; ")}`);
    else cells.push({ month, channel, budgetMicros: budgetMicros(budget), currency });
  }
  if (problems.length > 0) throw planError(problems);
  if (cells.length === 0) throw planError(["the file has no rows below the header"]);
  return cells;
}

/** Parses the CSV, then stores every cell (origin "import") in one transaction, or nothing. */
export async function importMediaPlan(
  deps: Pick<Deps, "db" | "clock">,
  shop: ShopConfig,
  csv: string,
  actorId = "cli",
): Promise<PlanCell[]> {
  const cells = parseMediaPlanCsv(csv, shop.currency);
  await createMediaPlanStore(deps.db).upsert(shop.id, cells, "import");
  await createAuditLogStore(deps.db).record({
    shopId: shop.id,
    actorId,
    action: "media_plan.imported",
    subjectType: "media_plan",
    subjectId: shop.id,
    details: { cells: cells.length, months: [...new Set(cells.map((c) => c.month))] },
    at: deps.clock.now(),
  });
  return cells;
}

function budgetMicros(text: string): bigint {
  const [whole, fraction = ""] = text.split(".");
  return BigInt(whole as string) * 1_000_000n + BigInt(fraction.padEnd(6, "0"));
}

function planError(problems: string[]) {
  return invalidInput(`invalid media plan:\n${problems.join("\n")}`, {
    key: "plan.importInvalid",
    params: { problems: problems.join("\n") },
  });
}
