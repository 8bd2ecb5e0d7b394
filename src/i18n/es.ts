// One import per area; each area file lists its keys (en) or translates all of them (pl, it, es).
import type { Catalog } from "./en.ts";
import { common } from "./es/common.ts";
import { help } from "./es/help.ts";

export const es: Catalog = {
  ...common,
  ...help,
};
