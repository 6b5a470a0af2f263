import type { FastifyInstance } from "fastify";
import type { AppOptions } from "../app.js";

export async function healthRoutes(app: FastifyInstance, { db, availability }: AppOptions) {
  app.get("/api/v1/health", async (_request, reply) => {
    if (!availability.available) return reply.code(503).send({ status: "unavailable" });
    try {
      await db.query({ sql: "SELECT 1", operation: "SELECT", table: "none" });
    } catch {
      return reply.code(503).send({ status: "unavailable" });
    }
    return { status: "ok" };
  });
}
