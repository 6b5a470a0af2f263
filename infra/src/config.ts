// The deployment's configuration, as plain data. Only bin/taskoverflow.ts builds it from CDK
// context and the environment; stacks receive what they need as props.

export interface NetworkAttributes {
  /** An existing VPC (the account's default VPC on the course). */
  readonly vpcId: string;
  readonly availabilityZones: readonly string[];
  /** One public subnet per availability zone, in the same order. */
  readonly publicSubnetIds: readonly string[];
}

export interface ImageRef {
  /** ECR repository the deploy script pushes to. */
  readonly repositoryName: string;
  readonly tag: string;
}

export interface DeployConfig {
  /** AWS Academy Learner Lab: LabRole for everything, no IAM/Lambda, no bootstrap roles. */
  readonly learnerLab: boolean;
  readonly account?: string;
  readonly region?: string;
  readonly network: NetworkAttributes;
  readonly image: ImageRef;
  /** Directory of the saved queries (`queries/*.insights`). */
  readonly queriesDir: string;
  /** Keep the database (and its snapshot-less data) when its stack is deleted. */
  readonly retainDatabase: boolean;
  /** Name of the pre-made role used in Learner Lab. */
  readonly labRoleName: string;
  /** S3 bucket for CloudFormation templates in Learner Lab (created by the deploy script). */
  readonly stagingBucketName: string;
}

export const CONTEXT_KEYS = [
  "learnerLab",
  "vpcId",
  "availabilityZones",
  "subnetIds",
  "imageRepository",
  "imageTag",
  "queriesDir",
  "retainDatabase",
  "labRoleName",
  "stagingBucket",
] as const;

export type ContextKey = (typeof CONTEXT_KEYS)[number];

export class ConfigError extends Error {}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "string") return value.split(",").map((s) => s.trim()).filter((s) => s !== "");
  return [];
}

function flag(key: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  throw new ConfigError(`context ${key} must be true or false, got ${JSON.stringify(value)}`);
}

function text(value: unknown, fallback: string): string {
  return value === undefined || value === "" ? fallback : String(value);
}

/**
 * Builds the configuration from context values (`cdk -c key=value` gives strings; cdk.json may
 * give booleans and arrays) and the CDK CLI's environment variables.
 */
export function configFromContext(
  context: (key: ContextKey) => unknown,
  env: Record<string, string | undefined>,
): DeployConfig {
  const vpcId = context("vpcId");
  const availabilityZones = list(context("availabilityZones"));
  const publicSubnetIds = list(context("subnetIds"));
  if (typeof vpcId !== "string" || vpcId === "" || availabilityZones.length === 0 || publicSubnetIds.length === 0) {
    throw new ConfigError(
      "no VPC given: pass -c vpcId=vpc-... -c subnetIds=subnet-a,subnet-b -c availabilityZones=us-east-1a,us-east-1b " +
        "(npm run deploy -w infra looks up the default VPC and passes them)",
    );
  }
  if (publicSubnetIds.length !== availabilityZones.length || availabilityZones.length < 2) {
    throw new ConfigError(
      `need one subnet per availability zone and at least two zones (the load balancer and the database require it); ` +
        `got ${publicSubnetIds.length} subnets for ${availabilityZones.length} zones`,
    );
  }
  return {
    learnerLab: flag("learnerLab", context("learnerLab"), false),
    account: env.CDK_DEFAULT_ACCOUNT,
    region: env.CDK_DEFAULT_REGION,
    network: { vpcId, availabilityZones, publicSubnetIds },
    image: {
      repositoryName: text(context("imageRepository"), "taskoverflow"),
      tag: text(context("imageTag"), "latest"),
    },
    queriesDir: text(context("queriesDir"), "../queries"),
    retainDatabase: flag("retainDatabase", context("retainDatabase"), true),
    labRoleName: text(context("labRoleName"), "LabRole"),
    stagingBucketName: text(context("stagingBucket"), "taskoverflow-cdk-${AWS::AccountId}-${AWS::Region}"),
  };
}
