import { Duration, RemovalPolicy, Stack, type StackProps, aws_ec2 as ec2, aws_rds as rds, aws_secretsmanager as secretsmanager } from "aws-cdk-lib";
import type { Construct } from "constructs";
import type { NetworkAttributes } from "./config.js";
import { importVpc } from "./network.js";

export interface DatabaseStackProps extends StackProps {
  readonly network: NetworkAttributes;
  /** Keep the instance and its secret when the stack is deleted. @default true */
  readonly retain?: boolean;
  readonly databaseName?: string;
  readonly instanceType?: ec2.InstanceType;
  readonly allocatedStorageGiB?: number;
}

/**
 * The stateful half: RDS Postgres with generated credentials in Secrets Manager. It is deployed
 * apart from the service so that redeploying or deleting the service never touches the data.
 */
export class DatabaseStack extends Stack {
  readonly instance: rds.DatabaseInstance;
  readonly databaseName: string;
  readonly securityGroup: ec2.SecurityGroup;
  /** Secrets Manager secret with `username`, `password`, `host`, `port`, `dbname`. */
  readonly secret: secretsmanager.ISecret;
  readonly port = 5432;

  constructor(scope: Construct, id: string, props: DatabaseStackProps) {
    super(scope, id, props);
    const vpc = importVpc(this, props.network);
    const removalPolicy = props.retain === false ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    this.databaseName = props.databaseName ?? "taskoverflow";

    // Ingress is added by the service stack, which owns the other end of the connection.
    this.securityGroup = new ec2.SecurityGroup(this, "DbSecurityGroup", {
      vpc,
      description: "TaskOverflow Postgres: reachable from the service only",
      allowAllOutbound: false,
    });

    // Created here rather than by the instance so that its removal policy can follow the data's.
    const credentials = new rds.DatabaseSecret(this, "Credentials", { username: "taskoverflow" });
    credentials.applyRemovalPolicy(removalPolicy);

    this.instance = new rds.DatabaseInstance(this, "Postgres", {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      instanceType: props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
      vpc,
      // The default VPC has public subnets only; the instance stays private (no public address).
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      publiclyAccessible: false,
      securityGroups: [this.securityGroup],
      credentials: rds.Credentials.fromSecret(credentials),
      databaseName: this.databaseName,
      port: this.port,
      allocatedStorage: props.allocatedStorageGiB ?? 20,
      maxAllocatedStorage: 100,
      storageEncrypted: true,
      multiAz: false,
      backupRetention: Duration.days(1),
      deletionProtection: false,
      // RETAIN keeps the instance as it is; DESTROY deletes it without a final snapshot.
      removalPolicy,
      // monitoringInterval stays unset: enhanced monitoring creates an IAM role (Learner Lab forbids it).
    });
    // The attachment adds host, port and dbname to the secret once the instance exists.
    this.secret = this.instance.secret ?? credentials;
  }
}
