// One import per area; each area file lists its keys (en) or translates all of them (pl, it, es).
import type { Catalog } from "./en.ts";
import { alerts } from "./es/alerts.ts";
import { common } from "./es/common.ts";
import { digest } from "./es/digest.ts";
import { help } from "./es/help.ts";
import { kpi } from "./es/kpi.ts";
import { workflows } from "./es/workflows.ts";

export const es: Catalog = {
  ...alerts,
  ...common,
  ...digest,
  ...help,
  ...kpi,
  ...workflows,
};
