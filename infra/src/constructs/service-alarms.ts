import { Duration, aws_cloudwatch as cw, aws_elasticloadbalancingv2 as elbv2 } from "aws-cdk-lib";
import { Construct } from "constructs";

export interface ServiceAlarmsProps {
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  readonly targetGroup: elbv2.IApplicationTargetGroup;
  /** 5xx responses from the targets in one minute. @default 10 */
  readonly max5xxPerMinute?: number;
  /** p95 target response time. @default 1 second */
  readonly maxP95Latency?: Duration;
}

/** Alarms on what a load test breaks first: server errors and tail latency. No actions: add an SNS topic to be paged. */
export class ServiceAlarms extends Construct {
  readonly serverErrors: cw.Alarm;
  readonly p95Latency: cw.Alarm;

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    const period = Duration.minutes(1);

    this.serverErrors = new cw.Alarm(this, "ServerErrors", {
      alarmDescription: "TaskOverflow targets answered with 5xx",
      metric: props.loadBalancer.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period, statistic: "Sum" }),
      threshold: props.max5xxPerMinute ?? 10,
      comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cw.TreatMissingData.NOT_BREACHING,
    });

    this.p95Latency = new cw.Alarm(this, "P95Latency", {
      alarmDescription: "TaskOverflow p95 response time is high",
      metric: props.targetGroup.metrics.targetResponseTime({ period, statistic: "p95" }),
      threshold: (props.maxP95Latency ?? Duration.seconds(1)).toMilliseconds() / 1000,
      comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: cw.TreatMissingData.NOT_BREACHING,
    });
  }
}
