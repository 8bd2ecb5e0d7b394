// One import per area; each area file lists its keys (en) or translates all of them (pl, it, es).
import type { Catalog } from "./en.ts";
import { alerts } from "./pl/alerts.ts";
import { common } from "./pl/common.ts";
import { digest } from "./pl/digest.ts";
import { help } from "./pl/help.ts";
import { kpi } from "./pl/kpi.ts";
import { workflows } from "./pl/workflows.ts";

export const pl: Catalog = {
  ...alerts,
  ...common,
  ...digest,
  ...help,
  ...kpi,
  ...workflows,
};
