/**
 * `npm run fuzz -- --seconds 60 [--seed N] [--budget-ms 5000] [--corpus FILE]`: runs fuzz cases
 * (cases.ts) against the engine until the time is up, each in a worker thread with a time
 * budget, and reports every case that crashed (an error other than a coded diagnostic or a user
 * error: exit 70 in the CLI), hung past its budget, or gave two different answers. Exits 1 when
 * any did, with the seed and case index to replay (`--seed N --from INDEX --cases 1`).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { corpusQueries, fuzzCase, type FuzzCase } from "./cases.js";
import type { Outcome } from "./check.js";

interface Args {
  seconds: number;
  seed: number;
  budgetMs: number;
  corpus: string;
  from: number;
  cases: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    seconds: 60,
    seed: Date.now() % 1_000_000,
    budgetMs: 5000,
    corpus: fileURLToPath(new URL("../../../../fixtures/insights-sample-queries.txt", import.meta.url)),
    from: 0,
    cases: Infinity,
  };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[++i];
    const number = Number(value);
    switch (argv[i - 1]) {
      case "--seconds": args.seconds = number; break;
      case "--seed": args.seed = number; break;
      case "--budget-ms": args.budgetMs = number; break;
      case "--from": args.from = number; break;
      case "--cases": args.cases = number; break;
      case "--corpus": args.corpus = value; break;
      default: throw new Error(`unknown option ${argv[i - 1]}; see the top of src/engine/fuzz/main.ts`);
    }
    if (argv[i - 1] !== "--corpus" && !(Number.isFinite(number) && number >= 0)) throw new Error(`${argv[i - 1]} takes a number, not ${value}`);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const corpus = corpusQueries(readFileSync(args.corpus, "utf8"));
  const stopAt = Date.now() + args.seconds * 1000;
  const workerUrl = new URL("./fuzz-worker.js", import.meta.url);
  let worker = new Worker(workerUrl);
  const failures: string[] = [];
  let ran = 0;
  const run = (index: number, c: FuzzCase): Promise<Outcome | "hung"> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => resolve("hung"), args.budgetMs);
      worker.once("message", (m: { index: number; outcome: Outcome }) => {
        clearTimeout(timer);
        resolve(m.outcome);
      });
      worker.postMessage({ index, query: c.query });
    });
  for (let index = args.from; index < args.from + args.cases && Date.now() < stopAt; index++) {
    const c = fuzzCase(corpus, args.seed, index);
    const outcome = await run(index, c);
    ran++;
    if (outcome === "hung") {
      failures.push(report(args.seed, index, c, `no answer within ${args.budgetMs} ms`));
      await worker.terminate();
      worker = new Worker(workerUrl);
    } else if (!outcome.ok) failures.push(report(args.seed, index, c, outcome.problem));
  }
  await worker.terminate();
  process.stdout.write(`${ran} cases (seed ${args.seed}), ${failures.length} failed\n`);
  for (const f of failures) process.stdout.write(`\n${f}\n`);
  process.exitCode = failures.length > 0 ? 1 : 0;
}

function report(seed: number, index: number, c: FuzzCase, problem: string): string {
  const shown = c.query.length > 400 ? `${c.query.slice(0, 400)}... (${c.query.length} characters)` : c.query;
  return `case ${index} (--seed ${seed} --from ${index} --cases 1), ${c.kind}:\n${JSON.stringify(shown)}\n${problem}`;
}

await main();
