// One import per area; each area file lists its keys (en) or translates all of them (pl, it, es).
import type { Catalog } from "./en.ts";
import { common } from "./it/common.ts";
import { help } from "./it/help.ts";

export const it: Catalog = {
  ...common,
  ...help,
};
