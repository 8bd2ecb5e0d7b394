import { readFileSync } from "node:fs";

/** ShopOps' version, from package.json (shown by /healthz and `shopops doctor`). */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;
