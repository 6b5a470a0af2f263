import http from "node:http";
import { randomUUID } from "node:crypto";

export interface HttpResult {
  method: string;
  /** Route template the scenario meant, e.g. /api/v1/todos/:id (k6 would tag it by name). */
  route: string;
  url: string;
  /** 0 when no response: timeout, connection error, or a request k6 would refuse to send. */
  status: number;
  durationMs: number;
  bytesReceived: number;
  bytesSent: number;
  error?: string;
  /** The system's code of a request that failed on the network (ECONNREFUSED, ECONNRESET, ...). */
  errorCode?: string;
  /** Refused by this client before sending (what k6 refuses, --max-requests): never on the network. */
  local?: true;
  timedOut: boolean;
  /** The id the client sent (if any) and the one the server echoed. */
  requestId?: string;
  body?: string;
}

export interface HttpClientOptions {
  timeoutMs: number;
  sendRequestId: boolean;
  /** Called before each send; returning false refuses it (the hard request cap). */
  admit: () => boolean;
}

/** k6-like HTTP: an overall per-request timeout; failures are results, never exceptions. */
export function createHttpClient(opts: HttpClientOptions) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const open = new Set<http.ClientRequest>();

  function request(method: string, url: string, route: string, body?: string): Promise<HttpResult> {
    const base = { method, route, url, bytesSent: 0, bytesReceived: 0, timedOut: false };
    let target: URL;
    try {
      target = new URL(url);
      if (target.protocol !== "http:") throw new Error(`unsupported protocol scheme "${target.protocol.replace(":", "")}"`);
    } catch (err) {
      // What k6 does with '${url}/${wrongId}': refuses it locally, status 0, duration 0.
      const msg = err instanceof TypeError ? 'unsupported protocol scheme ""' : (err as Error).message;
      return Promise.resolve({ ...base, status: 0, durationMs: 0, error: msg, local: true });
    }
    if (!opts.admit()) return Promise.resolve({ ...base, status: 0, durationMs: 0, error: "request cap reached (--max-requests)", local: true });
    const requestId = opts.sendRequestId ? randomUUID() : undefined;
    const headers: Record<string, string> = { "user-agent": "tolog-load/1.0 (planners-and-studiers)" };
    if (requestId) headers["x-request-id"] = requestId;
    if (body !== undefined) {
      headers["content-type"] = "application/json";
      headers["content-length"] = String(Buffer.byteLength(body));
    }
    return new Promise((resolve) => {
      const t0 = performance.now();
      let settled = false;
      const chunks: Buffer[] = [];
      const finish = (r: Partial<HttpResult>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        open.delete(req);
        resolve({ ...base, status: 0, requestId, durationMs: performance.now() - t0, ...r });
      };
      const req = http.request(target, { method, headers, agent }, (res) => {
        let received = res.rawHeaders.reduce((n, h) => n + h.length + 2, 0) + 15;
        res.on("data", (c: Buffer) => {
          received += c.length;
          chunks.push(c);
        });
        res.on("end", () =>
          finish({
            status: res.statusCode ?? 0,
            bytesReceived: received,
            bytesSent: base.bytesSent,
            requestId: (res.headers["x-request-id"] as string | undefined) ?? requestId,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", (err) => finish({ error: err.message, bytesReceived: received }));
      });
      open.add(req);
      const timer = setTimeout(() => {
        finish({ error: "request timeout", timedOut: true });
        req.destroy(); // closes the connection, as k6 does: the server sees the client leave
      }, opts.timeoutMs);
      req.on("error", (err: NodeJS.ErrnoException) => finish({ error: err.message, ...(err.code ? { errorCode: err.code } : {}) }));
      base.bytesSent = (body ? Buffer.byteLength(body) : 0) + 120;
      req.end(body);
    });
  }

  return {
    request,
    /** Ends whatever is still open (after the grace period) and the keep-alive sockets. */
    destroy() {
      for (const r of open) r.destroy();
      agent.destroy();
    },
  };
}

export type HttpClient = ReturnType<typeof createHttpClient>;
