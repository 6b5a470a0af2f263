import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  aws_ec2 as ec2,
  aws_ecr as ecr,
  aws_ecs as ecs,
  aws_ecs_patterns as ecsPatterns,
  aws_iam as iam,
  aws_logs as logs,
  aws_secretsmanager as secretsmanager,
} from "aws-cdk-lib";
import type { Construct } from "constructs";
import type { ImageRef, NetworkAttributes } from "./config.js";
import { SavedQueries } from "./constructs/saved-queries.js";
import { ServiceAlarms } from "./constructs/service-alarms.js";
import { ServiceDashboard } from "./constructs/service-dashboard.js";
import { importVpc } from "./network.js";
import { TASKOVERFLOW_LOG_GROUP, type SavedQuery } from "./saved-query-files.js";

/** What the service needs to know about the database stack. */
export interface DatabaseConnection {
  readonly host: string;
  readonly port: number;
  readonly databaseName: string;
  /** Secrets Manager secret with `username` and `password`. */
  readonly secret: secretsmanager.ISecret;
  readonly securityGroupId: string;
}

export interface ServiceStackProps extends StackProps {
  readonly network: NetworkAttributes;
  readonly database: DatabaseConnection;
  readonly image: ImageRef;
  readonly savedQueries: readonly SavedQuery[];
  /** Use this existing role (Learner Lab's `LabRole`) as task and execution role instead of creating roles. */
  readonly existingRoleName?: string;
  /** @default "taskoverflow" */
  readonly logGroupName?: string;
  /** @default two weeks */
  readonly logRetention?: logs.RetentionDays;
  /** @default 1024 (1 vCPU) */
  readonly cpu?: number;
  /** @default 2048 */
  readonly memoryLimitMiB?: number;
  /** @default 1 */
  readonly minTasks?: number;
  /** @default 4 */
  readonly maxTasks?: number;
  /** @default 50 */
  readonly targetCpuPercent?: number;
  /** @default 500 */
  readonly requestsPerTarget?: number;
  /** @default "info" */
  readonly logLevel?: string;
  readonly max5xxPerMinute?: number;
  readonly maxP95Latency?: Duration;
}

export const CONTAINER_PORT = 6400;
export const HEALTH_CHECK_PATH = "/api/v1/health";

/**
 * The stateless half: TaskOverflow on ECS Fargate behind an internet-facing ALB, its log group,
 * the saved queries, a dashboard and alarms. Safe to delete and redeploy at any time.
 */
export class ServiceStack extends Stack {
  readonly service: ecsPatterns.ApplicationLoadBalancedFargateService;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const vpc = importVpc(this, props.network);

    // The log group has a fixed name because that is what `tolog --log-group taskoverflow` and the
    // course's queries use. It goes with the stack: export what you need first (`tolog pull`).
    this.logGroup = new logs.LogGroup(this, "Logs", {
      logGroupName: props.logGroupName ?? TASKOVERFLOW_LOG_GROUP,
      retention: props.logRetention ?? logs.RetentionDays.TWO_WEEKS,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const role = props.existingRoleName
      ? iam.Role.fromRoleName(this, "ExistingRole", props.existingRoleName, { mutable: false })
      : undefined;

    const { database } = props;
    const cluster = new ecs.Cluster(this, "Cluster", { vpc });
    this.service = new ecsPatterns.ApplicationLoadBalancedFargateService(this, "Api", {
      cluster,
      cpu: props.cpu ?? 1024,
      memoryLimitMiB: props.memoryLimitMiB ?? 2048,
      desiredCount: props.minTasks ?? 1,
      publicLoadBalancer: true,
      listenerPort: 80,
      // Default VPC: public subnets and no NAT, so tasks need a public IP to pull the image.
      assignPublicIp: true,
      taskSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      circuitBreaker: { rollback: true },
      minHealthyPercent: 100,
      healthCheckGracePeriod: Duration.seconds(60),
      taskImageOptions: {
        image: ecs.ContainerImage.fromEcrRepository(
          ecr.Repository.fromRepositoryName(this, "Repository", props.image.repositoryName),
          props.image.tag,
        ),
        containerName: "taskoverflow",
        containerPort: CONTAINER_PORT,
        executionRole: role,
        taskRole: role,
        environment: {
          // The service listens on loopback unless told; the load balancer reaches it from outside.
          HOST: "0.0.0.0",
          PORT: String(CONTAINER_PORT),
          PGHOST: database.host,
          PGPORT: String(database.port),
          PGDATABASE: database.databaseName,
          // RDS Postgres 16 requires TLS; node-postgres encrypts without checking the RDS CA.
          PGSSLMODE: "no-verify",
          LOG_LEVEL: props.logLevel ?? "info",
        },
        secrets: {
          PGUSER: ecs.Secret.fromSecretsManager(database.secret, "username"),
          PGPASSWORD: ecs.Secret.fromSecretsManager(database.secret, "password"),
        },
        // Blocking: under a load test, back-pressure on stdout beats silently dropped log lines.
        logDriver: ecs.LogDrivers.awsLogs({
          logGroup: this.logGroup,
          streamPrefix: "ecs",
          mode: ecs.AwsLogDriverMode.BLOCKING,
        }),
      },
    });

    this.service.targetGroup.configureHealthCheck({
      path: HEALTH_CHECK_PATH,
      port: String(CONTAINER_PORT),
      healthyHttpCodes: "200",
      interval: Duration.seconds(10),
      timeout: Duration.seconds(5),
      healthyThresholdCount: 2,
      unhealthyThresholdCount: 2,
    });
    this.service.targetGroup.setAttribute("deregistration_delay.timeout_seconds", "30");

    // The rule lives here, not in the database stack, so the stateful stack never depends on this one.
    const serviceSecurityGroup = this.service.service.connections.securityGroups[0];
    new ec2.CfnSecurityGroupIngress(this, "DatabaseFromService", {
      groupId: database.securityGroupId,
      sourceSecurityGroupId: serviceSecurityGroup.securityGroupId,
      ipProtocol: "tcp",
      fromPort: database.port,
      toPort: database.port,
      description: "TaskOverflow service to Postgres",
    });

    const scaling = this.service.service.autoScaleTaskCount({ minCapacity: props.minTasks ?? 1, maxCapacity: props.maxTasks ?? 4 });
    scaling.scaleOnCpuUtilization("Cpu", {
      targetUtilizationPercent: props.targetCpuPercent ?? 50,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.seconds(120),
    });
    scaling.scaleOnRequestCount("Requests", {
      requestsPerTarget: props.requestsPerTarget ?? 500,
      targetGroup: this.service.targetGroup,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.seconds(120),
    });

    new SavedQueries(this, "SavedQueries", { queries: props.savedQueries, logGroup: this.logGroup });

    const alarms = new ServiceAlarms(this, "Alarms", {
      loadBalancer: this.service.loadBalancer,
      targetGroup: this.service.targetGroup,
      max5xxPerMinute: props.max5xxPerMinute,
      maxP95Latency: props.maxP95Latency,
    });
    const dashboard = new ServiceDashboard(this, "Dashboard", {
      logGroup: this.logGroup,
      loadBalancer: this.service.loadBalancer,
      targetGroup: this.service.targetGroup,
      alarms: [alarms.serverErrors, alarms.p95Latency],
    });

    new CfnOutput(this, "Endpoint", { value: `http://${this.service.loadBalancer.loadBalancerDnsName}` });
    new CfnOutput(this, "LogGroupName", { value: this.logGroup.logGroupName });
    new CfnOutput(this, "ClusterName", { value: cluster.clusterName });
    new CfnOutput(this, "ServiceName", { value: this.service.service.serviceName });
    new CfnOutput(this, "DashboardName", { value: dashboard.dashboard.dashboardName });
  }
}
