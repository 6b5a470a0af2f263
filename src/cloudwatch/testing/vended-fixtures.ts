import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CloudWatchLogsClient, InputLogEvent } from "@aws-sdk/client-cloudwatch-logs";
import { seed } from "./seed.js";

/** fixtures/vended: a small data set of each AWS log type (see its README). */
export const VENDED_FIXTURES = fileURLToPath(new URL("../../../fixtures/vended", import.meta.url));

/** Its events by log group and stream, as their envelopes give them. */
export function vendedFixtureEvents(): Map<string, Map<string, InputLogEvent[]>> {
  const groups = new Map<string, Map<string, InputLogEvent[]>>();
  for (const dir of readdirSync(VENDED_FIXTURES, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const file of readdirSync(join(VENDED_FIXTURES, dir.name))) {
      for (const line of readFileSync(join(VENDED_FIXTURES, dir.name, file), "utf8").split("\n")) {
        if (line === "") continue;
        const e = JSON.parse(line) as { timestamp: number; message: string; logGroupName: string; logStreamName: string };
        if (!groups.has(e.logGroupName)) groups.set(e.logGroupName, new Map());
        const streams = groups.get(e.logGroupName)!;
        if (!streams.has(e.logStreamName)) streams.set(e.logStreamName, []);
        streams.get(e.logStreamName)!.push({ timestamp: e.timestamp, message: e.message });
      }
    }
  }
  return groups;
}

/** Puts every fixture event into the endpoint `client` talks to (whose clock must accept their times). */
export async function seedVendedFixtures(client: CloudWatchLogsClient): Promise<void> {
  for (const [group, streams] of vendedFixtureEvents()) {
    for (const [stream, events] of streams) await seed(client, group, stream, events);
  }
}
