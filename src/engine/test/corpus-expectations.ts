import type { ResultRow } from "../api.js";

/**
 * What the AWS sample queries (fixtures/insights-sample-queries.txt, by block index) must return
 * over fixtures/vended, worked out by hand from the tables of fixtures/vended/generate.mjs and
 * from what each query's documentation says it does. Times are those of generate.mjs (T0 =
 * 2026-11-20 10:00 UTC); `FIXTURE_NOW` is two hours later.
 */
export interface CorpusExpectation {
  /** The query's first characters, so that a renumbered corpus fails loudly. */
  startsWith: string;
  /** What the documentation says the query finds. */
  why: string;
  /** Log groups to read (all of them when absent). */
  groups?: string[];
  rows: ResultRow[];
  /** Columns compared (default: those the expected rows name). */
  columns?: string[];
  /**
   * Row order: exactly as listed (default); `any` (a stats without sort); or a column name: the
   * query sorts by it, so its values come in the listed order, ties in any order.
   */
  order?: "any" | string;
  /** The number of rows, when `rows` lists only the first ones. */
  count?: number;
}

export const FIXTURE_NOW = Date.parse("2026-11-20T12:00:00.000Z");

const LAMBDA = ["/aws/lambda/orders"];
const VPC = ["vpc-flow-logs"];
const ROUTE53 = ["/aws/route53/example.com"];
const TRAIL = ["aws-cloudtrail-logs-123456789012"];
const API = ["/api-gateway-logs/orders-api"];
const APP = ["/app-logs/orders"];
const ACCOUNTS = ["/ecs/accounts"];
const CHECKOUT = ["/ecs/checkout"];

const at = (hms: string) => `2026-11-20 ${hms}.000`;
const APP_TIMES = ["11:03:20", "11:02:30", "11:01:40", "10:03:20", "10:02:40", "10:02:10", "10:01:40", "10:01:10", "10:00:40", "10:00:20", "10:00:00"].map((t) => ({ "@timestamp": at(t) }));
const ENI_A = "eni-0123456789abcdef0";
const ENI_B = "eni-0fedcba9876543210";
const S1 = "2026/11/20/[$LATEST]0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const S2 = "2026/11/20/[$LATEST]f9e8d7c6b5a4938271605f4e3d2c1b0a";
const request = (n: number) => `a1000000-0000-4000-8000-00000000000${n}`;
const count = (n: number) => String(n);
const UNKNOWN_TRAIL = "Unknown trail: my-trail for the user: 123456789012";

export const CORPUS_EXPECTATIONS: Record<number, CorpusExpectation> = {
  0: { startsWith: "fields @timestamp, @message | sort", why: "the 25 newest events (there are 11)", groups: APP, rows: APP_TIMES },
  1: {
    startsWith: "filter @message like /Exception/",
    why: "exceptions per hour, most first",
    groups: APP,
    rows: [{ "bin(1h)": at("10:00:00"), exceptionCount: "2" }, { "bin(1h)": at("11:00:00"), exceptionCount: "1" }],
  },
  2: {
    startsWith: "fields @timestamp, server, severity, message\n| sort @timestamp asc",
    why: "the oldest event of each server",
    groups: APP,
    rows: [
      { server: "web-1", severity: "INFO", message: "order created" },
      { server: "web-2", severity: "WARN", message: "slow response from db" },
      { server: "web-3", severity: "INFO", message: "orders listed" },
    ],
  },
  3: {
    startsWith: "fields @timestamp, server, severity, message\n| sort @timestamp desc\n| dedup server, severity",
    why: "the newest event of each server and severity",
    groups: APP,
    rows: [
      { server: "web-2", severity: "WARN" },
      { server: "web-3", severity: "INFO" },
      { server: "web-1", severity: "ERROR" },
      { server: "web-2", severity: "INFO" },
      { server: "web-3", severity: "WARN" },
      { server: "web-1", severity: "INFO" },
      { server: "web-2", severity: "ERROR" },
    ],
  },
  4: {
    startsWith: 'filter @type = "REPORT" |',
    why: "average, largest and smallest Lambda duration per 5 minutes",
    groups: LAMBDA,
    rows: [
      { "bin(5m)": at("10:15:00"), "avg(@duration)": "77.25", "max(@duration)": "77.25", "min(@duration)": "77.25" },
      { "bin(5m)": at("10:10:00"), "avg(@duration)": "1100.875", "max(@duration)": "2100", "min(@duration)": "101.75" },
      { "bin(5m)": at("10:05:00"), "avg(@duration)": "309.315", "max(@duration)": "530.5", "min(@duration)": "88.13" },
      { "bin(5m)": at("10:00:00"), "avg(@duration)": "586.1666666666666", "max(@duration)": "1250.75", "min(@duration)": "95.25" },
    ],
  },
  5: {
    startsWith: "fields @timestamp, @requestId, @message, @logStream\n| filter @type = \"REPORT\" and @duration > 1000",
    why: "invocations that took over a second, newest first, one per request",
    groups: LAMBDA,
    rows: [
      { "@requestId": request(6), "@logStream": S2 },
      { "@requestId": request(3), "@logStream": S1 },
    ],
  },
  6: {
    startsWith: 'filter isIpv4InSubnet(srcAddr, "192.0.2.0/24")',
    why: "bytes sent from 192.0.2.0/24 per destination, most first",
    groups: VPC,
    rows: [
      { dstAddr: "10.0.1.5", bytesTransferred: "12000" },
      { dstAddr: "10.0.2.9", bytesTransferred: "2500" },
      { dstAddr: "10.0.1.6", bytesTransferred: "180" },
    ],
  },
  7: {
    startsWith: "filter protocol=17",
    why: "UDP flows per source address",
    groups: VPC,
    order: "any",
    rows: [
      { srcAddr: "10.0.1.5", "count(*)": count(1) },
      { srcAddr: "10.0.1.6", "count(*)": count(1) },
      { srcAddr: "10.0.2.9", "count(*)": count(1) },
    ],
  },
  8: {
    startsWith: "fields @timestamp, srcAddr, dstAddr, srcPort",
    why: "`logStream` (no @) is no field of a flow log record, so nothing matches, as on CloudWatch",
    groups: VPC,
    rows: [],
  },
  9: {
    startsWith: "stats count(*) by queryType, bin(1h)",
    why: "DNS queries per record type and hour",
    groups: ROUTE53,
    order: "any",
    rows: [
      { queryType: "A", "bin(1h)": at("10:00:00"), "count(*)": count(3) },
      { queryType: "AAAA", "bin(1h)": at("10:00:00"), "count(*)": count(1) },
      { queryType: "A", "bin(1h)": at("11:00:00"), "count(*)": count(2) },
      { queryType: "MX", "bin(1h)": at("11:00:00"), "count(*)": count(1) },
      { queryType: "AAAA", "bin(1h)": at("11:00:00"), "count(*)": count(1) },
      { queryType: "TXT", "bin(1h)": at("11:00:00"), "count(*)": count(1) },
    ],
  },
  10: {
    startsWith: 'filter responseCode="SERVFAIL"',
    why: "names whose queries failed with SERVFAIL",
    groups: ROUTE53,
    rows: [{ queryName: "api.example.com", "count(*)": count(3) }],
  },
  11: {
    startsWith: "stats count(*) by eventSource, eventName, awsRegion",
    why: "CloudTrail events per service, API and region",
    groups: TRAIL,
    order: "any",
    rows: [
      { eventSource: "iam.amazonaws.com", eventName: "CreateUser", awsRegion: "us-east-1", "count(*)": count(2) },
      { eventSource: "cloudtrail.amazonaws.com", eventName: "UpdateTrail", awsRegion: "us-east-1", "count(*)": count(2) },
      { eventSource: "cloudtrail.amazonaws.com", eventName: "UpdateTrail", awsRegion: "eu-west-1", "count(*)": count(1) },
      { eventSource: "ec2.amazonaws.com", eventName: "StartInstances", awsRegion: "us-east-1", "count(*)": count(2) },
      { eventSource: "ec2.amazonaws.com", eventName: "RunInstances", awsRegion: "eu-west-1", "count(*)": count(1) },
      { eventSource: "ec2.amazonaws.com", eventName: "DescribeInstances", awsRegion: "us-east-1", "count(*)": count(3) },
      { eventSource: "s3.amazonaws.com", eventName: "CreateBucket", awsRegion: "eu-west-1", "count(*)": count(1) },
    ],
  },
  12: {
    startsWith: 'filter eventName="CreateUser"',
    why: "the users created, with the new user's ARN",
    groups: TRAIL,
    rows: [
      { awsRegion: "us-east-1", "requestParameters.userName": "bob", "responseElements.user.arn": "arn:aws:iam::123456789012:user/bob" },
      { awsRegion: "us-east-1", "requestParameters.userName": "alice", "responseElements.user.arn": "arn:aws:iam::123456789012:user/alice" },
    ],
  },
  13: {
    startsWith: 'filter eventName="UpdateTrail" and ispresent(errorCode)',
    why: "failed UpdateTrail calls by error",
    groups: TRAIL,
    rows: [{ errorCode: "TrailNotFoundException", errorMessage: UNKNOWN_TRAIL, "count(*)": count(2) }],
  },
  14: {
    startsWith: "filter tlsDetails.tlsVersion in",
    why: "calls over TLS 1.0 and 1.1 per service, most first",
    groups: TRAIL,
    rows: [
      { eventSource: "ec2.amazonaws.com", numOutdatedTlsCalls: "2" },
      { eventSource: "s3.amazonaws.com", numOutdatedTlsCalls: "1" },
    ],
  },
  15: {
    startsWith: "fields @timestamp, status, ip, path, httpMethod\n| filter status>=400",
    why: "the newest 4xx responses",
    groups: API,
    rows: [
      { "@timestamp": at("10:02:20"), status: "429", ip: "198.51.100.5", path: "/orders/3", httpMethod: "GET" },
      { "@timestamp": at("10:01:10"), status: "403", ip: "198.51.100.3", path: "/orders/7", httpMethod: "DELETE" },
      { "@timestamp": at("10:00:30"), status: "404", ip: "198.51.100.3", path: "/orders/999", httpMethod: "GET" },
    ],
  },
  16: {
    startsWith: "stats count(*) as requestCount by path",
    why: "the most requested paths",
    groups: API,
    order: "requestCount",
    rows: [
      { path: "/orders", requestCount: "6" },
      ...["/orders/1", "/orders/999", "/orders/7", "/orders/2", "/orders/3", "/health"].map((path) => ({ path, requestCount: "1" })),
    ],
  },
  17: {
    startsWith: "filter status=200",
    why: "integration latency of successful requests per minute",
    groups: API,
    rows: [
      { "bin(1m)": at("10:02:00"), "avg(integrationLatency)": "25.5", "max(integrationLatency)": "50", "min(integrationLatency)": "1" },
      { "bin(1m)": at("10:01:00"), "avg(integrationLatency)": "35", "max(integrationLatency)": "60", "min(integrationLatency)": "10" },
      { "bin(1m)": at("10:00:00"), "avg(integrationLatency)": "30", "max(integrationLatency)": "40", "min(integrationLatency)": "20" },
    ],
  },
  18: { startsWith: "filter (dstAddr like 'x.x.x.x'", why: "placeholder addresses match no flow", groups: VPC, rows: [] },
  19: { startsWith: "filter (srcAddr like 'x.x.x.x'", why: "placeholder addresses match no flow", groups: VPC, rows: [] },
  27: {
    startsWith: "stats values(status) as statuses by service",
    why: "the distinct statuses of each service (JSON numbers stay numbers in the list)",
    groups: APP,
    order: "any",
    rows: [
      { service: "orders", statuses: "[201,200,500,404]" },
      { service: "payments", statuses: "[500,200]" },
      { service: "inventory", statuses: "[504]" },
    ],
  },
  29: {
    startsWith: "stats avg(bytes) by dstAddr",
    why: "average bytes per destination; NODATA and SKIPDATA records (`-`: no value) have neither",
    groups: VPC,
    order: "any",
    rows: [
      { dstAddr: "10.0.1.5", "avg(bytes)": "6000" },
      { dstAddr: "10.0.1.6", "avg(bytes)": "180" },
      { dstAddr: "192.0.2.10", "avg(bytes)": "9000" },
      { dstAddr: "10.0.0.2", "avg(bytes)": "95" },
      { dstAddr: "10.0.2.9", "avg(bytes)": "2206.6666666666665" },
      {},
    ],
  },
  30: {
    startsWith: "stats count(*) by queryType",
    why: "DNS queries per record type",
    groups: ROUTE53,
    order: "any",
    rows: [
      { queryType: "A", "count(*)": count(5) },
      { queryType: "AAAA", "count(*)": count(2) },
      { queryType: "MX", "count(*)": count(1) },
      { queryType: "TXT", "count(*)": count(1) },
    ],
  },
  34: {
    startsWith: "stats variance(responseTime) as rt_var by service",
    why: "the variance of response times per service (population variance, as documented)",
    groups: APP,
    order: "any",
    rows: [
      { service: "orders", rt_var: "35000" },
      { service: "payments", rt_var: "19600" },
      { service: "inventory", rt_var: "0" },
    ],
  },
  35: { startsWith: "stats topk(3, status)", why: "the three most frequent statuses", groups: APP, rows: [{ "topk(3, status)": "[200,201,500]" }] },
  37: {
    startsWith: "parse @message /(?<NetworkInterface>eni-.*?) /",
    why: "the interface of every flow record, newest first",
    groups: VPC,
    count: 13,
    rows: [{ NetworkInterface: ENI_B }, { NetworkInterface: ENI_B }],
  },
  43: {
    startsWith: "fields @timestamp, @logStream\n| parse @logStream",
    why: "events per environment and service, from the stream's name",
    groups: APP,
    rows: [{ env: "prod", service: "orders", "count(*)": count(11) }],
  },
  44: {
    startsWith: "fields @timestamp, userAgent\n| parse userAgent",
    why: "calls per operating system of browser user agents; other agents have no os",
    groups: TRAIL,
    order: "any",
    rows: [{ os: "Windows NT 10.0; Win64; x64", "count(*)": count(1) }, { os: "Macintosh; Intel Mac OS X 10_15_7", "count(*)": count(1) }, { "count(*)": count(10) }],
  },
  45: {
    startsWith: "fields @timestamp, requestUri\n| parse requestUri",
    why: "requests per API version and resource",
    groups: APP,
    order: "any",
    rows: [
      { version: "v1", resource: "orders", "count(*)": count(7) },
      { version: "v2", resource: "orders", "count(*)": count(1) },
      { version: "v1", resource: "payments", "count(*)": count(2) },
      { version: "v2", resource: "inventory", "count(*)": count(1) },
    ],
  },
  47: { startsWith: 'fields @timestamp, @message\n| filter requestId = "1234656"', why: "the events of one request", groups: APP, rows: [{ "@timestamp": at("10:00:00") }] },
  53: { startsWith: "fields @timestamp, @message\n| sort @timestamp desc\n| limit 20", why: "the 20 newest events (there are 11)", groups: APP, rows: APP_TIMES },
  54: {
    startsWith: "fields @timestamp, server, severity, message\n| sort @timestamp desc\n| dedup server",
    why: "the newest event of each server",
    groups: APP,
    rows: [{ server: "web-2" }, { server: "web-3" }, { server: "web-1" }],
  },
  55: { startsWith: "fields @message | limit any 1", why: "any one event", groups: APP, count: 1, rows: [] },
  56: {
    startsWith: "stats count(*) by duration as time",
    why: "events per duration, longest first",
    groups: APP,
    rows: ["3000", "900", "700", "600", "300", "150", "120", "80", "45", "35", "12"].map((time) => ({ time, "count(*)": count(1) })),
  },
  57: { startsWith: "fields @timestamp, @message, accountId", why: "the newest flow records with their account", groups: VPC, count: 13, rows: [{ accountId: "123456789010" }] },
  59: {
    startsWith: "fields jsonParse(@message) as json_message\n| stats count() by json_message.status_code",
    why: "events per status code read through jsonParse",
    groups: APP,
    order: "any",
    rows: [
      { "json_message.status_code": "201", "count()": count(3) },
      { "json_message.status_code": "200", "count()": count(4) },
      { "json_message.status_code": "500", "count()": count(2) },
      { "json_message.status_code": "504", "count()": count(1) },
      { "json_message.status_code": "404", "count()": count(1) },
    ],
  },
  60: {
    startsWith: "fields jsonParse(@message) as json_message\n| filter json_message.`user.id`",
    why: "events whose `user.id` key (a dot in the key) is 123",
    groups: APP,
    count: 2,
    rows: [],
  },
  62: {
    startsWith: "fields @timestamp, @message\n| filter @message like /(?i)(error|failure)/",
    why: "error events of the last five hours (now is 12:00)",
    groups: APP,
    rows: [{ "@timestamp": at("11:01:40") }, { "@timestamp": at("10:01:40") }, { "@timestamp": at("10:00:40") }],
  },
  64: { startsWith: "filter isNumeric(@duration)", why: "events with a numeric @duration: the REPORT lines", groups: LAMBDA, count: 8, rows: [] },
  69: {
    startsWith: "fields @timestamp, @message\n| filter requestParameters.instancesSet.items.0.instanceId",
    why: "the call that named instance i-abcde123 (an array item in the JSON)",
    groups: TRAIL,
    rows: [{ "@timestamp": at("10:03:20") }],
  },
  70: {
    startsWith: "fields jsonParse(@message) as json_message\n| unnest json_message.events",
    why: "one row per item of each event's `events` list",
    groups: APP,
    order: "any",
    rows: [{ "event.name": "created" }, { "event.name": "paid" }, { "event.name": "shipped" }],
  },
  71: {
    startsWith: "fields jsonParse(@message) as js\n| unnest js.accounts",
    why: "the internal accounts of each event's `accounts` list",
    groups: APP,
    count: 2,
    rows: [],
  },
  95: {
    startsWith: 'filter eventSource="ec2.amazonaws.com"',
    why: "EC2 API calls per API and region, most first",
    groups: TRAIL,
    rows: [
      { eventName: "DescribeInstances", awsRegion: "us-east-1", eventCount: "3" },
      { eventName: "StartInstances", awsRegion: "us-east-1", eventCount: "2" },
      { eventName: "RunInstances", awsRegion: "eu-west-1", eventCount: "1" },
    ],
  },
  104: {
    startsWith: "filter @message like /Exception/",
    why: "exceptions per hour, most first (the older page's copy)",
    groups: APP,
    rows: [{ "bin(1h)": at("10:00:00"), exceptionCount: "2" }, { "bin(1h)": at("11:00:00"), exceptionCount: "1" }],
  },
  105: {
    startsWith: 'filter @type = "REPORT"\n| stats max(@memorySize / 1024 / 1024)',
    why: "provisioned and used memory in MiB (memory is in bytes); 128 MB provisioned, at most 119 MB used",
    groups: LAMBDA,
    rows: [
      {
        provisonedMemoryMB: "122.0703125",
        smallestMemoryRequestMB: "66.7572021484375",
        avgMemoryUsedMB: "86.78436279296875",
        maxMemoryUsedMB: "113.48724365234375",
        overProvisionedMB: "8.58306884765625",
      },
    ],
  },
  106: { startsWith: 'filter srcAddr= "192.0.2.0/24"', why: "a string comparison with a CIDR matches no address", groups: VPC, rows: [] },
  107: {
    startsWith: 'filter logStatus="SKIPDATA"',
    why: "SKIPDATA records per hour",
    groups: VPC,
    rows: [{ t: at("12:00:00"), "count(*)": count(1) }, { t: at("11:00:00"), "count(*)": count(1) }],
  },
  108: {
    startsWith: "fields action, status, name, email, department\n| lookup user_data id",
    why: "each account event with the user's name, email and department from user_data; user 104 is not in the table",
    groups: ACCOUNTS,
    rows: [
      { action: "logout", status: "success", name: "Chen Wu", email: "chen@example.com", department: "Orders" },
      { action: "login", status: "failure" },
      { action: "update_card", status: "success", name: "Ana Lima", email: "ana@example.com", department: "Payments" },
      { action: "login", status: "success", name: "Ben Okoro", email: "ben@example.com", department: "Orders" },
      { action: "login", status: "success", name: "Ana Lima", email: "ana@example.com", department: "Payments" },
    ],
  },
  109: {
    startsWith: "fields user_id, action, username, email, department\n| lookup user_data user_id",
    why: "events per email looked up by user_id; u-104's event has none",
    groups: ACCOUNTS,
    order: "any",
    rows: [
      { email: "ana@example.com", "count(*)": "2" },
      { email: "ben@example.com", "count(*)": "1" },
      { email: "chen@example.com", "count(*)": "1" },
      { "count(*)": "1" },
    ],
  },
  110: {
    startsWith: "fields srcAddr, hostname\n| lookup known_hosts ip_address as srcAddr OUTPUTNEW",
    why: "every flow record with the source's host name and region where known_hosts has its address",
    groups: VPC,
    order: "any",
    columns: ["srcAddr", "hostname", "region"],
    rows: [
      ...["192.0.2.10", "192.0.2.10"].map((srcAddr) => ({ srcAddr, hostname: "edge-proxy-1", region: "us-east-1" })),
      ...["10.0.1.5", "10.0.1.5"].map((srcAddr) => ({ srcAddr, hostname: "orders-api-1", region: "us-east-1" })),
      { srcAddr: "198.51.100.7", hostname: "partner-gateway", region: "eu-west-1" },
      ...["192.0.2.77", "10.0.1.6", "192.0.2.200", "10.0.2.9", "203.0.113.9"].map((srcAddr) => ({ srcAddr })),
      {},
      {},
      {},
    ],
  },
  111: {
    startsWith: "fields @timestamp, srcAddr, dstAddr, dstPort\n| lookup network_services",
    why: "flows whose source address and destination port name a service in network_services",
    groups: VPC,
    rows: [
      { "@timestamp": at("10:04:00"), srcAddr: "10.0.1.5", dstAddr: "10.0.0.2", dstPort: "53", service_name: "dns-client", owner: "platform" },
      { "@timestamp": at("10:03:30"), srcAddr: "10.0.2.9", dstAddr: "10.0.0.2", dstPort: "53", service_name: "dns-client", owner: "platform" },
      { "@timestamp": at("10:02:00"), srcAddr: "192.0.2.10", dstAddr: "10.0.1.5", dstPort: "443", service_name: "edge-https", owner: "edge" },
      { "@timestamp": at("10:01:00"), srcAddr: "192.0.2.10", dstAddr: "10.0.1.5", dstPort: "443", service_name: "edge-https", owner: "edge" },
    ],
  },
  112: {
    startsWith: "filter status >= 500\n| join type=inner left=api right=lambda",
    why: "5xx requests with their Lambda invocations (r-3 ran twice; r-5 has none, so an inner join drops it), slowest first",
    groups: CHECKOUT,
    order: "api.latency",
    rows: [
      { "api.requestId": "r-2", "api.status": "502", "api.latency": "2300", "lambda.duration": "2100", "lambda.memoryUsed": "180" },
      { "api.requestId": "r-3", "api.status": "500", "api.latency": "900", "lambda.duration": "850", "lambda.memoryUsed": "120" },
      { "api.requestId": "r-3", "api.status": "500", "api.latency": "900", "lambda.duration": "820", "lambda.memoryUsed": "121" },
    ],
  },
  113: {
    startsWith: 'filter eventType = "ORDER_CREATED"\n| join type=left',
    why: "orders whose payment was processed without success (t-2) or has no payment event at all (t-4); t-1 succeeded, t-3 only started",
    groups: CHECKOUT,
    order: "any",
    rows: [
      { "order.transactionId": "t-2", "order.orderId": "o-2", "order.customerId": "c-2", "payment.paymentStatus": "FAILED", "payment.amount": "40" },
      { "order.transactionId": "t-4", "order.orderId": "o-4", "order.customerId": "c-1" },
    ],
  },
  114: {
    startsWith: "filter requestId in (\n    SOURCE '/aws/lambda/payment-processor'",
    why: "the payment attempts of requests that failed more than 3 times in payment-processor (p-1: 4, p-3: 5), oldest first",
    groups: CHECKOUT,
    rows: [
      { "@timestamp": at("10:03:30"), requestId: "p-1", customerId: "c-1", amount: "99.5", failureReason: "card declined" },
      { "@timestamp": at("10:03:50"), requestId: "p-3", customerId: "c-3", amount: "250", failureReason: "issuer unavailable" },
    ],
  },
  118: {
    startsWith: "fields @timestamp, latency\n| stats avg(latency) as avg_latency by bin(1m)\n| fillmissing",
    why: "mean latency per minute, the 57 minutes without events between 10:03 and 11:01 filled with 0",
    groups: APP,
    count: 64,
    rows: [
      { "bin(1m)": at("11:03:00"), avg_latency: "12" },
      { "bin(1m)": at("11:02:00"), avg_latency: "150" },
      { "bin(1m)": at("11:01:00"), avg_latency: "700" },
      { "bin(1m)": at("11:00:00"), avg_latency: "0" },
    ],
  },
  123: {
    startsWith: "fields @timestamp, srcAddr\n| cidrlookup net_table srcAddr",
    why: "each flow's source with the region, owner and data centre of the longest net_table range holding it",
    groups: VPC,
    order: "any",
    columns: ["srcAddr", "region", "owner", "datacenter"],
    rows: [
      ...["192.0.2.10", "192.0.2.10", "192.0.2.77", "192.0.2.200"].map((srcAddr) => ({ srcAddr, region: "us-east-1", owner: "edge", datacenter: "dc-edge" })),
      ...["10.0.1.5", "10.0.1.5", "10.0.1.6"].map((srcAddr) => ({ srcAddr, region: "us-east-1", owner: "orders", datacenter: "dc-a1" })),
      { srcAddr: "10.0.2.9", region: "us-east-1", owner: "platform", datacenter: "dc-a" },
      { srcAddr: "198.51.100.7" },
      { srcAddr: "203.0.113.9" },
      {},
      {},
      {},
    ],
  },
  124: {
    startsWith: "fields svc\n| stats count(*) as cnt by svc\n| appendcols override=true",
    why: "events per service with the subquery's mean latency of the same row beside them",
    groups: ["lg"],
    order: "any",
    rows: [
      { svc: "auth", cnt: "2", avgLat: "15" },
      { svc: "cart", cnt: "1", avgLat: "30" },
      { svc: "search", cnt: "1", avgLat: "50" },
    ],
  },
  128: {
    startsWith: "stats avg(latency) by bin(1m) offset 1d",
    why: "mean latency per minute (a day's offset leaves minute boundaries where they are)",
    groups: APP,
    rows: [
      { "bin(1m)": at("11:03:00"), "avg(latency)": "12" },
      { "bin(1m)": at("11:02:00"), "avg(latency)": "150" },
      { "bin(1m)": at("11:01:00"), "avg(latency)": "700" },
      { "bin(1m)": at("10:03:00"), "avg(latency)": "35" },
      { "bin(1m)": at("10:02:00"), "avg(latency)": "340" },
      { "bin(1m)": at("10:01:00"), "avg(latency)": "1522.5" },
      { "bin(1m)": at("10:00:00"), "avg(latency)": "440" },
    ],
  },
  129: { startsWith: "filter statusCode >= 400 and statusCode < 500", why: "client errors", groups: APP, rows: [{ "@timestamp": at("11:03:20") }], columns: ["@timestamp"] },
  130: { startsWith: "filter @message =~ /timeout after", why: "timeouts", groups: APP, rows: [{ "@timestamp": at("10:01:40") }], columns: ["@timestamp"] },
  133: {
    startsWith: "stats count(*), sum(duration), avg(duration), min(duration), max(duration)",
    why: "duration statistics over every event",
    groups: APP,
    rows: [{ "count(*)": "11", "sum(duration)": "5942", "avg(duration)": "540.1818181818181", "min(duration)": "12", "max(duration)": "3000" }],
  },
  134: {
    startsWith: "stats avg(duration) as avg_ms, pct(duration, 99) as p99 by serviceName, bin(1h)",
    why: "mean and 99th percentile duration per service and hour",
    groups: APP,
    order: "any",
    rows: [
      { serviceName: "orders", "bin(1h)": at("10:00:00"), avg_ms: "236", p99: "900" },
      { serviceName: "payments", "bin(1h)": at("10:00:00"), avg_ms: "450", p99: "600" },
      { serviceName: "inventory", "bin(1h)": at("10:00:00"), avg_ms: "3000", p99: "3000" },
      { serviceName: "orders", "bin(1h)": at("11:00:00"), avg_ms: "287.3333333333333", p99: "700" },
    ],
  },
  135: {
    startsWith: 'filter @type = "REPORT"\n| stats avg(@duration) as avg_ms',
    why: "invocations, durations and cold starts (REPORT lines with an Init Duration) per hour",
    groups: LAMBDA,
    rows: [{ "bin(1h)": at("10:00:00"), avg_ms: "582.01625", max_ms: "2100", invocations: "8", coldStarts: "2" }],
  },
  136: {
    startsWith: "fields @timestamp, resourcePath, responseLatency",
    why: "latency percentiles per resource, slowest p99 first",
    groups: API,
    rows: [
      { resourcePath: "/orders", p50: "55", p90: "1000", p99: "1000" },
      { resourcePath: "/orders/{id}", p50: "8", p90: "36", p99: "36" },
      { resourcePath: "/health", p50: "2", p90: "2", p99: "2" },
    ],
  },
  137: {
    startsWith: "SOURCE logGroups(namePrefix: ['/app-logs', '/api-gateway-logs'])",
    why: "errors and 5xx of the app and API log groups, newest first",
    rows: [
      { "@timestamp": at("11:01:40"), "@log": "000000000000:/app-logs/orders" },
      { "@timestamp": at("10:02:10"), "@log": "000000000000:/api-gateway-logs/orders-api" },
      { "@timestamp": at("10:01:40"), "@log": "000000000000:/app-logs/orders" },
      { "@timestamp": at("10:00:40"), "@log": "000000000000:/app-logs/orders" },
    ],
  },
};
