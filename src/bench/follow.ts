/**
 * `node dist/src/bench/follow.js [--rate 5000] [--seconds 60] [--mode query|watch]`: can
 * `--follow` keep up with a log written at `rate` lines per second, on one core, in bounded
 * memory? A writer in this process appends lines of the recorded `course-bugs` run (every id
 * made unique per pass, times moved to now) to a temporary file, a tenth of a second's worth at
 * a time, while tolog follows it as users run it (`bin/tolog.js`, its own process, one thread):
 * `query 'stats ...' --follow` or `watch`, printing a JSON snapshot every second. Every second
 * the bench samples tolog's CPU time and RSS from /proc, and the lines its last snapshot had
 * read; at the end it prints lines written and read, CPU as a share of one core, and RSS at the
 * first sample, its peak and the last (bounded: the peak stays near the first). Linux only.
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

const args = mode === "watch" ? ["watch", "--logs", file, "--format", "json", "--interval", "1s"] : ["query", QUERY, "--follow", "--logs", file, "--format", "json", "--interval", "1s"];
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

/** Requests (ended) among the lines written: what a snapshot counts once it has read them all. */
let written = 0;
let finishedWritten = 0;
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
    if (line.includes('"request_finished"')) finishedWritten++;
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
  const snapshot = lastSnapshot === "" ? undefined : JSON.parse(lastSnapshot);
  const read = mode === "watch" ? snapshot?.total?.requests : (snapshot?.rows as Array<{ requests: string }> | undefined)?.reduce((sum, row) => sum + Number(row.requests), 0);
  const first = samples[1] ?? samples[0];
  const peak = Math.max(...samples.map((s) => s.rssMb));
  console.log(`mode ${mode}, ${rate} lines/s for ${seconds} s: ${written} lines written (${finishedWritten} finished requests); tolog's last snapshot counted ${read} finished requests`);
  console.log(`tolog CPU ${last.cpuS.toFixed(1)} s over ${((Date.now() - startedAt) / 1000).toFixed(0)} s (${((last.cpuS / seconds) * 100).toFixed(0)}% of one core); RSS ${first.rssMb.toFixed(0)} MB after 1 s, peak ${peak.toFixed(0)} MB, last ${last.rssMb.toFixed(0)} MB`);
  rmSync(dir, { recursive: true, force: true });
}, seconds * 1000);
