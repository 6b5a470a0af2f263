import { GetLogRecordCommand, type CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { withRetry } from "./retry.js";

/** GetLogRecord: the fields of one event, or undefined when CloudWatch does not know the pointer. */
export async function getLogRecord(client: CloudWatchLogsClient, ptr: string): Promise<Record<string, string> | undefined> {
  try {
    const { logRecord } = await withRetry(() => client.send(new GetLogRecordCommand({ logRecordPointer: ptr })));
    return logRecord;
  } catch (error) {
    // CloudWatch answers an unknown or malformed pointer with InvalidParameterException.
    if (error instanceof Error && error.name === "InvalidParameterException") return undefined;
    throw error;
  }
}
