import { AsyncLocalStorage } from "node:async_hooks";

/** What every log line written during a request needs to know, plus the request's DB tally. */
export interface RequestContext {
  requestId: string;
  method: string;
  url: string;
  route?: string;
  startedAt: number;
  dbQueries: number;
  dbMs: number;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

export function runWithContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** The request keys of the log schema, for the line being written now (empty outside a request). */
export function contextFields(ctx: RequestContext | undefined = storage.getStore()): Record<string, string> {
  if (!ctx) return {};
  const fields: Record<string, string> = { request_id: ctx.requestId, method: ctx.method, url: ctx.url };
  if (ctx.route !== undefined) fields.route = ctx.route;
  return fields;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The incoming X-Request-ID when it is safe to reuse, else a new UUID v4 (log schema v1). */
export function pickRequestId(header: string | string[] | undefined, fresh: () => string): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && REQUEST_ID.test(value) ? value : fresh();
}
