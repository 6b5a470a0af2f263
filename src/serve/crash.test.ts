import { appendFile, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  ServiceUnavailableException,
  type CloudWatchLogsClient,
} from "@aws-sdk/client-cloudwatch-logs";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { buildInto, spawnServe, type Build, type ServeChild } from "./test/built-serve.js";
import { clientFor } from "./test-support.js";

/**
 * `tolog serve` as a real process that is killed (kill -9) while it writes, that a second
 * endpoint tries to share a directory with, and whose writes fail half way (a file size limit).
 */
let build: Build;
beforeAll(async () => {
  build = await buildInto("tolog-serve-crash-test");
}, 300_000);
afterAll(async () => build?.remove());

let dir: string;
const children: ServeChild[] = [];
const clients: CloudWatchLogsClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const child of children.splice(0)) {
    child.child.kill("SIGKILL");
    await child.exited;
  }
  await rm(dir, { recursive: true, force: true });
});

async function serve(extra: string[] = [], prefix: string[] = []): Promise<{ child: ServeChild; client: CloudWatchLogsClient }> {
  const child = spawnServe(build, dir, extra, prefix);
  children.push(child);
  const url = await child.url;
  if (!url) throw new Error(`tolog serve ended: ${child.stderr()}`);
  const client = clientFor(url);
  clients.push(client);
  return { child, client };
}

const STREAM = { logGroupName: "app", logStreamName: "s" };
const STREAM_FILE = () => join(dir, "app", "s.jsonl");

/** Events `<writer>/<batch>/<i>`: about 0.8 MB per batch of 2,000. */
function batch(writer: number, n: number, count = 2000, size = 400) {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => ({ timestamp: now, message: `${writer}/${n}/${i} ${"x".repeat(size)}` }));
}

async function allMessages(client: CloudWatchLogsClient): Promise<string[]> {
  const messages: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const got = await client.send(new GetLogEventsCommand({ ...STREAM, startFromHead: true, nextToken: token }));
    if (got.events!.length === 0) break;
    messages.push(...got.events!.map((e) => e.message!));
    token = got.nextForwardToken;
  }
  return messages;
}

describe("tolog serve as a process", () => {
  test("kill -9 while batches are written: every acknowledged event is there once, and no line is torn", async () => {
    dir = await mkdtemp(join(tmpdir(), "tolog-serve-crash-"));
    const first = await serve();
    await first.client.send(new CreateLogGroupCommand({ logGroupName: "app" }));
    await first.client.send(new CreateLogStreamCommand(STREAM));
    const acknowledged: string[] = [];
    let killed = false;
    const writer = async (w: number) => {
      for (let n = 0; n < 200 && !killed; n++) {
        const ok = await first.client.send(new PutLogEventsCommand({ ...STREAM, logEvents: batch(w, n) })).then(
          () => true,
          () => false,
        );
        if (ok) acknowledged.push(`${w}/${n}`);
        if (acknowledged.length >= 8 && !killed) {
          killed = true;
          first.child.child.kill("SIGKILL");
        }
      }
    };
    await Promise.all([0, 1, 2].map(writer));
    await first.child.exited;
    // Whether the kill landed inside a write or not, the file may end in an unfinished line:
    // add one, as a write the kill cut short would have left it.
    await appendFile(STREAM_FILE(), `{"timestamp":${Date.now()},"message":"cut sho`);

    const second = await serve();
    expect(second.child.stderr()).toContain(`was left locked by pid ${first.child.child.pid}, which has ended`);
    expect(second.child.stderr()).toMatch(/s\.jsonl: moved \d+ bytes of an unfinished last line to \S*\.s\.jsonl\.torn/);
    await second.client.send(new PutLogEventsCommand({ ...STREAM, logEvents: batch(9, 0, 3, 10) }));

    const messages = await allMessages(second.client);
    const counts = new Map<string, number>();
    for (const m of messages) counts.set(m.split(" ")[0], (counts.get(m.split(" ")[0]) ?? 0) + 1);
    for (const id of acknowledged) {
      for (const i of [0, 1999]) expect(counts.get(`${id}/${i}`), `${id}/${i}`).toBe(1);
    }
    // Every line of the file is a whole event; the batch after the restart is whole too.
    const lines = (await readFile(STREAM_FILE(), "utf8")).split("\n");
    expect(lines.pop()).toBe("");
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(messages.slice(-3).map((m) => m.split(" ")[0])).toEqual(["9/0/0", "9/0/1", "9/0/2"]);
  }, 120_000);

  test("a second endpoint on the same --dir ends at once with exit 1, naming the first one's pid", async () => {
    dir = await mkdtemp(join(tmpdir(), "tolog-serve-lock-"));
    const first = await serve();
    const second = spawnServe(build, dir);
    children.push(second);
    expect(await second.url).toBeUndefined();
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toContain(`is in use by another tolog serve (pid ${first.child.child.pid}`);
    expect(second.stderr()).toContain("another --dir");
  }, 60_000);

  test("a write that fails half way (file size limit) is cut back: the next batch starts on its own line", async () => {
    dir = await mkdtemp(join(tmpdir(), "tolog-serve-efbig-"));
    // 64 KiB per file at most; the endpoint's own small files fit.
    const { child, client } = await serve([], ["bash", "-c", 'ulimit -f 64; exec "$@"', "bash"]);
    await client.send(new CreateLogGroupCommand({ logGroupName: "app" }));
    await client.send(new CreateLogStreamCommand(STREAM));
    let failure: unknown;
    let stored = 0;
    for (let n = 0; n < 20 && !failure; n++) {
      await client.send(new PutLogEventsCommand({ ...STREAM, logEvents: batch(0, n, 20, 400) })).then(
        () => stored++,
        (error: unknown) => (failure = error),
      );
    }
    expect(failure).toBeInstanceOf(ServiceUnavailableException);
    // The endpoint logs the failure as it answers: give the line a moment to cross the pipe.
    for (let i = 0; i < 100 && !/PutLogEvents failed: EFBIG/.test(child.stderr()); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(child.stderr()).toMatch(/PutLogEvents failed: EFBIG/);
    const text = await readFile(STREAM_FILE(), "utf8");
    expect(text.endsWith("\n")).toBe(true);
    expect(text.split("\n").length - 1).toBe(stored * 20);
    expect((await stat(STREAM_FILE())).size).toBeLessThanOrEqual(64 * 1024);
    await client.send(new PutLogEventsCommand({ ...STREAM, logEvents: batch(1, 0, 1, 10) }));
    const messages = await allMessages(client);
    expect(messages).toHaveLength(stored * 20 + 1);
    expect(messages.at(-1)).toMatch(/^1\/0\/0 /);
  }, 60_000);
});
