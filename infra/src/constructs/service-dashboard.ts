import { Duration, aws_cloudwatch as cw, aws_elasticloadbalancingv2 as elbv2, aws_logs as logs } from "aws-cdk-lib";
import { Construct } from "constructs";
import { ERROR_RATE, P95_LATENCY_BY_ROUTE, REQUEST_VOLUME, SLOW_SQL_RANKING } from "./dashboard-queries.js";

export interface ServiceDashboardProps {
  readonly logGroup: logs.ILogGroup;
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  readonly targetGroup: elbv2.IApplicationTargetGroup;
  readonly alarms: readonly cw.IAlarm[];
}

/** Logs Insights widgets over the service's own log fields, next to the load balancer's metrics. */
export class ServiceDashboard extends Construct {
  readonly dashboard: cw.Dashboard;

  constructor(scope: Construct, id: string, props: ServiceDashboardProps) {
    super(scope, id);
    const logGroupNames = [props.logGroup.logGroupName];
    const period = Duration.minutes(1);
    const lb = props.loadBalancer.metrics;
    const tg = props.targetGroup.metrics;

    this.dashboard = new cw.Dashboard(this, "Dashboard", { defaultInterval: Duration.hours(3) });
    this.dashboard.addWidgets(
      new cw.LogQueryWidget({ title: "p95 latency by method and route (ms)", logGroupNames, queryLines: P95_LATENCY_BY_ROUTE, view: cw.LogQueryVisualizationType.TABLE, width: 12 }),
      new cw.LogQueryWidget({ title: "Error rate (% of requests with status >= 500)", logGroupNames, queryLines: ERROR_RATE, view: cw.LogQueryVisualizationType.LINE, width: 12 }),
    );
    this.dashboard.addWidgets(
      new cw.LogQueryWidget({ title: "Slowest SQL (total time)", logGroupNames, queryLines: SLOW_SQL_RANKING, view: cw.LogQueryVisualizationType.TABLE, width: 12 }),
      new cw.LogQueryWidget({ title: "Request volume (per minute)", logGroupNames, queryLines: REQUEST_VOLUME, view: cw.LogQueryVisualizationType.BAR, width: 12 }),
    );
    this.dashboard.addWidgets(
      new cw.GraphWidget({
        title: "ALB requests and 5xx",
        left: [lb.requestCount({ period, statistic: "Sum" })],
        right: [
          lb.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period, statistic: "Sum" }),
          lb.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period, statistic: "Sum" }),
        ],
        width: 8,
      }),
      new cw.GraphWidget({
        title: "ALB target response time (s)",
        left: [tg.targetResponseTime({ period, statistic: "p50" }), tg.targetResponseTime({ period, statistic: "p95" }), tg.targetResponseTime({ period, statistic: "p99" })],
        width: 8,
      }),
      new cw.GraphWidget({
        title: "Healthy targets",
        left: [tg.healthyHostCount({ period, statistic: "Minimum" }), tg.unhealthyHostCount({ period, statistic: "Maximum" })],
        width: 8,
      }),
    );
    if (props.alarms.length > 0) {
      this.dashboard.addWidgets(new cw.AlarmStatusWidget({ title: "Alarms", alarms: [...props.alarms], width: 24 }));
    }
  }
}
