import type { DigestContent } from "../../domain/digests/digest-content.ts";
import type { SlackMessage } from "../blocks/block.ts";
import { buildDigestChartImages, buildDigestMessage, type DigestRenderOptions } from "../blocks/digest-blocks.ts";
import type { PostedMessage, Publisher } from "./publisher.ts";

/**
 * Posts a digest and, for `charts: image | both`, its chart PNGs in the message's thread.
 * `onPosted` runs as soon as Slack has the message (the scheduled delivery records it there,
 * so a retry never posts twice); a failed upload leaves the posted digest standing.
 */
export async function postDigest(
  publisher: Publisher,
  channel: string,
  content: DigestContent,
  options: DigestRenderOptions,
  hooks: { existing?: PostedMessage; onPosted?: (posted: PostedMessage) => Promise<void> } = {},
): Promise<PostedMessage> {
  const posted = hooks.existing ?? (await publisher.post(channel, renderOnce(content, options)));
  if (!hooks.existing) await hooks.onPosted?.(posted);
  for (const image of buildDigestChartImages(content, options)) {
    await publisher.uploadPng(channel, { ...image, threadTs: posted.ts });
  }
  return posted;
}

// A fan-out posts one digest to many channels: render it once per content and options
// (contents are never changed once built; entries go with their content).
const rendered = new WeakMap<DigestContent, Map<string, SlackMessage>>();

function renderOnce(content: DigestContent, options: DigestRenderOptions): SlackMessage {
  const byOptions = rendered.get(content) ?? new Map<string, SlackMessage>();
  rendered.set(content, byOptions);
  const key = JSON.stringify(options);
  let message = byOptions.get(key);
  if (!message) {
    message = buildDigestMessage(content, options);
    byOptions.set(key, message);
  }
  return message;
}
