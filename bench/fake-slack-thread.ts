import { isMainThread, parentPort, Worker } from "node:worker_threads";
import { startFakeSlack } from "../test/fakes/fake-slack.ts";

/** What the benchmark reads of a call: enough to count posts, losses and duplicates. */
export type CallSummary = { method: string; channel: string; text: string; status: number; at: number };

type Request = { id: number; op: "calls" | "limit" | "close"; intervalMs?: number };

/**
 * The fake Slack on a thread of its own. Slack is a remote service: serving it must not take
 * the CPU of the process being measured (on one thread it cost a third of a fan-out's time).
 */
export async function startFakeSlackThread() {
  // A worker thread does not inherit tsx's loader on every Node version: it registers its own.
  const bootstrap = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(bootstrap, { eval: true });
  const pending = new Map<number, (value: unknown) => void>();
  let nextId = 0;
  const apiUrl = await new Promise<string>((resolve, reject) => {
    worker.once("error", reject);
    worker.once("message", (message: { apiUrl: string }) => resolve(message.apiUrl));
  });
  worker.on("message", ({ id, value }: { id: number; value: unknown }) => pending.get(id)?.(value));
  const ask = <T>(op: Request["op"], intervalMs?: number) =>
    new Promise<T>((resolve) => {
      const id = nextId++;
      pending.set(id, (value) => {
        pending.delete(id);
        resolve(value as T);
      });
      worker.postMessage({ id, op, intervalMs } satisfies Request);
    });
  return {
    apiUrl,
    calls: () => ask<CallSummary[]>("calls"),
    limitPostsPerChannel: (intervalMs: number) => ask<void>("limit", intervalMs),
    close: async () => {
      await ask<void>("close");
      await worker.terminate();
    },
  };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const slack = await startFakeSlack();
  port.on("message", async ({ id, op, intervalMs }: Request) => {
    if (op === "calls") {
      const value: CallSummary[] = slack.calls.map((c) => ({
        method: c.method,
        channel: String(c.body.channel),
        text: String(c.body.text),
        status: c.status,
        at: c.at,
      }));
      port.postMessage({ id, value });
    } else if (op === "limit") {
      slack.limitPostsPerChannel(intervalMs ?? 0);
      port.postMessage({ id });
    } else {
      await slack.close();
      port.postMessage({ id });
    }
  });
  port.postMessage({ apiUrl: slack.apiUrl });
}
