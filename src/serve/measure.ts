/**
 * Measures the endpoint, for the README: events/s that PutLogEvents accepts (full 1 MB (8,000-event)
 * batches, sequential and 4 in parallel), and StartQuery-to-Complete time against the same
 * query run directly on the store directory through the local source (`tolog query --logs`).
 * Loopback only, bounded: a fixed number of events and runs.
 *
 * Usage (after `npm run build`): node dist/src/serve/measure.js [events=200000]
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  GetQueryResultsCommand,
  PutLogEventsCommand,
  StartQueryCommand,
  type InputLogEvent,
} from "@aws-sdk/client-cloudwatch-logs";
import { runQuery } from "../engine/index.js";
import { groupDirName, openLocalSource } from "../sources/local/index.js";
import { startServer } from "./index.js";

const GROUP = "/measure/app";
/** Events per PutLogEvents call: as many as fit in 1 MB with these ~80-byte messages. */
const BATCH = 8_000;
const QUERIES = [
  'filter level = "error" | stats count(*) as n, avg(latency_ms) as mean by path | sort n desc',
  "fields @timestamp, @message | sort @timestamp desc | limit 20",
  "stats count(*) as n by bin(1m)",
];

export interface ServeMeasurement {
  events: number;
  putSequentialEventsPerSecond: number;
  putParallelEventsPerSecond: number;
  queries: { query: string; startQueryToCompleteMs: number; localMs: number; rows: number }[];
}

function batchOf(start: number, count: number, base: number): InputLogEvent[] {
  return Array.from({ length: count }, (_, i) => {
    const n = start + i;
    return {
      timestamp: base + n,
      message: JSON.stringify({
        level: n % 10 === 0 ? "error" : "info",
        path: `/api/v1/todos/${n % 7}`,
        latency_ms: n % 500,
        request_id: `req-${n}`,
      }),
    };
  });
}

export async function measureServe(events: number): Promise<ServeMeasurement> {
  const dir = await mkdtemp(join(tmpdir(), "tolog-serve-measure-"));
  const server = await startServer({ dir, port: 0 });
  const client = new CloudWatchLogsClient({
    endpoint: server.url,
    region: "us-east-1",
    credentials: { accessKeyId: "measure", secretAccessKey: "measure" },
  });
  try {
    await client.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    for (const stream of ["seq", "par-0", "par-1", "par-2", "par-3"]) {
      await client.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: stream }));
    }
    const base = Date.now() - 3 * 3600_000;
    const half = Math.floor(events / 2 / BATCH) * BATCH;
    const put = (stream: string, start: number) =>
      client.send(new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, logEvents: batchOf(start, BATCH, base) }));

    let t = performance.now();
    for (let start = 0; start < half; start += BATCH) await put("seq", start);
    const putSequentialEventsPerSecond = half / ((performance.now() - t) / 1000);

    t = performance.now();
    const starts = Array.from({ length: half / BATCH }, (_, i) => half + i * BATCH);
    await Promise.all(
      [0, 1, 2, 3].map(async (worker) => {
        for (let i = worker; i < starts.length; i += 4) await put(`par-${worker}`, starts[i]);
      }),
    );
    const putParallelEventsPerSecond = half / ((performance.now() - t) / 1000);

    const startTime = Math.floor(base / 1000) - 60;
    const endTime = Math.ceil(Date.now() / 1000);
    const queries = [];
    for (const query of QUERIES) {
      t = performance.now();
      const { queryId } = await client.send(
        new StartQueryCommand({ logGroupName: GROUP, startTime, endTime, queryString: query }),
      );
      let rows = 0;
      for (let i = 0; i < 100_000; i++) {
        const answer = await client.send(new GetQueryResultsCommand({ queryId }));
        if (answer.status === "Complete") {
          rows = answer.results?.length ?? 0;
          break;
        }
        if (answer.status !== "Scheduled" && answer.status !== "Running") throw new Error(`query ${answer.status}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const startQueryToCompleteMs = performance.now() - t;
      t = performance.now();
      await runQuery(query, openLocalSource([join(dir, groupDirName(GROUP))]), {
        start: startTime * 1000,
        end: endTime * 1000 + 999,
      });
      const localMs = performance.now() - t;
      queries.push({ query, startQueryToCompleteMs: Math.round(startQueryToCompleteMs), localMs: Math.round(localMs), rows });
    }
    return {
      events: half * 2,
      putSequentialEventsPerSecond: Math.round(putSequentialEventsPerSecond),
      putParallelEventsPerSecond: Math.round(putParallelEventsPerSecond),
      queries,
    };
  } finally {
    client.destroy();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const events = Number(process.argv[2] ?? 200_000);
  measureServe(events).then(
    (m) => process.stdout.write(JSON.stringify(m, null, 2) + "\n"),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
