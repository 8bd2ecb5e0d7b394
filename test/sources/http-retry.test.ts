import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseRetryAfter, TransientHttpError, withRetry, withSourceRetry } from "../../src/sources/http-retry.ts";
import { SourceError } from "../../src/sources/source-error.ts";
import { recordingRetry, sourceErrorOf } from "./source-test-kit.ts";

const NOW = new Date("2026-11-23T10:00:00Z");

/** An attempt that fails with `errors` in turn, then returns "ok". */
function failing(...errors: Error[]) {
  let calls = 0;
  const attempt = async () => {
    const error = errors[calls++];
    if (error) throw error;
    return "ok";
  };
  return { attempt, calls: () => calls };
}

describe("parseRetryAfter", () => {
  it("reads delta-seconds and HTTP dates, and ignores what it cannot read", () => {
    expect(parseRetryAfter("7", NOW)).toBe(7_000);
    expect(parseRetryAfter("Mon, 23 Nov 2026 10:01:30 GMT", NOW)).toBe(90_000);
    expect(parseRetryAfter("Mon, 23 Nov 2026 09:00:00 GMT", NOW)).toBe(0);
    expect(parseRetryAfter("soon", NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });
});

describe("withRetry", () => {
  it("retries transient failures with exponential backoff and returns the first success", async () => {
    const retry = recordingRetry();
    const { attempt, calls } = failing(
      new TransientHttpError("503", { status: 503 }),
      new TransientHttpError("503", { status: 503 }),
    );
    await expect(withRetry(attempt, retry)).resolves.toBe("ok");
    expect(calls()).toBe(3);
    expect(retry.sleeps).toEqual([500, 1_000]);
  });

  it("rethrows the last transient failure after maxAttempts", async () => {
    const retry = recordingRetry({ maxAttempts: 2 });
    const { attempt, calls } = failing(
      ...Array.from({ length: 5 }, () => new TransientHttpError("503", { status: 503 })),
    );
    await expect(withRetry(attempt, retry)).rejects.toBeInstanceOf(TransientHttpError);
    expect(calls()).toBe(2);
  });

  it("does not retry other errors", async () => {
    const retry = recordingRetry();
    const { attempt, calls } = failing(new Error("bad request"));
    await expect(withRetry(attempt, retry)).rejects.toThrow("bad request");
    expect(calls()).toBe(1);
    expect(retry.sleeps).toEqual([]);
  });

  it("waits at least as long as Retry-After, but not for a wait beyond maxDelayMs", async () => {
    const retry = recordingRetry({ maxDelayMs: 60_000 });
    const short = failing(new TransientHttpError("429", { status: 429, retryAfterMs: 20_000 }));
    await withRetry(short.attempt, retry);
    expect(retry.sleeps).toEqual([20_000]);

    const long = failing(new TransientHttpError("429", { status: 429, retryAfterMs: 120_000 }));
    await expect(withRetry(long.attempt, retry)).rejects.toBeInstanceOf(TransientHttpError);
    expect(long.calls()).toBe(1);
  });

  it("keeps every wait between Retry-After and the cap, whatever the jitter", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.option(fc.integer({ min: 0, max: 60_000 }), { nil: undefined }),
        fc.integer({ min: 1, max: 6 }),
        async (random, retryAfterMs, failures) => {
          const retry = recordingRetry({ random: () => random, maxAttempts: 8, baseMs: 1_000, maxDelayMs: 60_000 });
          const { attempt } = failing(
            ...Array.from({ length: failures }, () => new TransientHttpError("x", { status: 503, retryAfterMs })),
          );
          await withRetry(attempt, retry);
          expect(retry.sleeps).toHaveLength(failures);
          for (const ms of retry.sleeps) {
            expect(ms).toBeGreaterThanOrEqual(retryAfterMs ?? 0);
            expect(ms).toBeLessThanOrEqual(60_000);
          }
        },
      ),
    );
  });
});

describe("withSourceRetry", () => {
  const context = { source: "ga4", shopId: "acme", what: "GA4 runReport for property 1", now: () => NOW };

  it("turns lasting HTTP 429s into a quota error naming shop and source, with a time to retry", async () => {
    const { attempt } = failing(
      ...Array.from({ length: 4 }, () => new TransientHttpError("429", { status: 429, retryAfterMs: 30_000 })),
    );
    const error = await sourceErrorOf(withSourceRetry(attempt, { ...context, retry: recordingRetry() }));
    expect(error.kind).toBe("quota");
    expect(error.message).toMatch(/^acme\/ga4: GA4 runReport for property 1 was rate-limited/);
    expect(error.retryAt).toEqual(new Date("2026-11-23T10:00:30Z"));
  });

  it("turns lasting outages and lost connections into unavailable", async () => {
    const { attempt } = failing(...Array.from({ length: 4 }, () => new TransientHttpError("connect ECONNREFUSED")));
    const error = await sourceErrorOf(withSourceRetry(attempt, { ...context, retry: recordingRetry() }));
    expect(error.kind).toBe("unavailable");
    expect(error.message).toContain("connect ECONNREFUSED");
  });

  it("passes a SourceError through untouched", async () => {
    const original = new SourceError("auth", { source: "ga4", shopId: "acme", message: "no access" });
    const { attempt } = failing(original);
    await expect(withSourceRetry(attempt, { ...context, retry: recordingRetry() })).rejects.toBe(original);
  });
});
