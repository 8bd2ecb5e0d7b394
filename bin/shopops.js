#!/usr/bin/env node
// The `shopops` command: runs the compiled CLI (dist/, built by `npm install` and `npm run build`).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist/cli/index.js");
if (!existsSync(cli)) {
  console.error(`shopops: ${cli} is missing; run \`npm run build\` in ${root}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(result.status ?? 1);
