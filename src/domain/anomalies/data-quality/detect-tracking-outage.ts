import type { TrackingOutage } from "./data-quality-finding.ts";

export type ChannelSessions = { channel: string; actual: number; expected: number };

export type TrackingOutageInput = {
  /** The shop's sessions for the bucket, and what the detector expected. */
  actual: number;
  expected: number;
  channels: readonly ChannelSessions[];
};

export type TrackingOutageOptions = {
  /** Sessions at or below this share of expected are "near zero" (default 0.1). */
  nearZeroShare?: number;
  /** A channel is down below this share of its expected sessions (default 0.5)… */
  channelDownShare?: number;
  /** …and it is an outage when the channels down carry this share of expected traffic (default 0.8)… */
  channelsDownShare?: number;
  /** …and the total fell below this share (default 0.5). */
  totalDownShare?: number;
  /** Below this many expected sessions nothing is judged: a quiet night is not an outage (default 20). */
  minExpected?: number;
};

/**
 * A tracking outage: sessions near zero, or every channel falling together (a broken shop
 * loses its buyers, a broken tag loses its visitors — all of them, from every channel).
 * Undefined when the bucket looks like tracking works.
 */
export function detectTrackingOutage(
  input: TrackingOutageInput,
  options: TrackingOutageOptions = {},
): TrackingOutage | undefined {
  const nearZero = options.nearZeroShare ?? 0.1;
  const channelDown = options.channelDownShare ?? 0.5;
  const channelsDownShare = options.channelsDownShare ?? 0.8;
  const totalDown = options.totalDownShare ?? 0.5;
  const minExpected = options.minExpected ?? 20;
  if (!(input.expected >= minExpected)) return undefined;

  const share = input.actual / input.expected;
  const watched = input.channels.filter((c) => c.expected > 0);
  const down = watched.filter((c) => c.actual < channelDown * c.expected);
  const expectedAll = watched.reduce((s, c) => s + c.expected, 0);
  const expectedDown = down.reduce((s, c) => s + c.expected, 0);
  const together = watched.length >= 2 && expectedAll > 0 && expectedDown / expectedAll >= channelsDownShare;
  if (!(share <= nearZero || (share < totalDown && together))) return undefined;
  return {
    kind: "tracking_outage",
    actual: input.actual,
    expected: input.expected,
    share,
    channelsDown: down.sort((a, b) => b.expected - a.expected).map((c) => c.channel),
    channelsWatched: watched.length,
  };
}
