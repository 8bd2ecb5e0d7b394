import { isMainThread } from "node:worker_threads";
import { startFakeSlack } from "../test/fakes/fake-slack.ts";
import { serveThread, startThread } from "./threads.ts";

/** What a benchmark reads of a call: enough to count posts, replies, losses and duplicates. */
export type CallSummary = { method: string; channel: string; text: string; status: number; at: number };

/**
 * The fake Slack on a thread of its own. Slack is a remote service: serving it must not take
 * the CPU of the process being measured (on one thread it cost a third of a fan-out's time).
 */
export async function startFakeSlackThread() {
  const thread = await startThread(import.meta.url);
  const { apiUrl, responseUrl } = thread.ready as { apiUrl: string; responseUrl: string };
  return {
    apiUrl,
    responseUrl,
    calls: () => thread.ask<CallSummary[]>("calls"),
    limitPostsPerChannel: (intervalMs: number) => thread.ask<void>("limit", intervalMs),
    close: () => thread.close(),
  };
}

if (!isMainThread) {
  const slack = await startFakeSlack();
  serveThread(
    { apiUrl: slack.apiUrl, responseUrl: slack.responseUrl() },
    {
      calls: () =>
        slack.calls.map(
          (c): CallSummary => ({
            method: c.method,
            channel: String(c.body.channel),
            text: String(c.body.text),
            status: c.status,
            at: c.at,
          }),
        ),
      limit: (intervalMs) => slack.limitPostsPerChannel(Number(intervalMs)),
      close: () => slack.close(),
    },
  );
}
