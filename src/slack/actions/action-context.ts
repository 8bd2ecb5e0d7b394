import type { BlockAction, ButtonAction, RespondFn } from "@slack/bolt";

/** Where a button was clicked: a message (updatable, with a response URL) or the App Home. */
export type ClickSite = {
  userId: string;
  /** The message holding the button, when it was a message. */
  message: { channel: string; ts: string } | undefined;
  fromHome: boolean;
  respond: RespondFn | undefined;
};

export function clickSite(body: BlockAction<ButtonAction>, respond: RespondFn): ClickSite {
  const container = body.container as { type?: string; channel_id?: string; message_ts?: string };
  const message =
    container.type === "message" && container.channel_id && container.message_ts
      ? { channel: container.channel_id, ts: container.message_ts }
      : undefined;
  return {
    userId: body.user.id,
    message,
    fromHome: body.view?.type === "home",
    // Home tab clicks carry no response URL; answers go by DM there.
    respond: body.response_url ? respond : undefined,
  };
}
