import { GetLogGroupFieldsCommand, type CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { FieldShare } from "../engine/field-shares.js";

/**
 * GetLogGroupFields for one log group: its fields and the percent of events that have each, over
 * the 15 minutes before now, or the 8 minutes either side of `timeMs` when given.
 */
export async function fetchLogGroupFields(client: CloudWatchLogsClient, group: string, timeMs?: number): Promise<FieldShare[]> {
  const out = await client.send(new GetLogGroupFieldsCommand({ logGroupName: group, ...(timeMs !== undefined ? { time: Math.floor(timeMs / 1000) } : {}) }));
  return (out.logGroupFields ?? []).map((f) => ({ name: f.name ?? "", percent: f.percent ?? 0 }));
}
