/**
 * `node dist/src/bench/follow.js [--rate 5000] [--seconds 60] [--mode MODE]`: can `--follow`
 * keep up with a log written at `rate` lines per second, on one core, in bounded memory? A
 * writer in this process appends lines of the recorded `course-bugs` run (every id made unique
 * per pass, times moved to now) to a temporary file, a tenth of a second's worth at a time,
 * while tolog follows it as users run it (`bin/tolog.js`, its own process, one thread), printing
 * a JSON snapshot every second: MODE is `query` (`query 'stats ...' --follow`), `watch`, or an
 * analysis with `--follow`: `latency`, `races`, `slow-queries`, `trace` (the first request of the
 * first pass). Every second the bench samples tolog's CPU time and RSS from /proc; at the end it
 * prints what was written and what tolog's last snapshot counted of it (all of it: tolog kept
 * up), CPU as a share of one core, and RSS at the first sample, its peak and the last. Linux only.
 */
import { spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const rate = Number(arg("rate", "5000"));
const seconds = Number(arg("seconds", "60"));
const mode = arg("mode", "query");
const QUERY = 'filter event = "request_finished" | stats count(*) as requests, pct(duration_ms, 95) as p95 by route';

const source = gunzipSync(readFileSync(path.join(ROOT, "fixtures/runs/course-bugs/service.log.jsonl.gz"))).toString("utf8").trim().split("\n");
const dir = mkdtempSync(path.join(os.tmpdir(), "tolog-follow-bench-"));
const file = path.join(dir, "service.log");
writeFileSync(file, "");

const firstRequest = /"request_id":"([^"]+)"/.exec(source.find((line) => line.includes('"request_id"'))!)![1];
/** The parts of each mode's JSON snapshot that count what it read. */
interface Snapshot {
  rows?: Array<{ requests: string }>;
  total?: { requests: number };
  overall?: { requests: number };
  summary?: { created: number };
  total_calls?: number;
  events?: unknown[];
}
/** Per mode: tolog's arguments, the lines whose count its snapshot tells, and that count in a snapshot. */
const MODES: Record<string, { args: string[]; counts: (line: string) => boolean; read: (snapshot: Snapshot | undefined) => number | undefined }> = {
  query: { args: ["query", QUERY, "--follow"], counts: (line) => line.includes('"request_finished"'), read: (s) => s?.rows?.reduce((sum, row) => sum + Number(row.requests), 0) },
  watch: { args: ["watch"], counts: (line) => line.includes('"request_finished"'), read: (s) => s?.total?.requests },
  latency: { args: ["latency", "--follow"], counts: (line) => line.includes('"request_finished"'), read: (s) => s?.overall?.requests },
  races: { args: ["races", "--follow"], counts: (line) => line.includes('"todo_created"'), read: (s) => s?.summary?.created },
  "slow-queries": { args: ["slow-queries", "--follow"], counts: (line) => line.includes('"db_query"'), read: (s) => s?.total_calls },
  trace: { args: ["trace", `${firstRequest}-0`, "--follow"], counts: (line) => line.includes(`"${firstRequest}-0"`), read: (s) => s?.events?.length },
};
const chosen = MODES[mode];
if (!chosen) throw new Error(`--mode ${mode}: one of ${Object.keys(MODES).join(", ")}`);
const args = [...chosen.args, "--logs", file, "--format", "json", "--interval", "1s"];
const child = spawn(process.execPath, [path.join(ROOT, "bin/tolog.js"), ...args], { env: { ...process.env, TOLOG_THREADS: "1" }, stdio: ["ignore", "pipe", "inherit"] });
let lastSnapshot = "";
let buffered = "";
child.stdout.on("data", (chunk: Buffer) => {
  buffered += chunk.toString();
  const lines = buffered.split("\n");
  buffered = lines.pop() ?? "";
  if (lines.length > 0) lastSnapshot = lines[lines.length - 1];
});

const CLOCK_TICKS = 100;
function sample(): { cpuS: number; rssMb: number } {
  const stat = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1].split(" ");
  const cpuS = (Number(stat[11]) + Number(stat[12])) / CLOCK_TICKS;
  const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1];
  return { cpuS, rssMb: Number(rss) / 1024 };
}

/** What a snapshot counts among the lines written, once it has read them all. */
let written = 0;
let countedWritten = 0;
let pass = 0;
let at = 0;
const startedAt = Date.now();
const writer = setInterval(() => {
  const due = Math.floor(((Date.now() - startedAt) / 1000) * rate) - written;
  const out: string[] = [];
  for (let i = 0; i < due; i++) {
    if (at >= source.length) {
      at = 0;
      pass++;
    }
    const line = source[at++].replace(/"timestamp":"[^"]*"/, `"timestamp":"${new Date().toISOString()}"`).replace(/"(request_id|todo_id)":"([^"]*)"/g, `"$1":"$2-${pass}"`);
    if (chosen.counts(line)) countedWritten++;
    out.push(line);
  }
  if (out.length > 0) appendFileSync(file, out.join("\n") + "\n");
  written += due;
}, 100);

const samples: Array<{ cpuS: number; rssMb: number }> = [];
const sampler = setInterval(() => samples.push(sample()), 1000);

setTimeout(async () => {
  clearInterval(writer);
  // A last interval to catch up with what was written.
  await new Promise((resolve) => setTimeout(resolve, 2500));
  clearInterval(sampler);
  const last = sample();
  child.kill("SIGINT");
  await new Promise((resolve) => child.on("exit", resolve));
  const snapshot = lastSnapshot === "" ? undefined : (JSON.parse(lastSnapshot) as Snapshot);
  const read = chosen.read(snapshot);
  const first = samples[1] ?? samples[0];
  const peak = Math.max(...samples.map((s) => s.rssMb));
  console.log(`mode ${mode}, ${rate} lines/s for ${seconds} s: ${written} lines written (${countedWritten} counted); tolog's last snapshot counted ${read}`);
  console.log(`tolog CPU ${last.cpuS.toFixed(1)} s over ${((Date.now() - startedAt) / 1000).toFixed(0)} s (${((last.cpuS / seconds) * 100).toFixed(0)}% of one core); RSS ${first.rssMb.toFixed(0)} MB after 1 s, peak ${peak.toFixed(0)} MB, last ${last.rssMb.toFixed(0)} MB`);
  rmSync(dir, { recursive: true, force: true });
}, seconds * 1000);
