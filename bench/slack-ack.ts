import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { parseEnv } from "../src/config/load-config.ts";
import { ShopSchema } from "../src/config/shops-schema.ts";
import { createDeps } from "../src/create-deps.ts";
import { migrate } from "../src/db/migrate.ts";
import { createLogger } from "../src/shared/logger.ts";
import { createSlackApp } from "../src/slack/create-slack-app.ts";
import { startBareBoltApp } from "./bare-bolt-app.ts";
import { startFakeSlackThread } from "./fake-slack-thread.ts";
import { ms, percentile, ratio } from "./http-load.ts";
import { startLoaderThread } from "./load-thread.ts";

/**
 * `npm run bench -- ack`: the real ShopOps Slack app (createDeps + createSlackApp, HTTP mode,
 * SQLite, every handler and middleware registered) and a bare Bolt app answering the same
 * `/shopops help` run side by side in this process against one fake Slack (on a thread of its
 * own, as is the load generator: neither is what is measured). Each gets
 * BENCH_ACK_REQUESTS (default 5,000) correctly signed commands at concurrency 50, sent in
 * alternating blocks so that a noisy neighbour hurts both alike, three times over; the
 * acknowledgement time is the HTTP response time (Bolt answers the request at `ack()`).
 * Target: ShopOps p99 ≤ 1.5× the bare app's p99 (the median of the three runs' ratios).
 */
const TOTAL = Number(process.env.BENCH_ACK_REQUESTS ?? 5_000);
const CONCURRENCY = 50;
const BLOCKS = 10;
const RUNS = 3;
const WARM_UP = 500;
const TOKEN = "xoxb-1111-2222-bench-bot-token";
const SECRET = "bench-signing-secret-0123456789";
const TARGET = 1.5;

export async function run(): Promise<{ name: string; lines: string[]; markdown: string }> {
  const dir = mkdtempSync(join(tmpdir(), "shopops-bench-ack-"));
  const slack = await startFakeSlackThread();
  const databaseUrl = `file:${join(dir, "shopops.db")}`;
  await migrate(databaseUrl);
  const env = parseEnv({
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_MODE: "http",
    PORT: "0",
    HOST: "127.0.0.1",
    SLACK_API_URL: slack.apiUrl,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: "info",
  });
  const shop = ShopSchema.parse({
    id: "demo",
    name: "Demo Outdoor Store",
    timezone: "Europe/Warsaw",
    currency: "EUR",
    sources: { demo: {} },
  });
  // Production's log level and formatting; the lines are dropped instead of written to a pipe.
  const logger = createLogger({
    level: "info",
    secrets: [TOKEN, SECRET],
    destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
  });
  const deps = await createDeps({ env, shops: [shop] }, { logger });
  const shopops = createSlackApp(deps);
  const bare = await startBareBoltApp({
    signingSecret: SECRET,
    token: TOKEN,
    slackApiUrl: slack.apiUrl,
    port: 0,
    host: "127.0.0.1",
  });
  const responseUrl = slack.responseUrl;
  const closers: Array<() => Promise<void>> = [];
  try {
    const loaders = {
      shopops: await startLoaderThread(
        { appUrl: `http://127.0.0.1:${(await shopops.start()).port}`, signingSecret: SECRET, responseUrl },
        CONCURRENCY,
      ),
      bare: await startLoaderThread(
        { appUrl: `http://127.0.0.1:${bare.port}`, signingSecret: SECRET, responseUrl },
        CONCURRENCY,
      ),
    };
    closers.push(
      () => loaders.shopops.close(),
      () => loaders.bare.close(),
    );
    for (const loader of Object.values(loaders)) await loader.send(WARM_UP);
    const perBlock = Math.ceil(TOTAL / BLOCKS);
    const runs: Array<Record<"shopops" | "bare", Stats>> = [];
    for (let r = 0; r < RUNS; r++) {
      const latencies = { shopops: [] as number[], bare: [] as number[] };
      for (let block = 0; block < BLOCKS; block++) {
        const order = block % 2 === 0 ? (["shopops", "bare"] as const) : (["bare", "shopops"] as const);
        for (const name of order) latencies[name].push(...(await loaders[name].send(perBlock)));
      }
      runs.push({ shopops: statsOf(latencies.shopops), bare: statsOf(latencies.bare) });
    }
    // Every acknowledged command also got its reply (respond → response_url), or the figure would flatter.
    const expectedReplies = 2 * (WARM_UP + RUNS * BLOCKS * perBlock);
    const repliesSoFar = async () => (await slack.calls()).filter((c) => c.method === "response_url").length;
    await waitUntil(async () => (await repliesSoFar()) >= expectedReplies, 10_000);
    const replies = await repliesSoFar();

    const p99Ratios = runs.map((run) => run.shopops.p99 / run.bare.p99);
    const headline = median(p99Ratios);
    const met = headline <= TARGET;
    const row = (label: string, st: Stats) => `| ${label} | ${ms(st.p50)} | ${ms(st.p95)} | ${ms(st.p99)} |`;
    const ratioRow = (label: string, run: Record<"shopops" | "bare", Stats>) =>
      `| ${label} | ${ratio(run.shopops.p50 / run.bare.p50)} | ${ratio(run.shopops.p95 / run.bare.p95)} | **${ratio(run.shopops.p99 / run.bare.p99)}** |`;
    const lines = [
      `${RUNS} runs × ${(perBlock * BLOCKS).toLocaleString("en")} signed /shopops help per app at concurrency ${CONCURRENCY} (after ${WARM_UP} warm-up), ${BLOCKS} alternating blocks per run, Node ${process.version}`,
      ...runs.flatMap((run, i) => [
        `run ${i + 1} ShopOps:   p50 ${ms(run.shopops.p50)}  p95 ${ms(run.shopops.p95)}  p99 ${ms(run.shopops.p99)}`,
        `run ${i + 1} bare Bolt: p50 ${ms(run.bare.p50)}  p95 ${ms(run.bare.p95)}  p99 ${ms(run.bare.p99)}`,
        `run ${i + 1} ratio:     p50 ${ratio(run.shopops.p50 / run.bare.p50)}  p95 ${ratio(run.shopops.p95 / run.bare.p95)}  p99 ${ratio(run.shopops.p99 / run.bare.p99)}`,
      ]),
      `p99 ratio, median of ${RUNS} runs: ${ratio(headline)} (target ≤ ${TARGET}×: ${met ? "met" : "NOT met"})`,
      `replies through response_url: ${replies} of ${expectedReplies}`,
    ];
    const markdown = [
      `Acknowledgement latency (HTTP response time) of signed \`/shopops help\` commands at concurrency ${CONCURRENCY}: ${RUNS} runs of ${(perBlock * BLOCKS).toLocaleString("en")} per app, both apps in one process, the fake Slack and each app's load generator on threads of their own, sent in alternating blocks of ${perBlock.toLocaleString("en")} (Node ${process.version}).`,
      "",
      "| run · app | p50 | p95 | p99 |",
      "|---|---:|---:|---:|",
      ...runs.flatMap((run, i) => [
        row(`${i + 1} · ShopOps`, run.shopops),
        row(`${i + 1} · bare Bolt`, run.bare),
        ratioRow(`${i + 1} · ShopOps / bare`, run),
      ]),
      "",
      `p99 ratio, median of ${RUNS} runs: **${ratio(headline)}**. Target ≤ ${TARGET}× — ${met ? "met" : "**not met**"}. At concurrency 50 the p99 of 5,000 requests is the slowest 50, i.e. one pause of the process or the machine, so single runs vary widely; compare the median.`,
    ].join("\n");
    return { name: "ack", lines, markdown };
  } finally {
    for (const close of closers) await close();
    await shopops.stop();
    await bare.stop();
    await deps.close();
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

type Stats = { p50: number; p95: number; p99: number };

function statsOf(values: number[]): Stats {
  return { p50: percentile(values, 50), p95: percentile(values, 95), p99: percentile(values, 99) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function waitUntil(done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}
