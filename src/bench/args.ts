/**
 * The bench's command line. A value it cannot use is a `UsageProblem`, reported with `USAGE` and
 * exit 2 before anything is generated or run: a value left out quietly timed nothing (`--query 9`)
 * or ran the tools over no data (`--size 0`).
 */
import path from "node:path";
import { QUERIES } from "./queries.js";
import { parseSize } from "./size.js";

export const TOOLS = ["tolog", "duckdb", "jq"] as const;
export type Tool = (typeof TOOLS)[number];

export const USAGE = `npm run bench [-- options]: times tolog, DuckDB and jq as whole processes
over generated TaskOverflow logs and VPC flow logs (about 1 GB each). Options:
  --size 50MB       how much of each to generate
  --data DIR        reuse (or keep) the generated data there: a new or empty
                    directory, or one the bench generated into before
  --keep            keep the generated data
  --only tolog,duckdb,jq
  --query 1,3       the queries to time, by number:
${QUERIES.map((q, i) => `                      ${i + 1} ${q.name}`).join("\n")}
  --runs 3          rounds per query, the tools taking turns; medians are shown
  --timeout 600     seconds per run
  --threads N       tolog's TOLOG_THREADS, DuckDB's threads (default: all cores)
`;

export class UsageProblem extends Error {}

export interface Args {
  help: boolean;
  size: number;
  data?: string;
  keep: boolean;
  only: Tool[];
  /** Indexes into QUERIES. */
  queries: number[];
  runs: number;
  timeoutMs: number;
  threads?: number;
}

export function parseArgs(argv: string[]): Args {
  const args: Args = { help: false, size: 1e9, keep: false, only: [...TOOLS], queries: QUERIES.map((_, i) => i), runs: 3, timeoutMs: 600_000 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageProblem(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--size": args.size = size(value()); break;
      case "--data": args.data = path.resolve(value()); break;
      case "--keep": args.keep = true; break;
      case "--only": args.only = only(value()); break;
      case "--query": args.queries = queries(value()); break;
      case "--runs": args.runs = positiveInteger(flag, value()); break;
      case "--timeout": args.timeoutMs = positiveInteger(flag, value()) * 1000; break;
      case "--threads": args.threads = positiveInteger(flag, value()); break;
      case "--help": case "-h": args.help = true; break;
      default: throw new UsageProblem(`unknown option ${flag}`);
    }
  }
  return args;
}

function size(raw: string): number {
  let bytes: number;
  try {
    bytes = parseSize(raw);
  } catch {
    bytes = NaN;
  }
  if (!(bytes > 0)) throw new UsageProblem(`--size ${raw}: give a size such as 50MB or 1GB, greater than zero`);
  return bytes;
}

/** The items of a comma-separated list, each checked by `accept`; every bad one is named. */
function list<T>(flag: string, raw: string, accept: (item: string) => T | undefined, what: string, allowed: string): T[] {
  const items = raw.split(",").map((item) => item.trim());
  const bad = items.filter((item) => accept(item) === undefined).map((item) => (item === "" ? "(empty)" : item));
  if (bad.length > 0) throw new UsageProblem(`--${flag} ${raw}: no ${what} ${bad.join(", ")}; ${allowed}`);
  return [...new Set(items.map((item) => accept(item)!))];
}

function only(raw: string): Tool[] {
  return list("only", raw, (item) => TOOLS.find((tool) => tool === item), "tool", `the tools are ${TOOLS.join(", ")}`);
}

function queries(raw: string): number[] {
  const accept = (item: string) => (/^\d+$/.test(item) && QUERIES[Number(item) - 1] !== undefined ? Number(item) - 1 : undefined);
  return list("query", raw, accept, "query", `they are numbered 1 to ${QUERIES.length} (listed below)`);
}

function positiveInteger(flag: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageProblem(`${flag} takes a whole number of 1 or more, not ${raw}`);
  return n;
}
