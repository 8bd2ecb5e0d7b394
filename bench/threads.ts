import { parentPort, Worker, workerData } from "node:worker_threads";

/** A benchmark helper on a thread of its own, asked by operation name. */
export type Thread = {
  /** What the thread said when it was ready (e.g. its URL). */
  ready: unknown;
  ask<T>(op: string, arg?: unknown): Promise<T>;
  close(): Promise<void>;
};

type Request = { id: number; op: string; arg: unknown };

/**
 * Starts the TypeScript module `moduleUrl` on a worker thread with `data` as its workerData;
 * the module answers with `serveThread`. What a benchmark measures must not share its event
 * loop with what only stands in for the outside world (Slack, the load generator).
 */
export async function startThread(moduleUrl: string, data?: unknown): Promise<Thread> {
  // A worker thread does not inherit tsx's loader on every Node version: it registers its own.
  const bootstrap = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(moduleUrl)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: data });
  const ready = await new Promise<unknown>((resolve, reject) => {
    worker.once("error", reject);
    worker.once("message", (message: { ready: unknown }) => resolve(message.ready));
  });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  worker.on("message", ({ id, value, error }: { id: number; value?: unknown; error?: string }) => {
    const waiter = pending.get(id);
    pending.delete(id);
    if (error === undefined) waiter?.resolve(value);
    else waiter?.reject(new Error(error));
  });
  let nextId = 0;
  const ask = <T>(op: string, arg?: unknown) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: (value) => resolve(value as T), reject });
      worker.postMessage({ id, op, arg } satisfies Request);
    });
  return {
    ready,
    ask,
    async close() {
      await ask("close").catch(() => undefined);
      await worker.terminate();
    },
  };
}

/** The thread's side: answers each operation with its handler's result. `close` is always one. */
export function serveThread(ready: unknown, handlers: Record<string, (arg: unknown) => unknown>): void {
  const port = parentPort;
  if (!port) throw new Error("serveThread runs on a worker thread");
  port.on("message", async ({ id, op, arg }: Request) => {
    try {
      const handler = handlers[op];
      if (!handler) throw new Error(`no operation ${op}`);
      port.postMessage({ id, value: await handler(arg) });
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  });
  port.postMessage({ ready });
}

/** The data a thread was started with. */
export function threadData<T>(): T {
  return workerData as T;
}
