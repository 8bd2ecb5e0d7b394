import { isMainThread } from "node:worker_threads";
import { type CommandLoad, type CommandLoader, createCommandLoader } from "./http-load.ts";
import { serveThread, startThread, threadData } from "./threads.ts";

type LoadSetup = { load: CommandLoad; concurrency: number };

/**
 * A command loader on a thread of its own: signing and sending 50 requests at a time costs
 * about as much CPU as answering them, and on the measured apps' thread it would be counted
 * as their latency.
 */
export async function startLoaderThread(load: CommandLoad, concurrency: number) {
  const thread = await startThread(import.meta.url, { load, concurrency } satisfies LoadSetup);
  return {
    send: (total: number) => thread.ask<number[]>("send", total),
    close: () => thread.close(),
  };
}

if (!isMainThread) {
  const { load, concurrency } = threadData<LoadSetup>();
  const loader: CommandLoader = createCommandLoader(load, concurrency);
  serveThread(true, { send: (total) => loader.send(Number(total)), close: () => loader.close() });
}
