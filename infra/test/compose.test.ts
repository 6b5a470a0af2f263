import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadConfig } from "../../service/src/config.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: unknown;
}
const compose = parse(readFileSync(`${ROOT}docker-compose.yml`, "utf8")) as { services: Record<string, Service> };
const { app, database } = compose.services;

describe("docker-compose.yml", () => {
  it("builds the service image from the repository root and publishes port 6400", () => {
    expect(app.build).toEqual({ context: ".", dockerfile: "service/Dockerfile" });
    expect(app.ports).toEqual(["6400:6400"]);
    expect(app.depends_on).toEqual({ database: { condition: "service_healthy" } });
    expect(database.healthcheck).toBeDefined();
  });

  it("points the service at the database container with credentials that match it", () => {
    expect(app.environment).toMatchObject({
      PGHOST: "database",
      PGUSER: database.environment.POSTGRES_USER,
      PGPASSWORD: database.environment.POSTGRES_PASSWORD,
      PGDATABASE: database.environment.POSTGRES_DB,
    });
  });

  it("gives an environment the service accepts, with an external database", () => {
    const config = loadConfig({ ...app.environment });
    expect(config.port).toBe(6400);
    expect(config.db).toMatchObject({ kind: "external", host: "database", port: 5432, database: "taskoverflow", user: "administrator" });
  });
});
