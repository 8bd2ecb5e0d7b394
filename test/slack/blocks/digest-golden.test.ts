import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { LOCALES, type Locale } from "../../../src/config/shops-schema.ts";
import { buildDigest } from "../../../src/domain/digests/build-digest.ts";
import { type PeriodKind, periodOf } from "../../../src/domain/digests/period.ts";
import { createMetricStore } from "../../../src/domain/metrics/metric-store.ts";
import { createFixedClock } from "../../../src/shared/clock.ts";
import { buildDigestMessage } from "../../../src/slack/blocks/digest-blocks.ts";
import { renderMessageText } from "../../../src/slack/blocks/render-message-text.ts";
import { digestShop, seedDigestScene } from "../../builders/digest-dataset.ts";
import { describeEachDatabase } from "../../support/test-db.ts";

/**
 * Golden files: the digest of the fixed dataset as a person reads it (terminal rendering of
 * the Block Kit message, then the notification text), per locale. Written once when missing
 * (or with UPDATE_GOLDEN=1), reviewed by eye, then asserted: on SQLite and PostgreSQL alike.
 */
const GOLDEN = join(import.meta.dirname, "..", "..", "golden", "digests");
const CURRENCY: Record<Locale, string> = { en: "EUR", pl: "PLN", it: "EUR", es: "EUR" };
const CASES: Array<{ kind: PeriodKind; at: string }> = [
  { kind: "yesterday", at: "2026-11-22T07:00:00Z" },
  { kind: "last-week", at: "2026-11-23T08:00:00Z" },
  { kind: "month-to-date", at: "2026-11-22T07:00:00Z" },
];

function assertGolden(name: string, actual: string): void {
  const path = join(GOLDEN, `${name}.txt`);
  if (process.env.UPDATE_GOLDEN === "1" || !existsSync(path)) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  expect(actual).toBe(readFileSync(path, "utf8"));
}

describeEachDatabase("digest golden files", (ctx) => {
  beforeAll(async () => {
    await seedDigestScene(ctx.db, digestShop());
  });

  for (const locale of LOCALES) {
    for (const { kind, at } of CASES) {
      it(`renders the ${kind} digest in ${locale} as reviewed`, async () => {
        const shop = digestShop({ locale, currency: CURRENCY[locale] });
        const clock = createFixedClock(at);
        const content = await buildDigest({
          shop,
          period: periodOf(kind, clock.now(), shop.timezone),
          store: createMetricStore(ctx.db),
          db: ctx.db,
          clock,
        });
        const message = buildDigestMessage(content, {
          locale,
          currency: shop.currency,
          timeZone: shop.timezone,
          charts: "both",
          table: kind === "last-week",
        });
        assertGolden(
          `${kind}.${locale}`,
          `${renderMessageText(message)}\n\n--- notification text ---\n${message.text}\n`,
        );
      });
    }
  }
});
