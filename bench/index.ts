import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * `npm run bench -- <name>`: runs the named benchmark (or all of them) and prints its lines.
 * A benchmark module exports `run(): Promise<{ name, lines, markdown }>`; the markdown is the
 * table the README quotes; each run replaces that benchmark's section of bench/results.md.
 */
type Bench = { name: string; lines: string[]; markdown: string };
const BENCHES: Record<string, () => Promise<{ run(): Promise<Bench> }>> = {
  detect: () => import("./detect.ts"),
  ingest: () => import("./ingest.ts"),
  ack: () => import("./slack-ack.ts"),
  memory: () => import("./memory-start.ts"),
  fanout: () => import("./fanout.ts"),
};

async function main(argv: string[]): Promise<number> {
  const wanted = argv.filter((a) => !a.startsWith("--"));
  const names = wanted.length > 0 ? wanted : Object.keys(BENCHES);
  const unknown = names.filter((n) => !(n in BENCHES));
  if (unknown.length > 0) {
    console.error(`unknown benchmark: ${unknown.join(", ")} (known: ${Object.keys(BENCHES).join(", ")})`);
    return 2;
  }
  for (const name of names) {
    const load = BENCHES[name] as () => Promise<{ run(): Promise<Bench> }>;
    const result = await (await load()).run();
    console.log(`# ${result.name}`);
    for (const line of result.lines) console.log(line);
    if (argv.includes("--markdown")) console.log(`\n${result.markdown}\n`);
    writeResult(result);
  }
  return 0;
}

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), "results.md");

const HEADER = `# Benchmark results

Written by \`npm run bench\` (all benchmarks) or \`npm run bench -- <name>\` (one; the other sections
keep their last results). How to read them:

- Every figure stands next to a baseline measured in the same run (a raw driver, a bare Bolt
  app, the same work without a rate limit, a z-score detector): these machines are shared and
  noisy, so compare the **ratios**, not absolute times, across runs and machines.
- Each section says what ran, on which Node version, and the target it is held to.
- Latency tails (p99) are the least stable figures: one pause of the process or the machine
  moves them; the ack benchmark reports the median of three runs for that reason.
`;

/**
 * Replaces this benchmark's section of bench/results.md, keeping the others' last results,
 * and rewrites the file as the header plus the sections in registry order.
 */
function writeResult(result: Bench): void {
  const existing = existsSync(RESULTS) ? readFileSync(RESULTS, "utf8") : "";
  const sections = new Map<string, string>();
  for (const match of existing.matchAll(/<!-- bench:([\w-]+) -->[\s\S]*?<!-- \/bench:\1 -->/g)) {
    sections.set(match[1] as string, match[0]);
  }
  sections.set(
    result.name,
    `<!-- bench:${result.name} -->\n## ${result.name}\n\n${result.markdown.trim()}\n<!-- /bench:${result.name} -->`,
  );
  const order = [...Object.keys(BENCHES), ...[...sections.keys()].filter((name) => !(name in BENCHES))];
  const body = order.flatMap((name) => sections.get(name) ?? []).join("\n\n");
  writeFileSync(RESULTS, `${HEADER}\n${body}\n`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  },
);
