import type { Value } from "../values.js";
import type { CallTools, Evaluator } from "../compile/types.js";
import { strict, type FunctionFamily, type ScalarFunction } from "./registry.js";
import { dateOrNull, inDateRange, toMillis, toNumber, toText } from "./coerce.js";
import { ceilToPeriod, floorToPeriod } from "../compile/duration.js";
import { strftime } from "./strftime.js";
import { compileDatePattern, parseWithPattern } from "./java-date.js";

/** Date functions (reference §4.3). Timestamps are `Date` values; epoch numbers are ms. */

/** `bin(period)`: the start of the period holding `@timestamp` (implicitly read). */
function compileBin(t: CallTools): Evaluator | undefined {
  const period = t.period(0);
  if (!period) return undefined;
  // Rows come in bursts of one bin: they share its Date (values are never mutated).
  let lastStart = NaN;
  let lastBin = new Date(NaN);
  return (row) => {
    const ms = row.timestampMillis();
    if (ms === null) return null;
    const start = floorToPeriod(ms, period);
    if (start !== lastStart) {
      const bin = dateOrNull(start);
      if (bin === null) return null;
      [lastStart, lastBin] = [start, bin];
    }
    return lastBin;
  };
}

function rounding(name: string, round: typeof floorToPeriod): ScalarFunction {
  return {
    name,
    min: 2,
    max: 2,
    compile: (t) => {
      const period = t.period(1);
      if (!period) return undefined;
      const ts = t.arg(0);
      return (row) => {
        const ms = toMillis(ts(row));
        return ms === null ? null : dateOrNull(round(ms, period));
      };
    },
  };
}

/** `formatDate(ts, format[, tz])` and its alias `strftime`. */
function formatter(name: string): ScalarFunction {
  return strict(name, 2, 3, ([ts, format, zone]) => {
    const ms = toMillis(ts);
    const f = toText(format);
    return ms === null || f === null || !inDateRange(ms) ? null : strftime(ms, f, toText(zone ?? null) ?? "UTC");
  });
}

function compileParseDate(t: CallTools): Evaluator | undefined {
  const literal = t.literal(1);
  const text = t.arg(0);
  const zoneArg = t.call.args.length > 2 ? t.arg(2) : undefined;
  const cached = typeof literal === "string" ? compileDatePattern(literal) : undefined;
  if (typeof cached === "string") {
    t.error("TL305", t.call.args[1].span, `bad date pattern: ${cached}`, "use Java DateTimeFormatter letters, e.g. \"yyyy-MM-dd HH:mm:ss\"");
    return undefined;
  }
  const patternArg = t.arg(1);
  return (row) => {
    const s = toText(text(row));
    if (s === null) return null;
    const pattern = cached ?? compileDatePattern(toText(patternArg(row)) ?? "");
    if (typeof pattern === "string") return null;
    const zone = zoneArg ? (toText(zoneArg(row)) ?? "UTC") : "UTC";
    return parseWithPattern(s, pattern, zone);
  };
}

export const dateFunctions: FunctionFamily = [
  { name: "bin", min: 1, max: 1, compile: compileBin, readsEventTime: true },
  rounding("datefloor", floorToPeriod),
  rounding("dateceil", ceilToPeriod),
  strict("fromMillis", 1, 1, ([a]) => {
    const ms = toNumber(a);
    return ms === null ? null : dateOrNull(ms);
  }),
  strict("toMillis", 1, 1, ([a]): Value => toMillis(a)),
  // Documented as the query's start in epoch seconds.
  { name: "now", min: 0, max: 0, fn: (_args, env) => Math.floor(env.now / 1000) },
  { name: "parseDate", min: 2, max: 3, compile: compileParseDate },
  formatter("formatDate"),
  formatter("strftime"),
];
