// One import per area; each area file lists its keys (en) or translates all of them (pl, it, es).

import { alerts } from "./en/alerts.ts";
import { common } from "./en/common.ts";
import { digest } from "./en/digest.ts";
import { help } from "./en/help.ts";
import { kpi } from "./en/kpi.ts";
import { workflows } from "./en/workflows.ts";

export const en = {
  ...alerts,
  ...common,
  ...digest,
  ...help,
  ...kpi,
  ...workflows,
} as const;

export type MessageKey = keyof typeof en;
export type Catalog = Record<MessageKey, string>;
