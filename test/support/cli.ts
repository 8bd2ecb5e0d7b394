import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliIo } from "../../src/cli/cli-command.ts";
import { runCli } from "../../src/cli/index.ts";

export type CliRun = { code: number; out: string[]; err: string[] };

/** Runs the `shopops` CLI in-process with the given environment, capturing its output. */
export async function runShopops(argv: string[], env: Record<string, string>): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    isTty: false,
    env: { LOG_LEVEL: "silent", ...env },
  };
  const code = await runCli(argv, io);
  return { code, out, err };
}

/** Writes a shops YAML file into a fresh temporary folder and returns its path. */
export function writeShopsFile(yaml: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "shopops-config-")), "shopops.config.yaml");
  writeFileSync(path, yaml);
  return path;
}
