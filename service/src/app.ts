import { randomUUID } from "node:crypto";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Chaos } from "./chaos.js";
import type { DbAvailability } from "./db/availability.js";
import type { Db } from "./db/query.js";
import { isConnectionError, isStatementTimeout } from "./db/query.js";
import type { TodosRepository } from "./db/todos-repository.js";
import type { AppLogger } from "./logging/logger.js";
import { ms } from "./logging/logger.js";
import { type RequestContext, pickRequestId, runWithContext } from "./logging/request-context.js";
import { healthRoutes } from "./routes/health.js";
import { todoRoutes } from "./routes/todos.js";

declare module "fastify" {
  interface FastifyRequest {
    ctx: RequestContext;
  }
}

export interface AppState {
  /** Requests whose response is not yet finished or abandoned. */
  inFlight: number;
  /** Handlers running, including those whose client already left: the pool must outlive them. */
  handlers: number;
  /** Set when the server starts stopping: responses then close their connection. */
  closing: boolean;
}

export interface AppOptions {
  log: AppLogger;
  db: Db;
  todos: TodosRepository;
  availability: DbAvailability;
  chaos: Chaos;
  state: AppState;
}

/** Answers a 4xx with a JSON `{error}` body and logs `request_rejected` with the reason. */
export function reject(request: FastifyRequest, reply: FastifyReply, log: AppLogger, status: number, reason: string, body: object = { error: reason }) {
  runWithContext(request.ctx, () => log.info("requests", { event: "request_rejected", status, reason }, `rejected: ${reason}`));
  return reply.code(status).send(body);
}

/**
 * Whether a body the secure parser refused is valid JSON all the same: then only a `__proto__`
 * or `constructor.prototype` key made it refuse, a key no route takes, to be told as any other.
 */
function isPoisoning(body: string): boolean {
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}

/** The 400 a route gives for a key it does not take (routes/todo-input.ts). */
function extraFields(): Error & { statusCode: number } {
  return Object.assign(new Error("extra fields"), { statusCode: 400 });
}

/**
 * TaskOverflow as a Fastify plugin (no listen): request context and logging hooks, the error
 * and not-found handlers, the database gate, chaos, and the routes. server.ts owns the process.
 */
async function taskOverflow(app: FastifyInstance, opts: AppOptions) {
  const { log, availability, chaos, state } = opts;
  const handlerRunning = new WeakSet<FastifyRequest>();

  app.decorateRequest("ctx", null as unknown as RequestContext);

  // Many HTTP libraries and front-ends send Content-Type: application/json on every request,
  // bodiless ones too (a DELETE): the course's Flask app takes those, so an empty body is no
  // body, whatever the method. A route that needs one still says what is missing.
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    if (body === "") return done(null, undefined);
    parseJson(request, body as string, (error, parsed) => done(error && isPoisoning(body as string) ? extraFields() : error, parsed));
  });

  // Callback style so the rest of the lifecycle runs inside the async context.
  app.addHook("onRequest", (request, reply, done) => {
    const ctx: RequestContext = {
      requestId: request.id,
      method: request.method,
      url: request.url,
      route: request.routeOptions.url,
      startedAt: performance.now(),
      dbQueries: 0,
      dbMs: 0,
    };
    request.ctx = ctx;
    state.inFlight++;
    reply.header("X-Request-ID", ctx.requestId);
    // 'close' before 'finish' means the client went away before the response was written.
    reply.raw.on("close", () => {
      state.inFlight--;
      if (!reply.raw.writableFinished) {
        runWithContext(ctx, () =>
          log.warn("requests", { event: "request_aborted", duration_ms: ms(performance.now() - ctx.startedAt) }, "client closed the connection before the response"),
        );
      }
    });
    runWithContext(ctx, () => {
      log.info("requests", { event: "request_started", client_ip: request.ip, user_agent: request.headers["user-agent"] ?? "" }, "request started");
      done();
    });
  });

  // Body parsing runs on stream callbacks, outside the context: enter it again before validation.
  app.addHook("preValidation", (request, _reply, done) => runWithContext(request.ctx, done));

  // A keep-alive connection would otherwise hold the drain open until its idle timeout.
  app.addHook("onSend", (request, reply, payload, done) => {
    if (state.closing) reply.header("connection", "close");
    if (handlerRunning.has(request)) {
      handlerRunning.delete(request);
      state.handlers--;
    }
    done(null, payload);
  });

  app.addHook("onResponse", (request, reply, done) => {
    const ctx = request.ctx;
    const length = Number(reply.getHeader("content-length") ?? 0);
    runWithContext(ctx, () =>
      log.info(
        "requests",
        {
          event: "request_finished",
          status: reply.statusCode,
          duration_ms: ms(performance.now() - ctx.startedAt),
          db_queries: ctx.dbQueries,
          db_ms: ms(ctx.dbMs),
          response_bytes: Number.isFinite(length) ? length : 0,
        },
        "request finished",
      ),
    );
    done();
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = err.statusCode ?? 500;
    if (status < 500) return reject(request, reply, log, status, err.message);
    const unavailable = isConnectionError(err) || isStatementTimeout(err);
    runWithContext(request.ctx, () =>
      log.error("app", { event: "error", error_type: err.name || "Error", error: err.message, stack: relativeStack(err.stack) }, "request failed"),
    );
    // Never the stack or the message: the client gets a generic JSON body.
    return unavailable
      ? reply.code(503).send({ error: "database unavailable" })
      : reply.code(500).send({ error: "Internal Server Error" });
  });

  app.setNotFoundHandler((request, reply) => reject(request, reply, log, 404, "unknown route", { error: "Not Found" }));

  // While the database is known to be down, answer 503 at once instead of queueing on the pool.
  app.addHook("preHandler", async (request, reply) => {
    // Every handler ends in reply.send, hence in onSend, even when its client has gone.
    handlerRunning.add(request);
    state.handlers++;
    if (request.routeOptions.url === "/api/v1/health") return;
    if (!availability.available) {
      return reject(request, reply, log, 503, "database unavailable");
    }
    const decision = chaos.decide();
    if (decision.kind === "none") return;
    if (!(await chaos.apply(decision))) return reply.code(500).send({ error: "Internal Server Error" });
  });

  await app.register(healthRoutes, opts);
  await app.register(todoRoutes, opts);
}

// The app's hooks and handlers must apply to the whole server, not an encapsulated child
// (what fastify-plugin does, without the dependency).
(taskOverflow as unknown as Record<symbol, boolean>)[Symbol.for("skip-override")] = true;

export default taskOverflow;

// The install directory says nothing about the bug and differs per machine: stacks name files
// relative to it.
const INSTALL_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export function relativeStack(stack: string | undefined): string {
  if (!stack) return "";
  return stack.replaceAll(pathToFileURL(INSTALL_ROOT).href, "").replaceAll(INSTALL_ROOT, "");
}

/** Fastify options that go with the plugin: the request id rule of log schema v1. */
export const fastifyOptions = {
  logger: false,
  genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => pickRequestId(req.headers["x-request-id"], randomUUID),
  // Requests arriving on kept-alive connections while stopping get a 503, not a hang.
  return503OnClosing: true,
} as const;
