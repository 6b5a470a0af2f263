import { Template } from "aws-cdk-lib/assertions";
import type { CloudAssembly } from "aws-cdk-lib/cx-api";
import { fileURLToPath } from "node:url";
import { DATABASE_STACK, SERVICE_STACK, createStacks } from "../../src/app.js";
import { type ContextKey, configFromContext } from "../../src/config.js";
import { discardOutput, testApp } from "./app.js";

export const REPO_QUERIES_DIR = fileURLToPath(new URL("../../../queries", import.meta.url));

/** Context as `cdk -c key=value` passes it (strings), with dummy ids of a default VPC. */
export function cliContext(overrides: Partial<Record<ContextKey, string>> = {}): Partial<Record<ContextKey, string>> {
  return {
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: "subnet-0aaaaaaaaaaaaaaa1,subnet-0bbbbbbbbbbbbbbb2",
    availabilityZones: "us-east-1a,us-east-1b",
    imageTag: "abc1234",
    queriesDir: REPO_QUERIES_DIR,
    ...overrides,
  };
}

export interface Synthesized {
  readonly assembly: CloudAssembly;
  readonly database: Template;
  readonly service: Template;
}

/** One synth of the whole app, as `cdk synth` would run it; share the result within a test file. */
export function synthesize(context: Partial<Record<ContextKey, string>>): Synthesized {
  const app = testApp({ context });
  createStacks(app, configFromContext((key) => app.node.tryGetContext(key), { CDK_DEFAULT_ACCOUNT: "123456789012", CDK_DEFAULT_REGION: "us-east-1" }));
  const assembly = app.synth();
  // Reading each template loads it from the output directory, which can go after that.
  const database = Template.fromJSON(assembly.getStackByName(DATABASE_STACK).template);
  const service = Template.fromJSON(assembly.getStackByName(SERVICE_STACK).template);
  discardOutput(app);
  return { assembly, database, service };
}

/** Renders an `Fn::Join` (e.g. a dashboard body) as text, references as `${Ref:Id}`/`${GetAtt:Id.Attr}`. */
export function joinedText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (value && typeof value === "object") {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v["Fn::Join"])) {
      const [sep, parts] = v["Fn::Join"] as [string, unknown[]];
      return parts.map(joinedText).join(sep);
    }
    if (typeof v.Ref === "string") return `\${Ref:${v.Ref}}`;
    if (Array.isArray(v["Fn::GetAtt"])) return `\${GetAtt:${(v["Fn::GetAtt"] as string[]).join(".")}}`;
    if (typeof v["Fn::ImportValue"] === "string") return `\${ImportValue:${v["Fn::ImportValue"]}}`;
    return `\${${Object.keys(v).join(",")}}`;
  }
  return String(value);
}

export function resourcesOfType(template: Template, type: string): Record<string, { Properties: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string }> {
  return template.findResources(type) as Record<string, { Properties: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;
}
