// Prisma CLI configuration. The WASM ("js") schema engine with a driver adapter runs
// generate, migrate deploy, migrate diff and db execute offline: no engine download.
import { defineConfig } from "prisma/config";
import { createAdapter } from "./src/db/create-adapter.ts";
import { DEFAULT_DATABASE_URL, providerOf } from "./src/db/database-url.ts";

const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const provider = providerOf(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: `prisma/${provider}`,
  migrations: { path: `prisma/${provider}/migrations` },
  adapter: async () => createAdapter(url),
});
