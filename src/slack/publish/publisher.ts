import type { WebClient } from "@slack/web-api";
import type { Deps } from "../../deps.ts";
import type { Logger } from "../../shared/logger.ts";
import type { SlackMessage } from "../blocks/block.ts";

/** Hooks into the running scheduler, so a change made in Slack takes effect at once. */
export type Schedules = { refreshDigests(): Promise<void> };

/** Deps of everything that talks to Slack: Slack handlers, jobs that post, the CLI with --post. */
export type SlackDeps = Deps & { publisher: Publisher; schedules?: Schedules };

export type PostedMessage = { channel: string; ts: string };

/**
 * Everything ShopOps sends to Slack outside a request/response: digests, alerts, DMs,
 * approval messages. Rate limits (429 + Retry-After), 5xx and network errors are retried
 * by the Web API client's own retry policy (see createSlackClient); `ok:false` answers
 * reject with the Slack error code.
 */
export type Publisher = {
  post(channel: string, message: SlackMessage, options?: { threadTs?: string }): Promise<PostedMessage>;
  update(at: PostedMessage, message: SlackMessage): Promise<void>;
  ephemeral(channel: string, user: string, message: SlackMessage): Promise<void>;
  /** Direct message to a user (opens the DM channel first). */
  dm(user: string, message: SlackMessage): Promise<PostedMessage>;
  /** Uploads a PNG with Slack's current flow: files.getUploadURLExternal, upload, files.completeUploadExternal. */
  uploadPng(
    channel: string,
    file: { filename: string; title: string; data: Buffer; altText?: string; threadTs?: string },
  ): Promise<void>;
};

/**
 * Slack lets an app post about one message per second to a channel. Posts to one channel are
 * spaced by this much, so a fan-out of several digests per channel is not answered
 * 429 with a Retry-After rounded up to whole seconds.
 */
export const CHANNEL_POST_INTERVAL_MS = 1_000;

export function createPublisher(
  client: WebClient,
  logger: Logger,
  options: { channelPostIntervalMs?: number } = {},
): Publisher {
  const paced = createChannelPacer(options.channelPostIntervalMs ?? CHANNEL_POST_INTERVAL_MS);
  return {
    async post(channel, message, options = {}) {
      const result = await paced(channel, () =>
        whenAllowed(() =>
          client.chat.postMessage({
            channel,
            text: message.text,
            ...blocksOf(message),
            ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
            unfurl_links: false,
          }),
        ),
      );
      return { channel: result.channel ?? channel, ts: result.ts ?? "" };
    },
    async update(at, message) {
      await whenAllowed(() =>
        client.chat.update({
          channel: at.channel,
          ts: at.ts,
          text: message.text,
          ...blocksOf(message),
        }),
      );
    },
    async ephemeral(channel, user, message) {
      await whenAllowed(() =>
        client.chat.postEphemeral({
          channel,
          user,
          text: message.text,
          ...blocksOf(message),
        }),
      );
    },
    async dm(user, message) {
      const opened = await whenAllowed(() => client.conversations.open({ users: user }));
      const channel = opened.channel?.id;
      if (!channel) throw new Error(`conversations.open returned no channel for ${user}`);
      return this.post(channel, message);
    },
    async uploadPng(channel, file) {
      // filesUploadV2 wraps the three-step external upload flow.
      const upload = {
        channel_id: channel,
        file: file.data,
        filename: file.filename,
        title: file.title,
        ...(file.altText ? { alt_text: file.altText } : {}),
      };
      await whenAllowed(() =>
        file.threadTs ? client.filesUploadV2({ ...upload, thread_ts: file.threadTs }) : client.filesUploadV2(upload),
      );
      logger.debug({ channel, filename: file.filename }, "chart uploaded");
    },
  };
}

const RATE_LIMITED = "slack_webapi_rate_limited_error";
const RATE_LIMIT_ATTEMPTS = 6;

/**
 * Slack's per-channel limits answer 429 with Retry-After. Both Web API clients are built
 * with `rejectRateLimitedCalls` (create-slack-app.ts, create-env-publisher.ts), so a limited
 * call comes back here
 * and waits for its own channel only, instead of the client pausing every call in flight.
 */
async function whenAllowed<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const limited = error as { code?: string; retryAfter?: number };
      if (limited.code !== RATE_LIMITED || attempt >= RATE_LIMIT_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, limited.retryAfter ?? 1) * 1000));
    }
  }
}

type Pacer = <T>(channel: string, send: () => Promise<T>) => Promise<T>;

/**
 * Sends a channel's posts one after another, each `intervalMs` after the one before it was
 * answered (not sent: requests overtake each other on the way, and Slack counts arrivals).
 */
function createChannelPacer(intervalMs: number): Pacer {
  /** When each channel's latest post was answered, while a next one would still have to wait. */
  const answered = new Map<string, Promise<number>>();
  return (channel, send) => {
    if (intervalMs <= 0) return send();
    const previous = answered.get(channel);
    const result = (async () => {
      const wait = previous ? (await previous) + intervalMs - Date.now() : 0;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      return send();
    })();
    const at = result.then(
      () => Date.now(),
      () => Date.now(),
    );
    answered.set(channel, at);
    void at.then(() => {
      setTimeout(() => answered.get(channel) === at && answered.delete(channel), intervalMs).unref();
    });
    return result;
  };
}

const serializedBlocks = new WeakMap<object, string>();

/**
 * The `blocks` field as the Web API takes it in a form body: a JSON string. Serialized once
 * per message, however many channels it goes to; the client would otherwise serialize it,
 * and walk and serialize it again for a debug line, on every call.
 */
function blocksOf(message: SlackMessage): { blocks?: never } {
  if (!message.blocks) return {};
  let json = serializedBlocks.get(message.blocks);
  if (json === undefined) {
    json = JSON.stringify(message.blocks);
    serializedBlocks.set(message.blocks, json);
  }
  return { blocks: json as never };
}
