import { type Block, header, LIMITS, type SlackMessage, section } from "./block.ts";

/** Lines packed into as few section blocks as Slack's text limit allows. */
export function linesToSections(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let current = "";
  for (const line of lines) {
    if (current && current.length + 1 + line.length > LIMITS.sectionText) {
      blocks.push(section(current));
      current = "";
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) blocks.push(section(current));
  return blocks.slice(0, LIMITS.blocks - 1);
}

/** A titled list, or the `empty` line when there is nothing; `text` doubles as the notification fallback. */
export function buildListMessage(title: string, lines: string[], empty: string): SlackMessage {
  return {
    text: lines.length === 0 ? `${title}\n${empty}` : `${title}\n${lines.join("\n")}`,
    blocks: [header(title), ...(lines.length === 0 ? [section(empty)] : linesToSections(lines))],
  };
}
