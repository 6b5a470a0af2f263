// The image cannot be built here (no Docker engine), so this performs the runtime stage of
// service/Dockerfile in a temporary directory: its COPYs, its `npm ci --omit=dev` from the
// registry with the image's npm, its ENV and CMD, against a real Postgres, then asks for
// /api/v1/health. A Dockerfile that forgets a file or a dependency fails here.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedDb, freePort, startEmbedded } from "../../service/src/db/embedded.js";
import { type Stage, parseDockerfile, stageVariables } from "./support/dockerfile.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const dockerfile = parseDockerfile(readFileSync(join(ROOT, "service/Dockerfile"), "utf8"));
const runtime = dockerfile.stages.at(-1) as Stage;
const build = dockerfile.stages.find((s) => s.name === "build") as Stage;
const { args, env: imageEnv } = stageVariables(dockerfile, runtime);
const of = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

describe("service/Dockerfile", () => {
  it("is multi-stage on a small Node 22 base and runs as a non-root user on port 6400", () => {
    expect(dockerfile.globalArgs.NODE_IMAGE).toMatch(/^node:22(\.\d+)*-(bookworm-slim|slim|alpine)/);
    expect(dockerfile.stages.map((s) => s.name)).toEqual(["base", "build", "runtime"]);
    expect(runtime.from).toBe("base");
    expect(of(runtime, "USER")).toEqual(["node"]);
    expect(of(runtime, "EXPOSE")).toEqual(["6400"]);
    expect(imageEnv).toMatchObject({ NODE_ENV: "production", PORT: "6400", HOST: "0.0.0.0" });
  });

  it("health-checks /api/v1/health without tools the base image lacks", () => {
    const [healthcheck] = of(runtime, "HEALTHCHECK");
    expect(healthcheck).toContain("/api/v1/health");
    expect(healthcheck).toMatch(/CMD \["node", "-e"/);
  });

  it("compiles in the build stage and ships only compiled JavaScript with production dependencies", () => {
    expect(of(build, "RUN")).toContain("npx tsc -p service/tsconfig.build.json");
    expect(of(runtime, "RUN")).toContain("npm ci --omit=dev --workspace service --no-audit --no-fund");
    const copies = of(runtime, "COPY");
    expect(copies.filter((c) => c.startsWith("--from="))).toEqual(["--from=build /app/dist/service/src dist/service/src"]);
    expect(copies.some((c) => /^service\/src\s/.test(c))).toBe(false);
  });
});

describe("the runtime stage's steps, performed in a temporary directory", () => {
  let dir: string;
  let db: EmbeddedDb;
  let child: ChildProcess | undefined;
  const stdout: string[] = [];
  let exitCode: number | null = null;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "taskoverflow-image-"));
    chmodSync(dir, 0o755); // Postgres runs as another user when tests run as root.
    const app = join(dir, "app");
    const stageBuild = join(dir, "build");
    mkdirSync(app);

    // The build stage: its COPYs and its tsc, with the repository's node_modules standing in
    // for its `npm ci` (same lockfile), so a source the compile needs but the stage lacks fails.
    const buildSkipped: string[] = [];
    mkdirSync(stageBuild);
    symlinkSync(join(ROOT, "node_modules"), join(stageBuild, "node_modules"));
    for (const { keyword, args: a } of build.instructions) {
      if (keyword === "COPY") copyInto(stageBuild, a, stageBuild);
      else if (keyword === "RUN" && a.startsWith("npx tsc ")) execFileSync("npx", a.split(/\s+/).slice(1), { cwd: stageBuild, stdio: "pipe" });
      else if (keyword === "RUN") buildSkipped.push(a);
    }
    expect(buildSkipped).toEqual(["npm ci --include-workspace-root --workspace service --no-audit --no-fund"]);

    const skipped: string[] = [];
    for (const { keyword, args: a } of runtime.instructions) {
      if (keyword === "COPY") {
        copyInto(app, a, stageBuild);
      } else if (keyword === "RUN" && a.startsWith("npm ")) {
        // The image's npm (ARG NPM_VERSION), not this machine's: they read lockfiles differently.
        // `npm cache ...` acts on the image's cache, so here on a scratch one: cleaning this
        // machine's cache would race every other npm running on it (ENOTEMPTY in CI).
        const scratchCache = a.startsWith("npm cache ") ? ["--cache", join(dir, "npm-cache")] : [];
        const env = { ...process.env, npm_config_update_notifier: "false" };
        execFileSync("npx", ["-y", `npm@${args.NPM_VERSION}`, ...a.split(/\s+/).slice(1), ...scratchCache], { cwd: app, stdio: "pipe", env });
      } else if (keyword === "RUN") {
        skipped.push(a);
      }
    }
    // Only ownership plumbing is not performed; anything new must be added here on purpose.
    expect(skipped).toEqual(["mkdir -p .tolog && chown node:node .tolog"]);

    db = await startEmbedded({ dataDir: join(dir, "pg"), port: 0 });
    const [cmd] = of(runtime, "CMD");
    const argv = JSON.parse(cmd) as string[];
    expect(argv[0]).toBe("node");
    child = spawn(process.execPath, argv.slice(1), {
      cwd: app,
      env: {
        PATH: process.env.PATH,
        ...imageEnv,
        PORT: String(await freePort()), // the image's 6400 may be taken on a shared machine
        HOST: "127.0.0.1",
        PGHOST: db.host,
        PGPORT: String(db.port),
        PGUSER: db.user,
        PGPASSWORD: db.password,
        PGDATABASE: db.database,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.setEncoding("utf8").on("data", (c: string) => stdout.push(...c.split("\n").filter(Boolean)));
    child.stderr?.setEncoding("utf8").on("data", (c: string) => stdout.push(`stderr: ${c}`));
    child.on("exit", (code) => {
      exitCode = code;
    });
  }, 300_000);

  afterAll(async () => {
    if (child && exitCode === null) child.kill("SIGKILL");
    await db?.stop().catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("installs only the service's production dependencies", () => {
    const modules = join(dir, "app/node_modules");
    for (const dep of ["fastify", "pg", "pino"]) expect(existsSync(join(modules, dep)), dep).toBe(true);
    for (const dev of ["typescript", "vitest", "aws-cdk-lib", "@types/pg", "yargs"]) expect(existsSync(join(modules, dev)), dev).toBe(false);
    expect(existsSync(join(dir, "app/dist/service/src/main.js"))).toBe(true);
    expect(existsSync(join(dir, "app/service/src"))).toBe(false);
  });

  it("starts with CMD and answers /api/v1/health, logging JSON lines to stdout", async () => {
    const port = await waitForListening(() => stdout, () => exitCode);
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
    expect(res.status).toBe(200);
    const events = stdout.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.find((e) => e.event === "service_started")).toMatchObject({ service: "taskoverflow", db_host: db.host });
    expect(stdout.join("\n")).not.toContain(db.password);
  }, 60_000);

  it("stops cleanly on SIGTERM, as ECS stops tasks", async () => {
    child?.kill("SIGTERM");
    for (let i = 0; i < 200 && exitCode === null; i++) await new Promise((r) => setTimeout(r, 50));
    expect(exitCode).toBe(0);
  }, 30_000);
});

/** The port from the service_started line (bounded wait); fails early if the process died. */
/** A COPY line into `dest` (the stage's /app): from the repository, or `--from=build` from that stage. */
function copyInto(dest: string, line: string, buildStage: string): void {
  const parts = line.split(/\s+/);
  const from = parts[0].startsWith("--from=") ? parts.shift() : undefined;
  const to = parts.pop() as string;
  for (const src of parts) {
    const source = from ? join(buildStage, src.replace(/^\/app\//, "")) : join(ROOT, src);
    const target = to.endsWith("/") || to === "./" ? join(dest, to, src.split("/").pop() as string) : join(dest, to);
    mkdirSync(dirname(target), { recursive: true });
    cpSync(source, target, { recursive: true, filter: (p) => !p.endsWith(".test.ts") });
  }
}

async function waitForListening(lines: () => string[], exited: () => number | null): Promise<number> {
  for (let i = 0; i < 400; i++) {
    const started = lines().find((l) => l.includes('"service_started"'));
    if (started) return Number((JSON.parse(started) as { port: number }).port);
    if (exited() !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the service did not start:\n${lines().join("\n")}`);
}
