import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildSync } from "esbuild";
import { migrate } from "../src/db/migrate.ts";
import { startFakeSlack } from "../test/fakes/fake-slack.ts";
import { createCommandLoader, freePort, ratio } from "./http-load.ts";

/**
 * `npm run bench -- memory`: `dist/main.js` (what `npm start` runs: config, migrations, deps,
 * Slack app in HTTP mode, scheduler; `npm run bench` builds it first) and bench/bare-bolt-app.ts
 * bundled the same way, each as a real process of plain `node` (no TypeScript loader), against
 * the fake Slack with a demo shop on SQLite.
 * Measures start to ready (spawn → GET /readyz answers 200; median of 3 starts on a migrated
 * database, plus one first start that applies the migrations), idle RSS (VmRSS a few seconds
 * after ready), and RSS and V8 heap before and after 10,000 signed commands, each read after
 * a full GC (bench/gc-on-signal.ts).
 * Targets: idle RSS < 200 MB; start < 2 s; memory stable over 10,000 requests.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const TOKEN = "xoxb-1111-2222-bench-bot-token";
const SECRET = "bench-signing-secret-0123456789";
const STARTS = 3;
const SETTLE_MS = 3_000;
const REQUESTS = Number(process.env.BENCH_MEMORY_REQUESTS ?? 10_000);
const WARM_UP = 1_000;
const CONCURRENCY = 50;
const MB = 1024 * 1024;
const GC_WAIT_MS = 500;
/** Retained heap growth over the measured requests below which memory counts as stable. */
const STABLE_HEAP_MB = 5;
const GC_ON_SIGNAL = pathToFileURL(compiled("bench/gc-on-signal.ts")).href;
const SHOPS_YAML = `shops:
  - id: demo
    name: Demo Outdoor Store
    timezone: Europe/Warsaw
    currency: EUR
    sources: { demo: {} }
    channels: { digests: C0DIGEST, alerts: C0ALERTS, approvals: C0APPROVE }
    approvers: [U0MANAGER]
    admins: [U0MANAGER]
`;

type App = "shopops" | "bare";
type Running = { child: ChildProcess; url: string; readyMs: number; exited: Promise<unknown> };
type Memory = { rssMb: number; heapUsedMb: number | undefined };

export async function run(): Promise<{ name: string; lines: string[]; markdown: string }> {
  const dir = mkdtempSync(join(tmpdir(), "shopops-bench-memory-"));
  const slack = await startFakeSlack();
  const shopsFile = join(dir, "shopops.config.yaml");
  writeFileSync(shopsFile, SHOPS_YAML);
  const env = (port: number, database: string): Record<string, string> => ({
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_MODE: "http",
    PORT: String(port),
    HOST: "127.0.0.1",
    SLACK_API_URL: slack.apiUrl,
    DATABASE_URL: `file:${join(dir, database)}`,
    SHOPOPS_CONFIG: shopsFile,
    LOG_LEVEL: "info",
  });
  const entry: Record<App, string> = { shopops: "dist/main.js", bare: compiled("bench/bare-bolt-app.ts") };
  const running: Running[] = [];
  const start = async (app: App, database = "shopops.db") => {
    const started = await startApp(entry[app], env(await freePort(), database));
    running.push(started);
    return started;
  };
  const stop = async (app: Running) => {
    app.child.kill("SIGTERM");
    await app.exited;
  };

  try {
    // The first start on an empty database includes `prisma migrate deploy`.
    const first = await start("shopops", "first.db");
    await stop(first);
    await migrate(`file:${join(dir, "shopops.db")}`);

    const startMs: Record<App, number[]> = { shopops: [], bare: [] };
    const last: Partial<Record<App, Running>> = {};
    for (let i = 0; i < STARTS; i++) {
      for (const app of ["bare", "shopops"] as const) {
        const started = await start(app);
        startMs[app].push(started.readyMs);
        if (i < STARTS - 1) await stop(started);
        else last[app] = started;
      }
    }
    await sleep(SETTLE_MS);
    const idle = { shopops: await memoryOf(last.shopops as Running), bare: await memoryOf(last.bare as Running) };

    // Memory under load: a warm-up (lazy modules, JIT, caches), then the measured requests.
    const load: Partial<Record<App, { warm: Memory; loaded: Memory; settled: Memory }>> = {};
    for (const app of ["shopops", "bare"] as const) {
      const target = last[app] as Running;
      const loader = createCommandLoader(
        { appUrl: target.url, signingSecret: SECRET, responseUrl: slack.responseUrl() },
        CONCURRENCY,
      );
      await loader.send(WARM_UP);
      await sleep(SETTLE_MS);
      const warm = await memoryOf(target);
      await loader.send(REQUESTS);
      const loaded = await memoryOf(target);
      await sleep(SETTLE_MS);
      load[app] = { warm, loaded, settled: await memoryOf(target) };
      loader.close();
    }

    const med = { shopops: median(startMs.shopops), bare: median(startMs.bare) };
    const s = load.shopops as { warm: Memory; loaded: Memory; settled: Memory };
    const b = load.bare as { warm: Memory; loaded: Memory; settled: Memory };
    const growth = s.settled.rssMb - s.warm.rssMb;
    const heapGrowth = (s.settled.heapUsedMb ?? 0) - (s.warm.heapUsedMb ?? 0);
    const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
    const stable = heapGrowth < STABLE_HEAP_MB;
    const mb = (v: number | undefined) => (v === undefined ? "—" : `${v.toFixed(1)} MB`);
    const signed = (v: number) => `${v >= 0 ? "+" : ""}${v.toFixed(1)} MB`;
    const lines = [
      `start to ready (median of ${STARTS}, migrated DB): ShopOps ${seconds(med.shopops)}, bare Bolt ${seconds(med.bare)}, ratio ${ratio(med.shopops / med.bare)} (target < 2 s: ${verdict(med.shopops < 2000)})`,
      `  starts: ShopOps ${startMs.shopops.map(seconds).join(", ")}; bare ${startMs.bare.map(seconds).join(", ")}; first start with migrations ${seconds(first.readyMs)}`,
      `idle RSS ${SETTLE_MS / 1000} s after ready: ShopOps ${mb(idle.shopops.rssMb)} (heap used ${mb(idle.shopops.heapUsedMb)}), bare Bolt ${mb(idle.bare.rssMb)}, ratio ${ratio(idle.shopops.rssMb / idle.bare.rssMb)} (target < 200 MB: ${verdict(idle.shopops.rssMb < 200)})`,
      `ShopOps over ${REQUESTS.toLocaleString("en")} requests (after ${WARM_UP.toLocaleString("en")} warm-up): RSS ${mb(s.warm.rssMb)} → ${mb(s.loaded.rssMb)} → ${mb(s.settled.rssMb)} settled (${signed(growth)}); heap used ${mb(s.warm.heapUsedMb)} → ${mb(s.loaded.heapUsedMb)} → ${mb(s.settled.heapUsedMb)} (${signed(heapGrowth)}; stable: ${verdict(stable)})`,
      `bare Bolt over the same: RSS ${mb(b.warm.rssMb)} → ${mb(b.loaded.rssMb)} → ${mb(b.settled.rssMb)} settled (${signed(b.settled.rssMb - b.warm.rssMb)})`,
    ];
    const markdown = [
      `\`dist/main.js\` (what \`npm start\` runs) and a bare Bolt app (bench/bare-bolt-app.ts, bundled the same way), each a real \`node\` process, HTTP mode, fake Slack, one demo shop on SQLite (Node ${process.version}).`,
      "",
      "| | ShopOps | bare Bolt | ratio | target |",
      "|---|---:|---:|---:|---|",
      `| start → /readyz 200 (median of ${STARTS}, migrated DB) | ${seconds(med.shopops)} | ${seconds(med.bare)} | ${ratio(med.shopops / med.bare)} | < 2 s: ${verdict(med.shopops < 2000)} |`,
      `| first start (applies migrations) | ${seconds(first.readyMs)} | — | — | |`,
      `| idle RSS | ${mb(idle.shopops.rssMb)} | ${mb(idle.bare.rssMb)} | ${ratio(idle.shopops.rssMb / idle.bare.rssMb)} | < 200 MB: ${verdict(idle.shopops.rssMb < 200)} |`,
      `| RSS after ${WARM_UP.toLocaleString("en")} warm-up requests | ${mb(s.warm.rssMb)} | ${mb(b.warm.rssMb)} | ${ratio(s.warm.rssMb / b.warm.rssMb)} | |`,
      `| RSS after ${REQUESTS.toLocaleString("en")} more, settled ${SETTLE_MS / 1000} s | ${mb(s.settled.rssMb)} (${signed(growth)}) | ${mb(b.settled.rssMb)} (${signed(b.settled.rssMb - b.warm.rssMb)}) | | |`,
      `| V8 heap used, same two points | ${mb(s.warm.heapUsedMb)} → ${mb(s.settled.heapUsedMb)} (${signed(heapGrowth)}) | — | | stable: ${verdict(stable)} |`,
      "",
      `Every reading follows a full GC (SIGUSR2 to a process started with \`--expose-gc\` and bench/gc-on-signal.ts preloaded), so it is what the process retains; heap used is ShopOps' own \`shopops_nodejs_heap_size_used_bytes\` from \`/metrics\`. Stable means the retained heap grew by less than ${STABLE_HEAP_MB} MB over the ${REQUESTS.toLocaleString("en")} requests.`,
    ].join("\n");
    return { name: "memory", lines, markdown };
  } finally {
    for (const app of running) app.child.kill("SIGKILL");
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A bench TypeScript file bundled to JavaScript in bench/.tmp the way `npm run build` bundles
 * ShopOps (packages stay imports), so the baseline runs under plain `node` too.
 */
function compiled(file: string): string {
  const outfile = join(ROOT, "bench", ".tmp", basename(file).replace(/\.ts$/, ".mjs"));
  buildSync({
    entryPoints: [join(ROOT, file)],
    outfile,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    logLevel: "warning",
  });
  return outfile;
}

/** Spawns an entry as one plain `node` process (the pid whose memory we read) and waits for /readyz. */
async function startApp(entry: string, env: Record<string, string>): Promise<Running> {
  const started = performance.now();
  const child = spawn(process.execPath, ["--expose-gc", "--import", GC_ON_SIGNAL, entry], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  child.stdout?.on("data", () => {});
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const url = `http://127.0.0.1:${env.PORT}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}:\n${output.join("")}`);
    if (Date.now() > deadline) throw new Error(`${entry} not ready after 30 s:\n${output.join("")}`);
    const status = await fetch(`${url}/readyz`).then(
      (r) => r.arrayBuffer().then(() => r.status),
      () => 0,
    );
    if (status === 200) return { child, url, readyMs: performance.now() - started, exited };
    await sleep(10);
  }
}

/** Memory after a full GC (see bench/gc-on-signal.ts), so only what is retained counts. */
async function memoryOf(app: Running): Promise<Memory> {
  app.child.kill("SIGUSR2");
  await sleep(GC_WAIT_MS);
  const status = readFileSync(`/proc/${app.child.pid}/status`, "utf8");
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  const metrics = await fetch(`${app.url}/metrics`).then(
    (r) => (r.status === 200 ? r.text() : ""),
    () => "",
  );
  const heap = /^shopops_nodejs_heap_size_used_bytes (\S+)$/m.exec(metrics)?.[1];
  return { rssMb: (rssKb * 1024) / MB, heapUsedMb: heap === undefined ? undefined : Number(heap) / MB };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const seconds = (v: number) => `${(v / 1000).toFixed(2)} s`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
