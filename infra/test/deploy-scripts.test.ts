// The deploy scripts, run for real with --dry-run and with fake `aws`/`docker` on PATH that
// record any call: a dry run must print every step and run none of them.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { CONTEXT_KEYS } from "../src/config.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SCRIPTS = ["infra/scripts/deploy.sh", "infra/scripts/destroy.sh", "infra/scripts/lib.sh"];
const work = mkdtempSync(join(tmpdir(), "infra-scripts-"));
const calls = join(work, "calls.log");
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A bin directory with fake tools; each logs its argv to calls.log and runs `body`. */
function fakeBin(name: string, tools: Record<string, string>): string {
  const dir = join(work, name);
  spawnSync("mkdir", ["-p", dir]);
  for (const [tool, body] of Object.entries(tools)) {
    const path = join(dir, tool);
    writeFileSync(path, `#!/bin/sh\necho "${tool} $*" >> "${calls}"\n${body}\n`);
    chmodSync(path, 0o755);
  }
  return dir;
}

/** The tools the scripts may use besides aws and docker, so that the real ones stay out of PATH. */
const system = join(work, "system");
spawnSync("mkdir", ["-p", system]);
for (const tool of ["bash", "sh", "env", "git", "date", "tr", "dirname", "cat", "mkdir", "node", "npm", "npx"]) {
  const found = spawnSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).stdout.trim();
  if (found) spawnSync("ln", ["-s", found, join(system, tool)]);
}

function script(path: string, args: string[], bin: string) {
  writeFileSync(calls, "");
  // The fakes first, then only the tools above: the real aws and docker are not reachable.
  const env = { HOME: work, PATH: `${bin}:${system}`, LANG: "C" };
  const r = spawnSync("bash", [path, ...args], { cwd: ROOT, env, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls: readFileSync(calls, "utf8") };
}

const failing = fakeBin("failing", { aws: "exit 3", docker: "exit 3", npx: "exit 3" });
const dry = (mode: string) => script("infra/scripts/deploy.sh", ["--dry-run", "--mode", mode, "--region", "us-east-1", "--tag", "t123"], failing);

describe("deploy --dry-run", () => {
  const lab = dry("learner-lab");
  const lines = lab.stdout.split("\n");
  const steps = lines.filter((l) => l.startsWith("==> ")).map((l) => l.replace(/^==> \d+\. /, ""));
  const commands = lines.filter((l) => l.startsWith("    $ ")).map((l) => l.slice(6));

  it("runs nothing and succeeds", () => {
    expect(lab.stderr).toBe("");
    expect(lab.status).toBe(0);
    expect(lab.calls).toBe("");
  });

  it("prints the steps in order", () => {
    expect(steps).toEqual([
      "Check prerequisites",
      "Find the default VPC",
      "Prepare the ECR repository and the template bucket",
      "Build and push the image",
      "Deploy the database and service stacks (about 15 minutes the first time)",
      "Done",
    ]);
  });

  it("checks every prerequisite: AWS CLI, Docker, credentials and their expiry, LabRole", () => {
    expect(commands).toEqual(
      expect.arrayContaining([
        "command -v aws",
        "command -v docker",
        "docker info",
        "aws sts get-caller-identity --region us-east-1 --query '[Account, Arn]' --output text",
        "aws configure export-credentials --format process",
        "aws iam get-role --role-name LabRole --query Role.Arn --output text",
      ]),
    );
    expect(lab.stdout).toContain("region us-east-1");
  });

  it("creates the repository and the template bucket when missing, then builds and pushes the image", () => {
    const image = "<account>.dkr.ecr.us-east-1.amazonaws.com/taskoverflow:t123";
    const order = [
      "aws ecr create-repository --region us-east-1 --repository-name taskoverflow --image-scanning-configuration scanOnPush=true --query repository.repositoryUri --output text",
      "aws s3 mb s3://taskoverflow-cdk-<account>-us-east-1 --region us-east-1",
      "aws ecr get-login-password --region us-east-1 | docker login --username AWS --password-stdin <account>.dkr.ecr.us-east-1.amazonaws.com",
      `docker build --platform linux/amd64 -f service/Dockerfile --build-arg GIT_COMMIT=t123 -t ${image} .`,
      `docker push ${image}`,
      "npm run build --workspace infra",
    ];
    const at = order.map((c) => commands.indexOf(c));
    expect(at.every((i) => i >= 0), JSON.stringify({ missing: order.filter((_, i) => at[i] < 0), commands }, null, 1)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it("deploys both stacks with the context the CDK app reads", () => {
    const deploy = commands.find((c) => c.includes("cdk deploy"));
    expect(deploy).toBe(
      "(cd infra && env AWS_REGION=us-east-1 npx cdk deploy --all --require-approval never --outputs-file cdk.out/outputs.json " +
        "-c learnerLab=true -c vpcId=vpc-0example -c subnetIds=subnet-0example1,subnet-0example2 " +
        "-c availabilityZones=us-east-1a,us-east-1b -c imageRepository=taskoverflow -c imageTag=t123)",
    );
    const keys = [...String(deploy).matchAll(/-c (\w+)=/g)].map((m) => m[1]);
    expect(CONTEXT_KEYS).toEqual(expect.arrayContaining(keys));
  });

  it("prints the endpoint, the log group and the next commands", () => {
    expect(lab.stdout).toMatch(/Endpoint {7}http:\/\/<load-balancer-dns-name>/);
    expect(lab.stdout).toMatch(/Log group {6}taskoverflow \(region us-east-1\)/);
    expect(lab.stdout).toContain("ENDPOINT=http://<load-balancer-dns-name> k6 run service/loadtest/planners-and-studiers.js");
    expect(lab.stdout).toContain("npx tolog trace --slowest --log-group taskoverflow");
    // The folder the saved queries are put in, and a teardown that stops the database's billing.
    expect(lab.stdout).toContain("Saved queries  CloudWatch > Logs Insights > Saved queries > tolog/");
    expect(lab.stdout).toContain("npm run destroy -w infra -- --delete-database --region us-east-1");
  });

  it("in standard mode checks the CDK bootstrap instead of LabRole and stages no bucket", () => {
    const std = dry("standard");
    expect(std.status).toBe(0);
    expect(std.calls).toBe("");
    expect(std.stdout).toContain("aws ssm get-parameter --region us-east-1 --name /cdk-bootstrap/hnb659fds/version");
    expect(std.stdout).toContain("-c learnerLab=false");
    expect(std.stdout).not.toContain("LabRole");
    expect(std.stdout).not.toContain("s3 mb");
  });
});

describe("destroy --dry-run", () => {
  it("keeps the database stack by default", () => {
    const r = script("infra/scripts/destroy.sh", ["--dry-run", "--region", "us-east-1"], failing);
    expect(r.status).toBe(0);
    expect(r.calls).toBe("");
    expect(r.stdout).toContain("npx cdk destroy TaskOverflowService --exclusively --force -c learnerLab=true");
    expect(r.stdout).not.toContain("cdk destroy --all");
    expect(r.stdout).toContain("npm run destroy -w infra -- --delete-database");
  });

  it("with --delete-database first lets the data go, then deletes both stacks", () => {
    const r = script("infra/scripts/destroy.sh", ["--dry-run", "--region", "us-east-1", "--delete-database"], failing);
    const deploy = r.stdout.indexOf("cdk deploy TaskOverflowDatabase --exclusively");
    const destroy = r.stdout.indexOf("cdk destroy --all --force");
    expect(deploy).toBeGreaterThan(0);
    expect(destroy).toBeGreaterThan(deploy);
    expect(r.stdout.slice(deploy, destroy)).toContain("-c retainDatabase=false");
  });
});

describe("prerequisite messages (real runs against fake tools)", () => {
  it("names the missing AWS CLI and how to install it", () => {
    const r = script("infra/scripts/deploy.sh", ["--region", "us-east-1"], fakeBin("none", {}));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/aws not found: it is needed to talk to AWS\.\n.*getting-started-install/);
  });

  it("says when Docker is installed but its engine is not running", () => {
    const r = script("infra/scripts/deploy.sh", ["--region", "us-east-1"], fakeBin("no-engine", { aws: "exit 0", docker: "exit 1" }));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("Docker is installed but its engine is not reachable.");
    expect(r.calls).toBe("docker info\n");
  });

  it("explains how to get credentials, Learner Lab first", () => {
    const r = script("infra/scripts/deploy.sh", ["--region", "us-east-1", "--skip-image", "--tag", "t"], fakeBin("no-creds", { aws: "exit 255" }));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("no valid AWS credentials (or they have expired).");
    expect(r.stderr).toContain("Learner Lab: Start Lab, then AWS Details > AWS CLI: Show");
  });

  it("refuses credentials that have expired", () => {
    const aws = `case "$1 $2" in
  "sts get-caller-identity") printf '111122223333\\tarn:aws:sts::111122223333:assumed-role/dev/me\\n' ;;
  "configure export-credentials") echo '{"Version":1,"Expiration":"2000-01-01T00:00:00Z"}' ;;
  *) exit 9 ;;
esac`;
    const r = script("infra/scripts/deploy.sh", ["--region", "us-east-1", "--skip-image", "--tag", "t"], fakeBin("expired", { aws, node: `exec ${process.execPath} "$@"` }));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("your AWS credentials expired at 2000-01-01T00:00:00Z.");
  });

  it("tells a non-Learner-Lab account to use standard mode", () => {
    const aws = `case "$1 $2" in
  "sts get-caller-identity") printf '111122223333\\tarn:aws:iam::111122223333:user/me\\n' ;;
  "configure export-credentials") echo '{"Version":1}' ;;
  *) exit 254 ;;
esac`;
    const r = script("infra/scripts/deploy.sh", ["--region", "us-east-1", "--skip-image", "--tag", "t"], fakeBin("not-lab", { aws, node: `exec ${process.execPath} "$@"` }));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("this account has no LabRole");
    expect(r.stderr).toContain("use --mode standard");
  });
});

const shellcheck = spawnSync("shellcheck", ["--version"]).status === 0;
describe("shellcheck", () => {
  it.skipIf(!shellcheck)("passes on the scripts", () => {
    const r = spawnSync("shellcheck", ["-x", ...SCRIPTS], { cwd: ROOT, encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
