import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { silenceNodeVersionNotice } from "../cloudwatch/client.js";
import { startServer, type RunningServer, type ServeOptions } from "./index.js";

/**
 * For the endpoint's tests: a server on a random loopback port over a fresh directory, and the
 * real AWS SDK client pointed at it with dummy static credentials.
 */
export interface Harness {
  server: RunningServer;
  client: CloudWatchLogsClient;
  dir: string;
  /** Stops the server (keeping the directory), for restart tests. */
  stop(): Promise<void>;
  /** Stops the server and removes the directory. */
  close(): Promise<void>;
}

export const DUMMY_CREDENTIALS = { accessKeyId: "AKIDTOLOGTEST", secretAccessKey: "tolog-test-secret" };

export function clientFor(url: string, maxAttempts = 1): CloudWatchLogsClient {
  silenceNodeVersionNotice();
  return new CloudWatchLogsClient({ endpoint: url, region: "eu-west-1", credentials: DUMMY_CREDENTIALS, maxAttempts });
}

export async function startHarness(options: Partial<ServeOptions> = {}, dir?: string): Promise<Harness> {
  const directory = dir ?? (await mkdtemp(join(tmpdir(), "tolog-serve-")));
  const server = await startServer({ port: 0, ...options, dir: directory });
  const client = clientFor(server.url);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    client.destroy();
    await server.close();
  };
  return {
    server,
    client,
    dir: directory,
    stop,
    close: async () => {
      await stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
