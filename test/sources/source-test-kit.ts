import type { Env } from "../../src/config/env-schema.ts";
import { parseEnv } from "../../src/config/load-config.ts";
import type { Observation } from "../../src/domain/metrics/observation.ts";
import { createLogger } from "../../src/shared/logger.ts";
import type { RetryOptions } from "../../src/sources/http-retry.ts";
import { SourceError } from "../../src/sources/source-error.ts";

export const silentLogger = createLogger({ level: "silent" });

export function buildEnv(vars: Record<string, string | undefined>): Env {
  return parseEnv(vars);
}

/** Retries that record their waits instead of sleeping. */
export function recordingRetry(overrides: RetryOptions = {}): RetryOptions & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  };
}

/** The SourceError a promise rejects with (fails the test when it resolves or throws something else). */
export async function sourceErrorOf(promise: Promise<unknown>): Promise<SourceError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SourceError) return error;
    throw error;
  }
  throw new Error("expected the pull to fail with a SourceError");
}

/** The one observation matching, or a failing test. */
export function pick(
  observations: Observation[],
  where: Partial<Pick<Observation, "metric" | "dimension" | "dimensionValue" | "bucket" | "granularity">>,
): Observation {
  const found = observations.filter((o) => Object.entries(where).every(([k, v]) => o[k as keyof Observation] === v));
  if (found.length !== 1)
    throw new Error(`expected one observation for ${JSON.stringify(where)}, found ${found.length}`);
  return found[0]!;
}
