/**
 * A Block Kit block. Typed loosely on purpose: `@slack/types` lags behind Slack (no
 * `data_visualization` or `table` blocks yet), and our builders are checked by their tests
 * against Slack's documented shapes and limits instead.
 */
export type Block = { type: string; block_id?: string } & Record<string, unknown>;

/** What every message needs: blocks for Slack clients and a plain-text fallback for notifications. */
export type SlackMessage = { text: string; blocks?: Block[] };

/** Slack's limits (Block Kit reference): we build within them rather than be rejected. */
export const LIMITS = { blocks: 50, sectionText: 3000, fields: 10, fieldText: 2000, plainText: 150 } as const;

/** Escapes text a user typed so Slack shows it verbatim instead of as mrkdwn or a mention. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export const mrkdwn = (text: string) => ({ type: "mrkdwn", text: truncate(text, LIMITS.sectionText) });
export const plain = (text: string) => ({ type: "plain_text", text: truncate(text, LIMITS.plainText), emoji: true });
export const section = (text: string): Block => ({ type: "section", text: mrkdwn(text) });
export const context = (...texts: string[]): Block => ({ type: "context", elements: texts.map(mrkdwn) });
export const divider = (): Block => ({ type: "divider" });
export const header = (text: string): Block => ({ type: "header", text: plain(text) });
export const button = (
  text: string,
  actionId: string,
  value: string,
  style?: "primary" | "danger",
): Record<string, unknown> => ({
  type: "button",
  text: plain(text),
  action_id: actionId,
  value,
  ...(style ? { style } : {}),
});
export const actions = (blockId: string | undefined, elements: Array<Record<string, unknown>>): Block => ({
  type: "actions",
  ...(blockId ? { block_id: blockId } : {}),
  elements,
});
