import { paginateDescribeLogGroups, type CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";

/** StartQuery's limit on log groups per query. */
export const MAX_GROUPS_PER_QUERY = 50;

export interface ResolvedGroups {
  names: string[];
  /** For each `--log-group` pattern with a `*`: how many groups it matched. */
  matches: Array<{ pattern: string; count: number }>;
}

export class LogGroupSelectionError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = "LogGroupSelectionError";
  }
}

/**
 * Turns `--log-group` values into group names: plain names pass through (StartQuery reports a
 * missing one itself), prefix globs (`taskoverflow*`) are listed with DescribeLogGroups.
 */
export async function resolveLogGroups(client: CloudWatchLogsClient, patterns: string[]): Promise<ResolvedGroups> {
  const names = new Set<string>();
  const matches: ResolvedGroups["matches"] = [];
  for (const pattern of patterns) {
    const star = pattern.indexOf("*");
    if (star < 0) {
      names.add(pattern);
      continue;
    }
    if (star !== pattern.length - 1) {
      throw new LogGroupSelectionError(
        `--log-group "${pattern}": only a trailing * is supported (a name prefix)`,
        `Write it as a prefix, e.g. --log-group '${pattern.slice(0, star)}*'.`,
      );
    }
    const prefix = pattern.slice(0, -1);
    let count = 0;
    for await (const page of paginateDescribeLogGroups({ client }, prefix ? { logGroupNamePrefix: prefix } : {})) {
      for (const group of page.logGroups ?? []) {
        if (group.logGroupName) {
          names.add(group.logGroupName);
          count++;
        }
      }
    }
    matches.push({ pattern, count });
    if (count === 0) {
      throw new LogGroupSelectionError(
        `--log-group "${pattern}" matched no log group`,
        "Check the prefix, --region and --profile; `aws logs describe-log-groups` lists what exists.",
      );
    }
  }
  if (names.size > MAX_GROUPS_PER_QUERY) {
    throw new LogGroupSelectionError(
      `${names.size} log groups selected; a Logs Insights query takes at most ${MAX_GROUPS_PER_QUERY}`,
      "Narrow the --log-group prefix, or run the query in several groups of names.",
    );
  }
  return { names: [...names], matches };
}

export async function listAllGroupNames(client: CloudWatchLogsClient, limit = 1000): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateDescribeLogGroups({ client }, {})) {
    for (const group of page.logGroups ?? []) if (group.logGroupName) names.push(group.logGroupName);
    if (names.length >= limit) break;
  }
  return names;
}
