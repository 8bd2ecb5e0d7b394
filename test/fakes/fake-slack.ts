import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

/** One Web API call (or response_url / upload post) as the fake received it. */
export type SlackCall = {
  method: string;
  body: Record<string, unknown>;
  token: string | undefined;
  at: number;
  /** The HTTP status the fake answered with (429 for a rate-limited call; ok:false answers are 200). */
  status: number;
};

type Fault = { status: number; retryAfter?: number } | { error: string };

export type FakeSlack = {
  /** Base URL for SLACK_API_URL, ending with "/api/". */
  apiUrl: string;
  /** Where signed test commands send their response_url posts. */
  responseUrl(id?: string): string;
  calls: SlackCall[];
  callsTo(method: string): SlackCall[];
  /** Resolves when `count` calls to `method` have arrived (or rejects after `timeoutMs`). */
  waitFor(method: string, count?: number, timeoutMs?: number): Promise<SlackCall[]>;
  /** The next `times` calls to `method` fail with an HTTP status (429 carries Retry-After) or ok:false. */
  failNext(method: string, fault: Fault, times?: number): void;
  /** Enforces Slack's per-channel limit of one chat.postMessage per `intervalMs` per channel with 429s. */
  limitPostsPerChannel(intervalMs: number): void;
  /**
   * A slow Slack: calls to `method` are served one at a time, each `ms` after the one before
   * (0 takes the delay away). A call whose client is gone by its turn (the process was killed)
   * is dropped unrecorded, as a request that never reached Slack.
   */
  delay(method: string, ms: number): void;
  /** Serves `count` more calls to `method`, then holds the others unanswered until `resume(method)`. */
  pauseAfter(method: string, count: number): void;
  resume(method: string): void;
  /**
   * Socket Mode: apps.connections.open hands out this fake's WebSocket URL. `deliver` sends an
   * envelope to the connected app and resolves with the app's acknowledgement.
   */
  socket: { connected(timeoutMs?: number): Promise<void>; deliver(type: string, payload: unknown): Promise<unknown> };
  close(): Promise<void>;
};

/**
 * A Slack Web API on 127.0.0.1 speaking the documented JSON: records every call, answers
 * with realistic `ok:true` payloads, and injects 429 / 5xx / `ok:false` faults on demand.
 */
export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  const faults = new Map<string, Fault[]>();
  const waiters: Array<() => void> = [];
  const lastPostByChannel = new Map<string, number>();
  let channelInterval = 0;
  const queues = new Map<string, Queue>();
  const queueOf = (method: string): Queue => {
    const existing = queues.get(method);
    if (existing) return existing;
    const created: Queue = { ms: 0, allowance: Number.POSITIVE_INFINITY, tail: Promise.resolve(), paused: [] };
    queues.set(method, created);
    return created;
  };
  let ts = 1_700_000_000;
  let base = "";

  const answer = (method: string, body: Record<string, unknown>): Record<string, unknown> => {
    const channel = typeof body.channel === "string" ? body.channel : "C0TEST";
    switch (method) {
      case "apps.connections.open":
        return { ok: true, url: `${base.replace("http", "ws")}socket` };
      case "auth.test":
        return { ok: true, user_id: "U0BOT", bot_id: "B0BOT", team_id: "T0TEST", user: "shopops" };
      case "chat.postMessage":
        return { ok: true, channel, ts: `${ts++}.000100`, message: { text: body.text } };
      case "chat.update":
        return { ok: true, channel, ts: body.ts };
      case "chat.postEphemeral":
        return { ok: true, message_ts: `${ts++}.000200` };
      case "chat.getPermalink":
        return {
          ok: true,
          permalink: `https://example.slack.com/archives/${channel}/p${String(body.message_ts).replace(".", "")}`,
        };
      case "conversations.open":
        return { ok: true, channel: { id: `D${String(body.users ?? "").replace(/^U/, "")}` } };
      case "views.open":
      case "views.publish":
      case "views.update":
        return { ok: true, view: { id: `V${ts++}` } };
      case "users.info":
        return { ok: true, user: { id: body.user, name: String(body.user).toLowerCase(), tz: "Europe/Warsaw" } };
      case "files.getUploadURLExternal":
        return { ok: true, upload_url: `${base}upload/F${ts}`, file_id: `F${ts++}` };
      case "files.completeUploadExternal":
        return { ok: true, files: [{ id: "F0", title: "chart" }] };
      default:
        return { ok: true };
    }
  };

  const server: Server = createServer((req, res) => {
    readBody(req).then(
      (raw) => handle(req, res, raw),
      (error: unknown) => {
        res.writeHead(500).end(String(error));
      },
    );
  });

  function handle(req: IncomingMessage, res: ServerResponse, raw: Buffer): void {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const method = path.startsWith("/response/")
      ? "response_url"
      : path.startsWith("/upload/")
        ? "upload"
        : path.replace(/^\/api\//, "");
    const queue = queues.get(method);
    if (!queue) {
      serve(req, res, raw, method);
      return;
    }
    let gone = false;
    res.on("close", () => {
      gone = true;
    });
    takeTurn(queue, () => gone).then((served) => {
      if (served) serve(req, res, raw, method);
    });
  }

  function serve(req: IncomingMessage, res: ServerResponse, raw: Buffer, method: string): void {
    const body = parseBody(req.headers["content-type"], raw);
    const auth = req.headers.authorization;
    const token = auth?.replace(/^Bearer /, "") ?? (typeof body.token === "string" ? body.token : undefined);
    const record = (status = 200) => {
      calls.push({ method, body, token, at: Date.now(), status });
      for (const wake of waiters.splice(0)) wake();
    };
    const queued = faults.get(method);
    const fault = queued?.shift();
    if (fault) {
      record("error" in fault ? 200 : fault.status);
      if ("error" in fault) {
        json(res, 200, { ok: false, error: fault.error });
        return;
      }
      const headers: Record<string, string> =
        fault.retryAfter === undefined ? {} : { "retry-after": String(fault.retryAfter) };
      res.writeHead(fault.status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify({ ok: false, error: fault.status === 429 ? "ratelimited" : "internal_error" }));
      return;
    }
    if (method === "chat.postMessage" && channelInterval > 0) {
      const channel = String(body.channel);
      const now = Date.now();
      const last = lastPostByChannel.get(channel) ?? 0;
      if (now - last < channelInterval) {
        record(429);
        res.writeHead(429, { "retry-after": String(Math.ceil((channelInterval - (now - last)) / 1000)) });
        res.end(JSON.stringify({ ok: false, error: "ratelimited" }));
        return;
      }
      lastPostByChannel.set(channel, now);
    }
    record();
    json(res, 200, method === "upload" || method === "response_url" ? { ok: true } : answer(method, body));
  }

  const sockets = new WebSocketServer({ server, path: "/socket" });
  const acks = new Map<string, (payload: unknown) => void>();
  let socket: WebSocket | undefined;
  const socketWaiters: Array<() => void> = [];
  sockets.on("connection", (ws) => {
    socket = ws;
    ws.send(
      JSON.stringify({
        type: "hello",
        num_connections: 1,
        debug_info: { host: "fake" },
        connection_info: { app_id: "A0SHOPOPS" },
      }),
    );
    ws.on("message", (data) => {
      const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
      if (message.envelope_id) acks.get(message.envelope_id)?.(message.payload ?? {});
    });
    for (const wake of socketWaiters.splice(0)) wake();
  });
  let envelopes = 0;

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  const callsTo = (method: string) => calls.filter((c) => c.method === method);
  return {
    apiUrl: `${base}api/`,
    responseUrl: (id = "1") => `${base}response/${id}`,
    calls,
    callsTo,
    waitFor(method, count = 1, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`waited for ${count} ${method} call(s); got ${callsTo(method).length}`)),
          timeoutMs,
        );
        const check = () => {
          if (callsTo(method).length >= count) {
            clearTimeout(timer);
            resolve(callsTo(method));
          } else waiters.push(check);
        };
        check();
      });
    },
    failNext(method, fault, times = 1) {
      faults.set(method, [...(faults.get(method) ?? []), ...Array.from({ length: times }, () => fault)]);
    },
    limitPostsPerChannel(intervalMs) {
      channelInterval = intervalMs;
    },
    delay(method, ms) {
      queueOf(method).ms = ms;
    },
    pauseAfter(method, count) {
      queueOf(method).allowance = count;
    },
    resume(method) {
      const queue = queueOf(method);
      queue.allowance = Number.POSITIVE_INFINITY;
      for (const wake of queue.paused.splice(0)) wake();
    },
    socket: {
      connected: (timeoutMs = 5000) =>
        new Promise<void>((resolve, reject) => {
          if (socket) return resolve();
          const timer = setTimeout(() => reject(new Error("no Socket Mode connection")), timeoutMs);
          socketWaiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        }),
      deliver(type, payload) {
        const envelopeId = `env-${++envelopes}`;
        return new Promise((resolve, reject) => {
          if (!socket) return reject(new Error("no Socket Mode connection"));
          acks.set(envelopeId, resolve);
          socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: true }));
        });
      },
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Calls to one method served in arrival order: `ms` apart, and only `allowance` more of them. */
type Queue = { ms: number; allowance: number; tail: Promise<unknown>; paused: Array<() => void> };

/** Waits for the call's turn; false when its client went away meanwhile (the call is dropped). */
function takeTurn(queue: Queue, gone: () => boolean): Promise<boolean> {
  const turn = queue.tail.then(async () => {
    if (gone()) return false;
    if (queue.ms > 0) await new Promise((resolve) => setTimeout(resolve, queue.ms));
    while (queue.allowance <= 0 && !gone()) await new Promise<void>((resolve) => queue.paused.push(resolve));
    if (gone()) return false;
    queue.allowance -= 1;
    return true;
  });
  queue.tail = turn;
  return turn;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** The Web API accepts form-encoded (with JSON-encoded blocks) and JSON bodies. */
function parseBody(contentType: string | undefined, raw: Buffer): Record<string, unknown> {
  const text = raw.toString("utf8");
  if (!text) return {};
  if (contentType?.includes("application/json")) return JSON.parse(text) as Record<string, unknown>;
  if (contentType?.includes("application/x-www-form-urlencoded")) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of new URLSearchParams(text)) {
      out[key] = /^[[{]/.test(value) ? safeJson(value) : value;
    }
    return out;
  }
  return { raw: text.length > 200 ? `${text.slice(0, 200)}…` : text, bytes: raw.length };
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
