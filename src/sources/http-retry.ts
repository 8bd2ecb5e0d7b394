import { SourceError } from "./source-error.ts";

/**
 * Retries for the HTTP calls of the sources: HTTP 429, 5xx and network failures are tried
 * again with exponential backoff and full jitter, honouring `Retry-After`. Everything else
 * (auth, not found, bad data) fails at once. The sleep is injectable so tests never wait.
 */

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export type RetryPolicy = {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  /** Backoff before attempt n+1 is random in [0, baseMs·2^(n-1)], capped by maxDelayMs. */
  baseMs: number;
  /** A server asking to wait longer than this is not waited for: the pull fails as `quota`. */
  maxDelayMs: number;
  sleep: Sleep;
  random: () => number;
};

export type RetryOptions = Partial<RetryPolicy>;

export const sleepFor: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 4,
  baseMs: 1_000,
  maxDelayMs: 60_000,
  sleep: sleepFor,
  random: Math.random,
};

/** A failed attempt that may succeed when repeated: HTTP 429, 5xx, or no response at all. */
export class TransientHttpError extends Error {
  /** Undefined when no response arrived (connection refused, reset, timeout). */
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, details: { status?: number; retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "TransientHttpError";
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
  }
}

export function isTransientStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1_000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/**
 * Runs `attempt` until it succeeds, throws something other than a `TransientHttpError`, or
 * `maxAttempts` is used up; then the last error is rethrown for the caller to classify.
 * `onRetry` is told about every wait (for logs).
 */
export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: RetryOptions & { signal?: AbortSignal; onRetry?: (error: TransientHttpError, delayMs: number) => void } = {},
): Promise<T> {
  const policy = { ...DEFAULT_RETRY, ...options };
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!(error instanceof TransientHttpError) || n >= policy.maxAttempts) throw error;
      if (error.retryAfterMs !== undefined && error.retryAfterMs > policy.maxDelayMs) throw error;
      const backoff = Math.min(policy.maxDelayMs, policy.baseMs * 2 ** (n - 1)) * policy.random();
      const delayMs = Math.round(Math.max(error.retryAfterMs ?? 0, backoff));
      options.onRetry?.(error, delayMs);
      await policy.sleep(delayMs, options.signal);
    }
  }
}

/**
 * `withRetry` for a source: a transient failure that outlasts the retries becomes a
 * `SourceError` naming the shop and source — `quota` (with `retryAt`) after HTTP 429,
 * `unavailable` otherwise.
 */
export async function withSourceRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  context: {
    source: string;
    shopId: string;
    /** What was being done, for the message: "GA4 runReport for property 123". */
    what: string;
    now: () => Date;
    retry?: RetryOptions;
    signal?: AbortSignal;
    onRetry?: (error: TransientHttpError, delayMs: number) => void;
  },
): Promise<T> {
  try {
    return await withRetry(attempt, { ...context.retry, signal: context.signal, onRetry: context.onRetry });
  } catch (error) {
    if (!(error instanceof TransientHttpError)) throw error;
    const ids = { source: context.source, shopId: context.shopId, cause: error };
    if (error.status === 429) {
      const retryAt = new Date(context.now().getTime() + (error.retryAfterMs ?? DEFAULT_QUOTA_WAIT_MS));
      throw new SourceError("quota", {
        ...ids,
        message: `${context.what} was rate-limited (HTTP 429); next try after ${retryAt.toISOString()}`,
        retryAt,
      });
    }
    const why = error.status === undefined ? error.message : `HTTP ${error.status}`;
    throw new SourceError("unavailable", { ...ids, message: `${context.what} failed (${why}); will try again later` });
  }
}

/** How long to stay away after a 429 that did not say how long. */
const DEFAULT_QUOTA_WAIT_MS = 5 * 60_000;

/** `fetch`, with a failure to get any response (refused, reset, DNS) made a retryable error. */
export async function fetchOrTransient(url: string, init: RequestInit, what: string): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new TransientHttpError(`${what}: no response (${(error as Error).message})`, { cause: error });
  }
}

/** A response body as JSON, or undefined when it is not JSON (an HTML error page, a cut-off body). */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
