import { describe, expect, it } from "vitest";
import { type ContextKey, ConfigError, configFromContext } from "../src/config.js";

const vpc = { vpcId: "vpc-1", subnetIds: "subnet-a, subnet-b", availabilityZones: "us-east-1a,us-east-1b" };
const from = (context: Partial<Record<ContextKey, unknown>>, env: Record<string, string> = {}) =>
  configFromContext((key) => context[key], env);

describe("configFromContext", () => {
  it("reads `cdk -c` strings and applies the defaults", () => {
    const config = from(vpc, { CDK_DEFAULT_ACCOUNT: "111122223333", CDK_DEFAULT_REGION: "us-west-2" });
    expect(config).toEqual({
      learnerLab: false,
      account: "111122223333",
      region: "us-west-2",
      network: { vpcId: "vpc-1", publicSubnetIds: ["subnet-a", "subnet-b"], availabilityZones: ["us-east-1a", "us-east-1b"] },
      image: { repositoryName: "taskoverflow", tag: "latest" },
      queriesDir: "../queries",
      retainDatabase: true,
      labRoleName: "LabRole",
      stagingBucketName: "taskoverflow-cdk-${AWS::AccountId}-${AWS::Region}",
    });
  });

  it("takes booleans and lists from cdk.json as well as from strings", () => {
    const config = from({ ...vpc, subnetIds: ["s1", "s2"], learnerLab: true, retainDatabase: "false", imageTag: "v2" });
    expect(config.learnerLab).toBe(true);
    expect(config.retainDatabase).toBe(false);
    expect(config.network.publicSubnetIds).toEqual(["s1", "s2"]);
    expect(config.image.tag).toBe("v2");
  });

  it("says how to give the VPC when it is missing", () => {
    expect(() => from({})).toThrow(ConfigError);
    expect(() => from({})).toThrow(/-c vpcId=.*npm run deploy -w infra/);
  });

  it("refuses subnets that do not pair with zones, or a single zone", () => {
    expect(() => from({ ...vpc, subnetIds: "subnet-a" })).toThrow(/one subnet per availability zone/);
    expect(() => from({ ...vpc, subnetIds: "subnet-a", availabilityZones: "us-east-1a" })).toThrow(/at least two zones/);
  });

  it("refuses a flag that is neither true nor false", () => {
    expect(() => from({ ...vpc, learnerLab: "yes" })).toThrow(/learnerLab must be true or false/);
  });
});
