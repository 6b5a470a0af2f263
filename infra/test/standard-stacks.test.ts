// The standard account mode: CDK-managed least-privilege roles and the bootstrapped synthesizer.
import { beforeAll, describe, expect, it } from "vitest";
import { DATABASE_STACK, SERVICE_STACK } from "../src/app.js";
import { type Synthesized, cliContext, joinedText, resourcesOfType, synthesize } from "./support/synth.js";

let s: Synthesized;
beforeAll(() => {
  s = synthesize(cliContext({ learnerLab: "false" }));
});

describe("standard account mode", () => {
  it("deploys through the bootstrapped roles and checks the bootstrap version", () => {
    for (const name of [DATABASE_STACK, SERVICE_STACK]) {
      const artifact = s.assembly.getStackByName(name);
      expect(artifact.assumeRoleArn).toMatch(/cdk-hnb659fds-deploy-role-123456789012-us-east-1$/);
      expect(artifact.template.Parameters?.BootstrapVersion).toBeDefined();
    }
  });

  it("creates its own task and execution roles instead of using LabRole", () => {
    expect(JSON.stringify(s.service.toJSON())).not.toContain("LabRole");
    const roles = resourcesOfType(s.service, "AWS::IAM::Role");
    const taskDefinition = Object.values(resourcesOfType(s.service, "AWS::ECS::TaskDefinition"))[0].Properties;
    const executionRoleId = (taskDefinition.ExecutionRoleArn as { "Fn::GetAtt": string[] })["Fn::GetAtt"][0];
    const taskRoleId = (taskDefinition.TaskRoleArn as { "Fn::GetAtt": string[] })["Fn::GetAtt"][0];
    expect(Object.keys(roles)).toEqual(expect.arrayContaining([executionRoleId, taskRoleId]));
    expect(executionRoleId).not.toBe(taskRoleId);
    for (const id of [executionRoleId, taskRoleId]) {
      expect(JSON.stringify(roles[id].Properties.AssumeRolePolicyDocument)).toContain('"Service":"ecs-tasks.amazonaws.com"');
    }
  });

  it("lets the execution role read exactly the database secret and pull the image", () => {
    const policies = Object.values(resourcesOfType(s.service, "AWS::IAM::Policy")).map((p) => JSON.stringify(p.Properties));
    const execution = policies.find((p) => p.includes("secretsmanager:GetSecretValue"));
    expect(execution).toBeDefined();
    expect(execution).toMatch(/CredentialsAttachment/);
    expect(execution).toContain("ecr:BatchGetImage");
    expect(execution).toContain("logs:PutLogEvents");
  });

  it("creates no Lambda or custom resource either", () => {
    s.service.resourceCountIs("AWS::Lambda::Function", 0);
    s.database.resourceCountIs("AWS::Lambda::Function", 0);
    s.database.resourceCountIs("AWS::IAM::Role", 0);
  });

  it("keeps everything else as in Learner Lab mode", () => {
    s.service.hasResourceProperties("AWS::Logs::LogGroup", { LogGroupName: "taskoverflow" });
    s.service.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", { HealthCheckPath: "/api/v1/health" });
    s.database.hasResource("AWS::RDS::DBInstance", { DeletionPolicy: "Retain" });
    const image = (Object.values(resourcesOfType(s.service, "AWS::ECS::TaskDefinition"))[0].Properties.ContainerDefinitions as { Image: unknown }[])[0].Image;
    expect(joinedText(image)).toMatch(/\/taskoverflow:abc1234$/);
  });
});
