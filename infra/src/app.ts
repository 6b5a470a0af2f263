import { Annotations, type App, CliCredentialsStackSynthesizer, DefaultStackSynthesizer, type IStackSynthesizer, Tags } from "aws-cdk-lib";
import { resolve } from "node:path";
import type { DeployConfig } from "./config.js";
import { DatabaseStack } from "./database-stack.js";
import { readSavedQueries } from "./saved-query-files.js";
import { ServiceStack } from "./service-stack.js";

export const DATABASE_STACK = "TaskOverflowDatabase";
export const SERVICE_STACK = "TaskOverflowService";

export interface TaskOverflowStacks {
  readonly database: DatabaseStack;
  readonly service: ServiceStack;
}

/**
 * Learner Lab cannot create the bootstrap stack's roles, so stacks are deployed with the CLI's own
 * credentials and templates are staged in a bucket the deploy script creates. Elsewhere, the
 * standard bootstrap (`cdk bootstrap`) is used.
 */
function synthesizer(config: DeployConfig): IStackSynthesizer {
  return config.learnerLab
    ? new CliCredentialsStackSynthesizer({ fileAssetsBucketName: config.stagingBucketName, imageAssetsRepositoryName: config.image.repositoryName })
    : new DefaultStackSynthesizer();
}

/** Both stacks of the deployment, wired together through typed props. */
export function createStacks(app: App, config: DeployConfig): TaskOverflowStacks {
  const env = config.account || config.region ? { account: config.account, region: config.region } : undefined;

  const database = new DatabaseStack(app, DATABASE_STACK, {
    env,
    synthesizer: synthesizer(config),
    description: "TaskOverflow: RDS Postgres and its credentials (stateful)",
    network: config.network,
    retain: config.retainDatabase,
  });

  const service = new ServiceStack(app, SERVICE_STACK, {
    env,
    synthesizer: synthesizer(config),
    description: "TaskOverflow: ECS Fargate service, load balancer, logs, saved queries, dashboard, alarms",
    network: config.network,
    image: config.image,
    existingRoleName: config.learnerLab ? config.labRoleName : undefined,
    savedQueries: readSavedQueries(resolve(config.queriesDir)),
    database: {
      host: database.instance.dbInstanceEndpointAddress,
      port: database.port,
      databaseName: database.databaseName,
      secret: database.secret,
      securityGroupId: database.securityGroup.securityGroupId,
    },
  });
  service.addStackDependency(database);
  // Strong references are what we want: CloudFormation refuses to delete the database outputs
  // the service still uses.
  Annotations.of(service).acknowledgeWarning("@aws-cdk/core:crossStackReferencesDefaultStrong");

  Tags.of(app).add("Project", "TaskOverflow");
  Tags.of(app).add("ManagedBy", "tolog-infra");
  return { database, service };
}
