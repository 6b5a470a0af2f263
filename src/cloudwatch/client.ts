import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";

export interface AwsTarget {
  region?: string;
  profile?: string;
  /** e.g. `http://127.0.0.1:4588` for `tolog serve`; otherwise the SDK's own resolution. */
  endpointUrl?: string;
}

/**
 * The one place a CloudWatch Logs client is made. Credentials come from the SDK's standard
 * chain (environment, shared files and `--profile`, SSO, container and instance roles); retries
 * are ours (retry.ts), so the SDK's own are limited to one attempt to keep backoff in one place.
 */
export function createLogsClient(target: AwsTarget): CloudWatchLogsClient {
  return new CloudWatchLogsClient({
    region: target.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION,
    profile: target.profile,
    endpoint: target.endpointUrl,
    maxAttempts: 1,
  });
}
