// Template assertions for the Learner Lab deployment (the course's), synthesized once, offline.
import { Match } from "aws-cdk-lib/assertions";
import { readFileSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DATABASE_STACK, SERVICE_STACK } from "../src/app.js";
import { REPO_QUERIES_DIR, type Synthesized, cliContext, joinedText, resourcesOfType, synthesize } from "./support/synth.js";

let s: Synthesized;
beforeAll(() => {
  s = synthesize(cliContext({ learnerLab: "true" }));
});


describe("Learner Lab guard", () => {
  it.each([DATABASE_STACK, SERVICE_STACK])("%s creates no IAM role, policy, Lambda or custom resource", (name) => {
    const t = name === DATABASE_STACK ? s.database : s.service;
    for (const type of ["AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::InstanceProfile", "AWS::Lambda::Function", "AWS::CloudFormation::CustomResource"]) {
      t.resourceCountIs(type, 0);
    }
    const custom = Object.values(t.toJSON().Resources as Record<string, { Type: string }>).filter((r) => r.Type.startsWith("Custom::"));
    expect(custom).toEqual([]);
  });

  it.each([DATABASE_STACK, SERVICE_STACK])("%s deploys with the CLI's credentials into the staging bucket, without bootstrap", (name) => {
    const artifact = s.assembly.getStackByName(name);
    expect(artifact.assumeRoleArn).toBeUndefined();
    expect(artifact.cloudFormationExecutionRoleArn).toBeUndefined();
    expect(artifact.stackTemplateAssetObjectUrl).toMatch(/^s3:\/\/taskoverflow-cdk-123456789012-us-east-1\//);
    expect(artifact.template.Parameters?.BootstrapVersion).toBeUndefined();
    expect(artifact.template.Rules?.CheckBootstrapVersion).toBeUndefined();
  });

  it("runs the task with LabRole as both task and execution role", () => {
    const taskDefinition = Object.values(resourcesOfType(s.service, "AWS::ECS::TaskDefinition"))[0].Properties;
    expect(joinedText(taskDefinition.ExecutionRoleArn)).toBe("arn:${Ref:AWS::Partition}:iam::123456789012:role/LabRole");
    expect(joinedText(taskDefinition.TaskRoleArn)).toBe("arn:${Ref:AWS::Partition}:iam::123456789012:role/LabRole");
  });

  it("has no synthesis errors", () => {
    for (const stack of s.assembly.stacks) {
      expect(stack.messages.filter((m) => m.level === "error")).toEqual([]);
    }
  });
});

describe("database stack (stateful)", () => {
  it("is RDS Postgres in the given VPC, private, encrypted, retained", () => {
    s.database.resourceCountIs("AWS::RDS::DBInstance", 1);
    s.database.hasResource("AWS::RDS::DBInstance", {
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
      Properties: Match.objectLike({
        Engine: "postgres",
        EngineVersion: Match.stringLikeRegexp("^16"),
        DBInstanceClass: "db.t4g.micro",
        DBName: "taskoverflow",
        Port: "5432",
        PubliclyAccessible: false,
        StorageEncrypted: true,
        AllocatedStorage: "20",
      }),
    });
    s.database.hasResourceProperties("AWS::RDS::DBSubnetGroup", {
      SubnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"],
    });
  });

  it("takes generated credentials from a retained Secrets Manager secret", () => {
    s.database.hasResource("AWS::SecretsManager::Secret", {
      DeletionPolicy: "Retain",
      Properties: Match.objectLike({
        GenerateSecretString: Match.objectLike({ SecretStringTemplate: '{"username":"taskoverflow"}', GenerateStringKey: "password" }),
      }),
    });
    const [secretId] = Object.keys(resourcesOfType(s.database, "AWS::SecretsManager::Secret"));
    const username = JSON.stringify(Object.values(resourcesOfType(s.database, "AWS::RDS::DBInstance"))[0].Properties.MasterUsername);
    expect(username).toContain(secretId);
    expect(username).toContain(":SecretString:username::");
  });

  it("is deleted with the stack only when told so", () => {
    const told = synthesize(cliContext({ learnerLab: "true", retainDatabase: "false" }));
    told.database.hasResource("AWS::RDS::DBInstance", { DeletionPolicy: "Delete" });
    told.database.hasResource("AWS::SecretsManager::Secret", { DeletionPolicy: "Delete" });
  });

  it("never depends on the service stack", () => {
    expect(JSON.stringify(s.database.toJSON())).not.toContain("Fn::ImportValue");
    expect(s.assembly.getStackByName(SERVICE_STACK).dependencies.map((d) => d.id)).toContain(DATABASE_STACK);
  });
});

describe("service stack", () => {
  it("runs TaskOverflow on Fargate with a public IP in the given subnets, rolling back failed deployments", () => {
    s.service.resourceCountIs("AWS::ECS::Service", 1);
    s.service.hasResourceProperties("AWS::ECS::Service", {
      LaunchType: "FARGATE",
      DesiredCount: 1,
      NetworkConfiguration: {
        AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: "ENABLED", Subnets: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"] }),
      },
      DeploymentConfiguration: Match.objectLike({ DeploymentCircuitBreaker: { Enable: true, Rollback: true } }),
      LoadBalancers: [Match.objectLike({ ContainerName: "taskoverflow", ContainerPort: 6400 })],
    });
  });

  it("puts an internet-facing load balancer on port 80 in front of port 6400, health-checked on /api/v1/health", () => {
    s.service.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", { Scheme: "internet-facing", Type: "application" });
    s.service.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", { Port: 80, Protocol: "HTTP" });
    s.service.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", {
      Port: 80,
      Protocol: "HTTP",
      TargetType: "ip",
      HealthCheckPath: "/api/v1/health",
      HealthCheckPort: "6400",
      Matcher: { HttpCode: "200" },
      HealthCheckIntervalSeconds: 10,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 2,
    });
  });

  it("runs the pushed image on port 6400 with the database as PG* environment and secrets", () => {
    const taskDefinition = Object.values(resourcesOfType(s.service, "AWS::ECS::TaskDefinition"))[0].Properties;
    expect(taskDefinition).toMatchObject({ Cpu: "1024", Memory: "2048", NetworkMode: "awsvpc", RequiresCompatibilities: ["FARGATE"] });
    const [container] = taskDefinition.ContainerDefinitions as Record<string, unknown>[];
    expect(container.Name).toBe("taskoverflow");
    expect(container.PortMappings).toEqual([{ ContainerPort: 6400, Protocol: "tcp" }]);
    expect(joinedText(container.Image)).toBe("123456789012.dkr.ecr.us-east-1.${Ref:AWS::URLSuffix}/taskoverflow:abc1234");

    const env = Object.fromEntries((container.Environment as { Name: string; Value: unknown }[]).map((e) => [e.Name, e.Value]));
    expect(env).toMatchObject({ HOST: "0.0.0.0", PORT: "6400", PGPORT: "5432", PGDATABASE: "taskoverflow", PGSSLMODE: "no-verify", LOG_LEVEL: "info" });
    expect(JSON.stringify(env.PGHOST)).toMatch(/TaskOverflowDatabase:ExportsOutputFnGetAttPostgres.*EndpointAddress/);
    expect(Object.keys(env)).not.toContain("PGPASSWORD");
    expect(Object.keys(env)).not.toContain("DATABASE_URL");

    const secrets = Object.fromEntries((container.Secrets as { Name: string; ValueFrom: unknown }[]).map((e) => [e.Name, joinedText(e.ValueFrom)]));
    expect(Object.keys(secrets).sort()).toEqual(["PGPASSWORD", "PGUSER"]);
    expect(secrets.PGUSER).toMatch(/ImportValue:TaskOverflowDatabase:.*CredentialsAttachment.*:username::$/);
    expect(secrets.PGPASSWORD).toMatch(/ImportValue:TaskOverflowDatabase:.*CredentialsAttachment.*:password::$/);
  });

  it("logs through the awslogs driver in blocking mode, with a stream prefix, into the taskoverflow log group", () => {
    const [logGroupId] = Object.keys(resourcesOfType(s.service, "AWS::Logs::LogGroup"));
    s.service.resourceCountIs("AWS::Logs::LogGroup", 1);
    s.service.hasResource("AWS::Logs::LogGroup", {
      DeletionPolicy: "Delete",
      Properties: { LogGroupName: "taskoverflow", RetentionInDays: 14 },
    });
    s.service.hasResourceProperties("AWS::ECS::TaskDefinition", {
      ContainerDefinitions: [
        Match.objectLike({
          LogConfiguration: {
            LogDriver: "awslogs",
            Options: { "awslogs-group": { Ref: logGroupId }, "awslogs-stream-prefix": "ecs", "awslogs-region": "us-east-1", mode: "blocking" },
          },
        }),
      ],
    });
  });

  it("lets only the service reach Postgres, with the rule kept in the service stack", () => {
    const serviceSg = (Object.values(resourcesOfType(s.service, "AWS::ECS::Service"))[0].Properties.NetworkConfiguration as {
      AwsvpcConfiguration: { SecurityGroups: unknown[] };
    }).AwsvpcConfiguration.SecurityGroups[0];
    s.service.hasResourceProperties("AWS::EC2::SecurityGroupIngress", {
      IpProtocol: "tcp",
      FromPort: 5432,
      ToPort: 5432,
      GroupId: { "Fn::ImportValue": Match.stringLikeRegexp("TaskOverflowDatabase:.*DbSecurityGroup") },
      SourceSecurityGroupId: serviceSg,
    });
    s.database.hasResourceProperties("AWS::EC2::SecurityGroup", { VpcId: "vpc-0123456789abcdef0", SecurityGroupIngress: Match.absent() });
  });

  it("scales 1 to 4 tasks on CPU and on requests per target", () => {
    s.service.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", {
      MinCapacity: 1,
      MaxCapacity: 4,
      ScalableDimension: "ecs:service:DesiredCount",
      ServiceNamespace: "ecs",
    });
    s.service.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", {
      PolicyType: "TargetTrackingScaling",
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: { PredefinedMetricType: "ECSServiceAverageCPUUtilization" },
        TargetValue: 50,
      }),
    });
    s.service.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", {
      PolicyType: "TargetTrackingScaling",
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: { PredefinedMetricType: "ALBRequestCountPerTarget", ResourceLabel: Match.anyValue() },
        TargetValue: 500,
      }),
    });
  });

  it("outputs the endpoint URL and the log group", () => {
    expect(joinedText(s.service.toJSON().Outputs.Endpoint.Value)).toMatch(/^http:\/\/\$\{GetAtt:ApiLB[A-Za-z0-9]+\.DNSName\}$/);
    s.service.hasOutput("LogGroupName", { Value: { Ref: Match.stringLikeRegexp("^Logs") } });
  });
});

describe("saved queries", () => {
  // Read independently of infra's loader: header = leading "#" lines, the rest is the query.
  const files = readdirSync(REPO_QUERIES_DIR).filter((f) => f.endsWith(".insights")).sort();

  it("deploys exactly the files in queries/, under tolog/ (where tolog queries push puts them), on the taskoverflow log group", () => {
    const [logGroupId] = Object.keys(resourcesOfType(s.service, "AWS::Logs::LogGroup"));
    const deployed = Object.values(resourcesOfType(s.service, "AWS::Logs::QueryDefinition")).map((r) => r.Properties);
    const expected = files.map((file) => {
      const lines = readFileSync(join(REPO_QUERIES_DIR, file), "utf8").replace(/\r\n/g, "\n").split("\n");
      const header = lines.filter((_, i) => lines.slice(0, i + 1).every((l) => l.startsWith("#")));
      const params = header
        .map((l) => /^#\s*param\s+(\w+)\s*(?:=\s*("[^"]*"|[^:]*?))?\s*:\s*(.*)$/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({
          Name: m[1],
          ...(m[2] === undefined ? {} : { DefaultValue: m[2].startsWith('"') ? (JSON.parse(m[2]) as string) : m[2] }),
          ...(m[3].trim() ? { Description: m[3].trim() } : {}),
        }));
      return {
        Name: `tolog/${basename(file, ".insights")}`,
        QueryString: lines.slice(header.length).join("\n").trim(),
        LogGroupNames: [{ Ref: logGroupId }],
        ...(params.length > 0 ? { Parameters: params } : {}),
      };
    });
    const byName = (a: Record<string, unknown>, b: Record<string, unknown>) => String(a.Name).localeCompare(String(b.Name));
    expect(deployed.sort(byName)).toEqual(expected.sort(byName));
  });

  it("keeps every {{placeholder}} of a query declared as a parameter", () => {
    for (const q of Object.values(resourcesOfType(s.service, "AWS::Logs::QueryDefinition")).map((r) => r.Properties)) {
      const used = [...String(q.QueryString).matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]);
      const declared = ((q.Parameters as { Name: string }[] | undefined) ?? []).map((p) => p.Name);
      expect({ query: q.Name, missing: used.filter((u) => !declared.includes(u)) }).toEqual({ query: q.Name, missing: [] });
    }
  });
});

describe("dashboard and alarms", () => {
  function dashboardWidgets(): { type: string; properties: Record<string, unknown> }[] {
    const [dashboard] = Object.values(resourcesOfType(s.service, "AWS::CloudWatch::Dashboard"));
    return JSON.parse(joinedText(dashboard.Properties.DashboardBody)).widgets;
  }

  it("has Logs Insights widgets for p95 latency by route, error rate, slow SQL and request volume on the taskoverflow group", () => {
    const [logGroupId] = Object.keys(resourcesOfType(s.service, "AWS::Logs::LogGroup"));
    const queries = dashboardWidgets().filter((w) => w.type === "log").map((w) => String(w.properties.query));
    expect(queries).toHaveLength(4);
    for (const q of queries) expect(q.startsWith(`SOURCE '\${Ref:${logGroupId}}'`)).toBe(true);
    const text = queries.join("\n");
    expect(text).toMatch(/filter event = "request_finished"\n\| stats pct\(duration_ms, 95\) as p95_ms, count\(\*\) as requests by method, route/);
    expect(text).toMatch(/stats sum\(status >= 500\) \* 100 \/ count\(\*\) as error_rate_pct by bin\(1m\)/);
    expect(text).toMatch(/filter event = "db_query"\n\| stats sum\(duration_ms\) as total_ms.* by sql\n\| sort total_ms desc/);
    expect(text).toMatch(/stats count\(\*\) as requests by bin\(1m\)/);
  });

  it("graphs the load balancer's requests, 5xx, p95 response time and healthy targets", () => {
    const metrics = JSON.stringify(dashboardWidgets().filter((w) => w.type === "metric").map((w) => w.properties.metrics));
    for (const name of ["RequestCount", "HTTPCode_Target_5XX_Count", "TargetResponseTime", "HealthyHostCount"]) expect(metrics).toContain(name);
    expect(metrics).toContain('"stat":"p95"');
  });

  it("alarms on 5xx count and on p95 latency", () => {
    s.service.resourceCountIs("AWS::CloudWatch::Alarm", 2);
    s.service.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "AWS/ApplicationELB",
      MetricName: "HTTPCode_Target_5XX_Count",
      Statistic: "Sum",
      Period: 60,
      Threshold: 10,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      TreatMissingData: "notBreaching",
    });
    s.service.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "AWS/ApplicationELB",
      MetricName: "TargetResponseTime",
      ExtendedStatistic: "p95",
      Period: 60,
      Threshold: 1,
      ComparisonOperator: "GreaterThanThreshold",
    });
  });
});
