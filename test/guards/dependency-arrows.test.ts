import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "..", "..", "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

const files = sourceFiles(SRC).map((path) => ({
  path: path.slice(SRC.length + 1),
  text: readFileSync(path, "utf8"),
}));

/** Runtime (non type-only) import specifiers of a file. */
function runtimeImports(text: string): string[] {
  return [...text.matchAll(/^import\s+(?!type\s)[^;]*?from\s+"([^"]+)"/gms)].map((m) => m[1] ?? "");
}

describe("dependency arrows (STYLE.md; npm run lint checks the rest with dependency-cruiser)", () => {
  it("only src/config reads process.env", () => {
    const readers = files.filter((f) => /process\.env\b/.test(f.text) && !f.path.startsWith("config/"));
    // main.ts and the CLI hand process.env to loadConfig; db/migrate passes the environment on to the Prisma CLI.
    const allowed = new Set(["main.ts", "cli/index.ts", "db/migrate.ts"]);
    expect(readers.map((f) => f.path).filter((p) => !allowed.has(p))).toEqual([]);
  });

  it("only src/slack imports @slack/*, only src/jobs imports node-cron", () => {
    const offenders = files.filter((f) => {
      const imports = runtimeImports(f.text);
      return (
        (!f.path.startsWith("slack/") && imports.some((i) => i.startsWith("@slack/"))) ||
        (!f.path.startsWith("jobs/") && imports.some((i) => i === "node-cron"))
      );
    });
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it("domain code knows nothing of Slack, HTTP, cron or wording", () => {
    const offenders = files.filter(
      (f) =>
        f.path.startsWith("domain/") &&
        runtimeImports(f.text).some((i) =>
          /(\/slack\/|\/jobs\/|\/sources\/|\/i18n\/|^@slack\/|^node-cron$|^node:http)/.test(i),
        ),
    );
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it("Prisma is used only in src/db and *-store.ts files", () => {
    const offenders = files.filter(
      (f) =>
        !f.path.startsWith("db/") &&
        !f.path.endsWith("-store.ts") &&
        /\.prisma\.|\bprisma\.\$|db\.prisma\b/.test(f.text),
    );
    expect(offenders.map((f) => f.path)).toEqual([]);
  });
});
