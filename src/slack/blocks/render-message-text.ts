import type { Block, SlackMessage } from "./block.ts";

const WIDTH = 72;
const SPARKS = "▁▂▃▄▅▆▇█";

/**
 * What a person would see of a Slack message, as plain terminal text: headers underlined,
 * mrkdwn emphasis dropped, mentions and links spelled out, fields as aligned label/value
 * lines, charts as sparklines, tables as aligned columns and buttons as `[ Label ]`.
 * For the demo and `digest --preview`; not a Slack client, just readable.
 */
export function renderMessageText(message: SlackMessage): string {
  if (!message.blocks || message.blocks.length === 0) return plainText(message.text);
  return message.blocks
    .map(renderBlock)
    .filter((s) => s !== "")
    .join("\n");
}

/** The digest's terminal rendering (the same renderer serves every message). */
export const renderDigestText = renderMessageText;

function renderBlock(block: Block): string {
  switch (block.type) {
    case "header": {
      const text = textOf(block.text);
      return `\n${text}\n${"═".repeat(Math.min(WIDTH, displayWidth(text)))}`;
    }
    case "section": {
      const parts: string[] = [];
      if (block.text) parts.push(plainText(textOf(block.text)));
      if (Array.isArray(block.fields)) parts.push(renderFields(block.fields.map((f) => plainText(textOf(f)))));
      // A blank line before each section, as Slack leaves space between blocks.
      return `\n${parts.join("\n")}`;
    }
    case "context": {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      return elements
        .map((e) => plainText(textOf(e)))
        .join("\n")
        .split("\n")
        .map((l) => `  ${l}`)
        .join("\n");
    }
    case "divider":
      return "─".repeat(WIDTH);
    case "actions": {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      return elements.map((e) => `[ ${textOf((e as { text?: unknown }).text)} ]`).join("  ");
    }
    case "data_visualization":
      return renderChart(block);
    case "table":
      return renderTable(block);
    case "image":
      return `[image: ${String(block.alt_text ?? "")}]`;
    default:
      return `[${block.type}]`;
  }
}

function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && "text" in value) return String((value as { text: unknown }).text);
  return "";
}

/** mrkdwn → what the reader sees: bold and italic markers dropped, <@U1> → @U1, <url|text> → text (url). */
export function plainText(mrkdwn: string): string {
  return mrkdwn
    .replace(/<@([A-Z0-9]+)>/g, "@$1")
    .replace(/<#([A-Z0-9]+)(\|([^>]*))?>/g, (_m, id: string, _p, name?: string) => `#${name ?? id}`)
    .replace(/<([^|>]+)\|([^>]+)>/g, "$2 ($1)")
    .replace(/<(https?:[^>]+)>/g, "$1")
    .replace(/(^|[\s(])\*([^*\n]+)\*/g, "$1$2")
    .replace(/(^|[\s(])_([^_\n]+)_/g, "$1$2")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** Fields as "Label   value  change" lines, labels padded to one column. */
function renderFields(fields: string[]): string {
  const rows = fields.map((f) => {
    const [label = "", ...rest] = f.split("\n");
    return { label, rest: rest.join("  ") };
  });
  const width = Math.max(...rows.map((r) => displayWidth(r.label)));
  return rows.map((r) => `  ${pad(r.label, width)}  ${r.rest}`).join("\n");
}

type ChartShape = {
  title?: string;
  chart?: { series?: Array<{ name: string; data: Array<{ label: string; value: number }> }> };
};

function renderChart(block: Block): string {
  const { title = "", chart } = block as unknown as ChartShape;
  const series = chart?.series ?? [];
  const values = series.flatMap((s) => s.data.map((d) => d.value));
  const max = Math.max(0, ...values);
  const spark = (v: number) => SPARKS[max <= 0 ? 0 : Math.min(7, Math.round((v / max) * 7))] ?? " ";
  const width = Math.max(0, ...series.map((s) => displayWidth(s.name)));
  const labels = series[0]?.data.map((d) => d.label) ?? [];
  const lines = [`  📈 ${title}`];
  for (const s of series) lines.push(`     ${pad(s.name, width)}  ${s.data.map((d) => spark(d.value)).join("")}`);
  if (labels.length > 0) {
    lines.push(`     ${" ".repeat(width)}  ${labels[0]} … ${labels[labels.length - 1]}`);
  }
  return lines.join("\n");
}

function renderTable(block: Block): string {
  const rows = (Array.isArray(block.rows) ? block.rows : []) as Array<Array<{ text?: string }>>;
  const cells = rows.map((r) => r.map((c) => c.text ?? ""));
  const widths = (cells[0] ?? []).map((_, i) => Math.max(...cells.map((r) => displayWidth(r[i] ?? ""))));
  return cells
    .map((r, ri) => {
      const line = r.map((c, i) => (i === 0 ? pad(c, widths[i] ?? 0) : padStart(c, widths[i] ?? 0))).join("  ");
      return ri === 0 ? `  ${line}\n  ${"-".repeat(displayWidth(line))}` : `  ${line}`;
    })
    .join("\n");
}

/** Terminal columns a string takes: emoji and other wide characters count two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code === 0xfe0f || (code >= 0x300 && code < 0x370)) continue;
    width += code >= 0x1f000 || (code >= 0x2e80 && code < 0xa000) ? 2 : 1;
  }
  return width;
}

const pad = (text: string, width: number) => text + " ".repeat(Math.max(0, width - displayWidth(text)));
const padStart = (text: string, width: number) => " ".repeat(Math.max(0, width - displayWidth(text))) + text;
