/**
 * The bench's queries, each as a Logs Insights query for tolog and the same work as DuckDB SQL
 * and as a jq pipeline.
 */

export interface BenchQuery {
  name: string;
  /** The data it reads: TaskOverflow's JSON lines (generate.ts) or VPC flow logs (generate-vpc.ts). */
  dataset?: "taskoverflow" | "vpc";
  tolog: (needle: string) => string;
  /** `source` is a table expression over every stream file: `read_json(...)`, or for VPC flow logs `read_csv(...)`. */
  duckdb: (source: string, needle: string) => string;
  /** A shell pipeline; `files` are the stream files, shell-quoted. Absent: jq sits this one out (`JQ_SKIPPED`). */
  jq?: (files: string, needle: string) => string;
}

/**
 * Why jq does not run the VPC row: almost every flow has its own address pair, and jq 1.6 copies
 * the whole object on each update of a reduce, so the sum by pair takes time quadratic in the
 * pairs (2 MB of flow logs: 20 s; 20 MB ran past the 600 s time-out). The issue asked for DuckDB.
 */
export const JQ_SKIPPED = "jq: not run on the VPC row (a sum by address pair in jq takes time quadratic in the pairs: 20 s for 2 MB)";

// tolog returns at most 10,000 rows (CloudWatch's default); the others are held to the same.
const ROW_CAP = 10_000;

export const QUERIES: BenchQuery[] = [
  {
    name: "needle: one request_id",
    tolog: (id) => `filter request_id = "${id}" | sort @timestamp asc`,
    duckdb: (src, id) => `SELECT * FROM ${src} WHERE request_id = '${id}' ORDER BY timestamp ASC`,
    jq: (files, id) => `jq -c 'select(.request_id == "${id}")' ${files} | jq -sc 'sort_by(.timestamp)'`,
  },
  {
    name: "stats count, avg, p95 by sql",
    tolog: () => "stats count(*), avg(duration_ms), pct(duration_ms, 95) by sql",
    duckdb: (src) => `SELECT sql, count(*), avg(duration_ms), quantile_cont(duration_ms, 0.95) FROM ${src} GROUP BY sql`,
    jq: (files) =>
      `jq -n '[inputs | [.sql, .duration_ms]] | group_by(.[0]) | map((map(.[1] | select(. != null)) | sort) as $d` +
      ` | {sql: .[0][0], count: length, avg: (if ($d | length) > 0 then ($d | add / length) else null end), p95: $d[($d | length) * 0.95 | floor]})' ${files}`,
  },
  {
    name: "stats count by bin(1m), status",
    tolog: () => "stats count(*) by bin(1m), status",
    duckdb: (src) => `SELECT time_bucket(INTERVAL 1 minute, CAST(timestamp AS TIMESTAMP)) AS bin, status, count(*) FROM ${src} GROUP BY ALL ORDER BY bin DESC`,
    jq: (files) => `jq -n 'reduce inputs as $e ({}; .["\\($e.timestamp[0:16]) \\($e.status)"] += 1)' ${files}`,
  },
  {
    // The same two columns from each tool: without `fields`, tolog would return each row's
    // `@message` (the whole line) and `@ptr`, which DuckDB's SELECT does not make.
    name: "parse url + filter",
    tolog: () => `parse url "/api/v1/todos/*" as todo_id | filter ispresent(todo_id) | fields @timestamp, todo_id`,
    duckdb: (src) =>
      `SELECT timestamp, todo_id FROM (SELECT timestamp, regexp_extract(url, '/api/v1/todos/(.*)', 1) AS todo_id FROM ${src}) ` +
      `WHERE todo_id <> '' ORDER BY timestamp DESC LIMIT ${ROW_CAP}`,
    jq: (files) =>
      `jq -c 'select(.url // "" | startswith("/api/v1/todos/")) | {timestamp, todo_id: (.url | ltrimstr("/api/v1/todos/"))}' ${files}` +
      ` | jq -sc 'sort_by(.timestamp) | reverse | .[:${ROW_CAP}]'`,
  },
  {
    name: "sort duration_ms desc | limit 20",
    tolog: () => "sort duration_ms desc | limit 20",
    duckdb: (src) => `SELECT * FROM ${src} ORDER BY duration_ms DESC NULLS LAST LIMIT 20`,
    jq: (files) => `jq -r 'select(.duration_ms != null) | "\\(.duration_ms)\\t\\(tojson)"' ${files} | sort -t "$(printf '\\t')" -k1,1 -g -r | head -20`,
  },
  {
    name: "VPC: stats sum(bytes) by srcAddr, dstAddr",
    dataset: "vpc",
    tolog: () => "stats sum(bytes) by srcAddr, dstAddr",
    duckdb: (src) => `SELECT srcaddr, dstaddr, sum(bytes) FROM ${src} GROUP BY ALL LIMIT ${ROW_CAP}`,
  },
];

/**
 * How DuckDB reads the VPC flow log files: as CSV with a space delimiter, no header, the default
 * format's 14 columns typed, `-` (NODATA records) as NULL.
 */
export function vpcCsvSource(glob: string): string {
  const columns = {
    version: "INTEGER", account_id: "VARCHAR", interface_id: "VARCHAR", srcaddr: "VARCHAR", dstaddr: "VARCHAR", srcport: "INTEGER", dstport: "INTEGER",
    protocol: "INTEGER", packets: "BIGINT", bytes: "BIGINT", start: "BIGINT", end: "BIGINT", action: "VARCHAR", log_status: "VARCHAR",
  };
  const spec = Object.entries(columns).map(([name, type]) => `'${name}': '${type}'`).join(", ");
  return `read_csv('${glob.replaceAll("'", "''")}', delim = ' ', header = false, nullstr = '-', columns = {${spec}})`;
}
