// One import per area; each area file lists its keys (en) or translates all of them (pl, it, es).
import type { Catalog } from "./en.ts";
import { alerts } from "./it/alerts.ts";
import { common } from "./it/common.ts";
import { digest } from "./it/digest.ts";
import { help } from "./it/help.ts";
import { kpi } from "./it/kpi.ts";
import { workflows } from "./it/workflows.ts";

export const it: Catalog = {
  ...alerts,
  ...common,
  ...digest,
  ...help,
  ...kpi,
  ...workflows,
};
