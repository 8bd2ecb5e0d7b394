import { createHmac } from "node:crypto";

/**
 * Signed requests to a running app, as Slack sends them: form-encoded bodies (commands;
 * interactivity as `payload=<json>`) or JSON (events), with X-Slack-Signature
 * `v0=HMAC-SHA256(secret, "v0:<timestamp>:<body>")`.
 */
export type SlackSender = {
  command(command: string, text: string, options?: { user?: string; channel?: string }): Promise<Response>;
  action(actionId: string, value: string, options?: ActionOptions): Promise<Response>;
  viewSubmission(
    callbackId: string,
    values: Record<string, Record<string, unknown>>,
    options?: ViewOptions,
  ): Promise<Response>;
  event(event: Record<string, unknown>): Promise<Response>;
  shortcut(
    callbackId: string,
    options?: { user?: string; message?: Record<string, unknown>; channel?: string },
  ): Promise<Response>;
  /** Sends any raw body with the given headers (for forged and replayed requests). */
  raw(body: string, headers: Record<string, string>): Promise<Response>;
  sign(body: string, timestamp?: number): Record<string, string>;
};

type ActionOptions = { user?: string; channel?: string; messageTs?: string; blockId?: string; selected?: string };
type ViewOptions = { user?: string; privateMetadata?: string };

export function createSlackSender(options: {
  appUrl: string;
  signingSecret: string;
  responseUrl: string;
  now?: () => number;
}): SlackSender {
  const url = `${options.appUrl.replace(/\/$/, "")}/slack/events`;
  const now = options.now ?? (() => Date.now());
  let triggers = 0;

  const sign = (body: string, timestamp = Math.floor(now() / 1000)) => ({
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": `v0=${createHmac("sha256", options.signingSecret).update(`v0:${timestamp}:${body}`).digest("hex")}`,
  });
  const post = (body: string, contentType: string) =>
    fetch(url, { method: "POST", body, headers: { "content-type": contentType, ...sign(body) } });
  const interactive = (payload: Record<string, unknown>) =>
    post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), "application/x-www-form-urlencoded");
  const team = { id: "T0TEST", domain: "test" };
  const user = (id = "U0MANAGER") => ({ id, username: id.toLowerCase(), name: id.toLowerCase(), team_id: "T0TEST" });

  return {
    sign,
    raw: (body, headers) => fetch(url, { method: "POST", body, headers }),
    command(command, text, opts = {}) {
      const body = new URLSearchParams({
        token: "legacy",
        team_id: "T0TEST",
        team_domain: "test",
        channel_id: opts.channel ?? "C0GENERAL",
        channel_name: "general",
        user_id: opts.user ?? "U0MANAGER",
        user_name: (opts.user ?? "U0MANAGER").toLowerCase(),
        command,
        text,
        api_app_id: "A0SHOPOPS",
        is_enterprise_install: "false",
        response_url: options.responseUrl,
        trigger_id: `trigger.${++triggers}`,
      }).toString();
      return post(body, "application/x-www-form-urlencoded");
    },
    action(actionId, value, opts = {}) {
      const channel = opts.channel ?? "C0APPROVE";
      const ts = opts.messageTs ?? "1700000000.000100";
      return interactive({
        type: "block_actions",
        team,
        user: user(opts.user),
        api_app_id: "A0SHOPOPS",
        token: "legacy",
        trigger_id: `trigger.${++triggers}`,
        response_url: options.responseUrl,
        container: { type: "message", message_ts: ts, channel_id: channel, is_ephemeral: false },
        channel: { id: channel, name: "channel" },
        message: { type: "message", ts, text: "", blocks: [] },
        actions: [
          {
            type: opts.selected === undefined ? "button" : "static_select",
            action_id: actionId,
            block_id: opts.blockId ?? "actions",
            ...(opts.selected === undefined
              ? { value, text: { type: "plain_text", text: actionId } }
              : { selected_option: { value: opts.selected, text: { type: "plain_text", text: opts.selected } } }),
            action_ts: `${Math.floor(now() / 1000)}.000001`,
          },
        ],
      });
    },
    viewSubmission(callbackId, values, opts = {}) {
      return interactive({
        type: "view_submission",
        team,
        user: user(opts.user),
        api_app_id: "A0SHOPOPS",
        token: "legacy",
        trigger_id: `trigger.${++triggers}`,
        view: {
          id: "V0VIEW",
          type: "modal",
          callback_id: callbackId,
          private_metadata: opts.privateMetadata ?? "",
          state: { values },
          hash: "h",
          title: { type: "plain_text", text: "ShopOps" },
          blocks: [],
        },
      });
    },
    shortcut(callbackId, opts = {}) {
      return interactive(
        opts.message
          ? {
              type: "message_action",
              callback_id: callbackId,
              team,
              user: user(opts.user),
              channel: { id: opts.channel ?? "C0GENERAL", name: "general" },
              message: opts.message,
              message_ts: opts.message.ts,
              response_url: options.responseUrl,
              trigger_id: `trigger.${++triggers}`,
              token: "legacy",
            }
          : {
              type: "shortcut",
              callback_id: callbackId,
              team,
              user: user(opts.user),
              trigger_id: `trigger.${++triggers}`,
              token: "legacy",
            },
      );
    },
    event(event) {
      return post(
        JSON.stringify({
          token: "legacy",
          team_id: "T0TEST",
          api_app_id: "A0SHOPOPS",
          event,
          type: "event_callback",
          event_id: `Ev${++triggers}`,
          event_time: Math.floor(now() / 1000),
        }),
        "application/json",
      );
    },
  };
}
