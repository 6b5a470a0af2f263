import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  type CloudWatchLogsClient,
  type InputLogEvent,
} from "@aws-sdk/client-cloudwatch-logs";

/** Creates the group and stream (once) and puts the events in batches PutLogEvents accepts. */
export async function seed(client: CloudWatchLogsClient, group: string, stream: string, events: InputLogEvent[]): Promise<void> {
  await client.send(new CreateLogGroupCommand({ logGroupName: group })).catch((e: Error) => {
    if (e.name !== "ResourceAlreadyExistsException") throw e;
  });
  await client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream })).catch((e: Error) => {
    if (e.name !== "ResourceAlreadyExistsException") throw e;
  });
  const sorted = [...events].sort((a, b) => a.timestamp! - b.timestamp!);
  // PutLogEvents takes at most 10,000 events and 1 MB (26 bytes of overhead each) per call.
  let batch: InputLogEvent[] = [];
  let bytes = 0;
  const flush = async () => {
    if (batch.length > 0) await client.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: batch }));
    batch = [];
    bytes = 0;
  };
  for (const event of sorted) {
    const size = Buffer.byteLength(event.message ?? "") + 26;
    if (batch.length >= 5_000 || bytes + size > 900_000) await flush();
    batch.push(event);
    bytes += size;
  }
  await flush();
}

/** `count` JSON events, one every `stepMs` from `start`. */
export function numberedEvents(count: number, start: number, stepMs: number): InputLogEvent[] {
  return Array.from({ length: count }, (_, n) => ({ timestamp: start + n * stepMs, message: JSON.stringify({ n, level: "info" }) }));
}

/** Test retries wait a millisecond, not seconds. */
export const FAST = { pollMs: { first: 20, max: 50 }, retry: { baseDelayMs: 1, maxDelayMs: 5 } } as const;
