import { Writable } from "node:stream";
import { secretsOf } from "../config/env-schema.ts";
import { type Config, loadConfig } from "../config/load-config.ts";
import type { ShopConfig } from "../config/shops-schema.ts";
import { createDeps, type OwnedDeps } from "../create-deps.ts";
import { migrate } from "../db/migrate.ts";
import { invalidInput } from "../shared/errors.ts";
import { createLogger } from "../shared/logger.ts";
import type { CliIo } from "./cli-command.ts";

/**
 * Everything a data command needs, as `npm start` builds it: configuration from `io.env`,
 * a migrated database, every source. Log lines go to the command's error output so they
 * never mix with what it prints. The caller closes the result.
 */
export async function openDeps(io: CliIo, options: { config?: Config } = {}): Promise<OwnedDeps> {
  const config = options.config ?? loadConfig(io.env);
  await migrate(config.env.DATABASE_URL);
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      io.err(chunk.toString("utf8").trimEnd());
      done();
    },
  });
  const logger = createLogger({ level: config.env.LOG_LEVEL, secrets: secretsOf(config.env), destination });
  return createDeps(config, { logger, poolSize: 4 });
}

/** The configured shop named by `--shop`, or a usage error listing the ones there are. */
export function findShop(config: Config, id: string | undefined): ShopConfig {
  const known = config.shops.map((s) => s.id).join(", ");
  if (!id) throw usage(`--shop is required (configured: ${known})`);
  const shop = config.shops.find((s) => s.id === id);
  if (!shop) throw usage(`unknown shop "${id}" (configured: ${known})`);
  return shop;
}

export function usage(problem: string) {
  return invalidInput(problem, { key: "cli.usage", params: { problem } });
}
