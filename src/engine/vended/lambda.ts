/**
 * The Lambda runtime's own lines, as CloudWatch discovers them ("Supported logs and discovered
 * fields"): `START RequestId: <id> Version: $LATEST`, `END RequestId: <id>` and
 * `REPORT RequestId: <id>  Duration: 102.25 ms  Billed Duration: 103 ms  Memory Size: 128 MB
 * Max Memory Used: 70 MB  Init Duration: 180.61 ms  XRAY TraceId: 1-...  SegmentId: ...
 * Sampled: true` give `@type`, `@requestId`, `@duration`, `@billedDuration`, `@memorySize`,
 * `@maxMemoryUsed`, `@initDuration`, `@xrayTraceId`, `@xraySegmentId`. Durations are in ms;
 * memory sizes in bytes, as CloudWatch gives them (`MB_IN_BYTES`). The same fields come from the
 * `platform.*` records of Lambda's JSON log format (`lambdaPlatformFields`).
 */
import type { DiscoveredFields } from "../discover.js";
import type { LineTally } from "./tally.js";
import { isDecimal, words } from "./tokens.js";

/**
 * Bytes in one "MB" of a REPORT line: CloudWatch gives `Memory Size: 128 MB` as `@memorySize`
 * 128000000 (AWS's sample queries turn it back with `@memorySize / 1000 / 1000`).
 */
export const MB_IN_BYTES = 1_000_000;

/**
 * Whether a `platform.*` record of the JSON log format gets the text format's `@` fields too
 * (besides its own JSON fields, `type`, `record.metrics.durationMs`, ...), so the documented
 * `filter @type = "REPORT"` queries read both formats alike. AWS documents neither way.
 */
export const PLATFORM_RECORDS_GET_LAMBDA_FIELDS = true;

interface ReportPart {
  field?: string;
  /** The unit the value must carry (`ms`, `MB`), or none. */
  unit?: "ms" | "MB";
  required?: boolean;
}

/** The parts of a REPORT line by label; a label not listed is skipped (a newer runtime's addition). */
const REPORT_PARTS: Readonly<Record<string, ReportPart>> = {
  Duration: { field: "@duration", unit: "ms", required: true },
  "Billed Duration": { field: "@billedDuration", unit: "ms", required: true },
  "Memory Size": { field: "@memorySize", unit: "MB", required: true },
  "Max Memory Used": { field: "@maxMemoryUsed", unit: "MB", required: true },
  "Init Duration": { field: "@initDuration", unit: "ms" },
  "Restore Duration": { unit: "ms" },
  "Billed Restore Duration": { unit: "ms" },
  "XRAY TraceId": { field: "@xrayTraceId" },
  SegmentId: { field: "@xraySegmentId" },
  Sampled: {},
  Status: {},
  "Error Type": {},
};

const UNITS = new Set(["ms", "MB"]);
const scratch: string[] = [];

/** `START`, `END` and `REPORT` lines; undefined for any other line. */
export function recogniseLambdaText(message: string, tally: LineTally | undefined): DiscoveredFields | null | undefined {
  const c = message.charCodeAt(0);
  const kind = c === 83 /* S */ ? "START" : c === 69 /* E */ ? "END" : c === 82 /* R */ ? "REPORT" : undefined;
  if (kind === undefined || !message.startsWith(`${kind} RequestId: `)) return undefined;
  const n = words(message, scratch, 64);
  const requestId = scratch[2];
  let result: DiscoveredFields | string;
  if (n < 3) result = "no request id";
  else if (kind === "START") result = n === 5 && scratch[3] === "Version:" ? { "@type": "START", "@requestId": requestId } : "expected Version: after the request id";
  else if (kind === "END") result = n === 3 ? { "@type": "END", "@requestId": requestId } : "text after the request id";
  else result = report(scratch, n);
  if (typeof result === "string") {
    tally?.nearMiss("lambda", `a ${kind} line, but ${result}`, message);
    return null;
  }
  tally?.recognised("lambda");
  return result;
}

/** The fields of a REPORT line's words, or what is wrong with them. */
function report(w: string[], n: number): DiscoveredFields | string {
  const out: DiscoveredFields = { "@type": "REPORT", "@requestId": w[2] };
  const seen = new Set<string>();
  let i = 3;
  while (i < n) {
    // A label is one or more words, the last ending in `:`.
    let end = i;
    while (end < n && !w[end].endsWith(":")) end++;
    if (end >= n) return `"${w.slice(i, n).join(" ")}" is not a "Label: value" part`;
    const label = [...w.slice(i, end), w[end].slice(0, -1)].join(" ");
    const value = w[end + 1];
    if (value === undefined) return `${label} has no value`;
    i = end + 2;
    const part = REPORT_PARTS[label];
    const unit = i < n && UNITS.has(w[i]) ? w[i] : undefined;
    if (part?.unit !== undefined) {
      if (unit !== part.unit) return `${label} has no unit ${part.unit}`;
      if (!isDecimal(value)) return `${label} is "${value}", not a number`;
    }
    if (unit !== undefined) i++;
    if (part?.field !== undefined) {
      const number = Number(value);
      out[part.field] = part.unit === "MB" ? number * MB_IN_BYTES : part.unit === "ms" ? number : value;
    }
    seen.add(label);
  }
  for (const [label, part] of Object.entries(REPORT_PARTS)) if (part.required && !seen.has(label)) return `it has no ${label}`;
  return out;
}

/**
 * The `@` fields of a Lambda JSON-format `platform.*` record (`{"time": ..., "type":
 * "platform.report", "record": {"requestId": ..., "metrics": {"durationMs": ...}}}`), or
 * undefined for any other JSON object. `platform.start` is START, `platform.runtimeDone` END and
 * `platform.report` REPORT; the X-Ray trace id is the `Root` of `record.tracing.value`.
 */
export function lambdaPlatformFields(parsed: Record<string, unknown>): DiscoveredFields | undefined {
  if (!PLATFORM_RECORDS_GET_LAMBDA_FIELDS) return undefined;
  const type = parsed.type;
  const record = parsed.record;
  if (typeof type !== "string" || !type.startsWith("platform.") || typeof record !== "object" || record === null) return undefined;
  const r = record as Record<string, unknown>;
  const kind = type === "platform.start" ? "START" : type === "platform.runtimeDone" ? "END" : type === "platform.report" ? "REPORT" : undefined;
  if (kind === undefined || typeof r.requestId !== "string") return undefined;
  const out: DiscoveredFields = { "@type": kind, "@requestId": r.requestId };
  if (kind !== "REPORT") return out;
  const m = (typeof r.metrics === "object" && r.metrics !== null ? r.metrics : {}) as Record<string, unknown>;
  const put = (field: string, value: unknown, scale = 1): void => {
    if (typeof value === "number") out[field] = value * scale;
  };
  put("@duration", m.durationMs);
  put("@billedDuration", m.billedDurationMs);
  put("@memorySize", m.memorySizeMB, MB_IN_BYTES);
  put("@maxMemoryUsed", m.maxMemoryUsedMB, MB_IN_BYTES);
  put("@initDuration", m.initDurationMs);
  const tracing = r.tracing as Record<string, unknown> | undefined;
  const root = typeof tracing?.value === "string" ? /(?:^|;)Root=([^;]+)/.exec(tracing.value)?.[1] : undefined;
  if (root !== undefined) out["@xrayTraceId"] = root;
  if (typeof tracing?.spanId === "string") out["@xraySegmentId"] = tracing.spanId;
  return out;
}
