// `cd infra && npx cdk synth`, as a CDK user types it on a fresh checkout: the app in cdk.json
// builds itself, and the synth needs no AWS account and no network.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";
import { cliContext } from "./support/synth.js";

const INFRA = fileURLToPath(new URL("../", import.meta.url));
const out = mkdtempSync(join(tmpdir(), "infra-cdk-cli-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

it("`npx cdk synth` in infra/ works without a build first, offline", async () => {
  rmSync(join(INFRA, "dist"), { recursive: true, force: true }); // as on a fresh clone
  const context = Object.entries(cliContext({ learnerLab: "true" })).flatMap(([key, value]) => ["-c", `${key}=${value}`]);
  // No credentials: the CLI must not need any; telemetry and notices would reach for the network.
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, CDK_DISABLE_CLI_TELEMETRY: "true" };
  await promisify(execFile)("npx", ["cdk", "synth", "--no-notices", "--quiet", "--output", out, ...context], { cwd: INFRA, env });
  for (const stack of ["TaskOverflowDatabase", "TaskOverflowService"]) {
    expect(existsSync(join(out, `${stack}.template.json`)), stack).toBe(true);
  }
  const service = JSON.parse(readFileSync(join(out, "TaskOverflowService.template.json"), "utf8")) as { Resources: Record<string, { Type: string }> };
  expect(Object.values(service.Resources).some((r) => r.Type === "AWS::ECS::Service")).toBe(true);
}, 300_000);
