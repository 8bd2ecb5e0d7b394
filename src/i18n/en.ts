// One import per area; each area file lists its keys (en) or translates all of them (pl, it, es).
import { common } from "./en/common.ts";
import { help } from "./en/help.ts";

export const en = {
  ...common,
  ...help,
} as const;

export type MessageKey = keyof typeof en;
export type Catalog = Record<MessageKey, string>;
