import { Annotations, aws_ec2 as ec2 } from "aws-cdk-lib";
import type { Construct } from "constructs";
import type { NetworkAttributes } from "./config.js";

/**
 * The existing VPC from its attributes, so that synth never calls AWS (no Vpc.fromLookup).
 * Each stack imports it itself: the ids are literals, so no cross-stack export is created.
 */
export function importVpc(scope: Construct, network: NetworkAttributes): ec2.IVpc {
  const vpc = ec2.Vpc.fromVpcAttributes(scope, "Vpc", {
    vpcId: network.vpcId,
    availabilityZones: [...network.availabilityZones],
    publicSubnetIds: [...network.publicSubnetIds],
  });
  // Nothing here reads the subnets' route tables, so their absence is harmless.
  for (const subnet of vpc.publicSubnets) Annotations.of(subnet).acknowledgeWarning("@aws-cdk/aws-ec2:noSubnetRouteTableId");
  return vpc;
}
