import { strict, type FunctionFamily } from "./registry.js";
import { isTruthy, isNumericText, toText } from "./coerce.js";

/** General functions (reference §4.2): presence, choice, size, the query window. */
export const generalFunctions: FunctionFamily = [
  { name: "ispresent", min: 1, max: 1, fn: ([a]) => a !== null },
  {
    name: "coalesce",
    min: 1,
    max: Infinity,
    fn: (args) => args.find((a) => a !== null) ?? null,
  },
  {
    // case(c1, v1, c2, v2, ..., [default])
    name: "case",
    min: 2,
    max: 21,
    fn: (args) => {
      let i = 0;
      for (; i + 1 < args.length; i += 2) if (isTruthy(args[i])) return args[i + 1];
      return i < args.length ? args[i] : null;
    },
  },
  { name: "if", min: 2, max: 3, fn: ([c, a, b]) => (isTruthy(c) ? a : (b ?? null)) },
  {
    name: "isNumeric",
    min: 1,
    max: 1,
    fn: ([a]) => typeof a === "number" || (typeof a === "string" && isNumericText(a)),
  },
  strict("messageSize", 1, 1, ([a]) => Buffer.byteLength(toText(a) as string, "utf8")),
  { name: "queryStartTime", min: 0, max: 0, fn: (_args, env) => env.start ?? null },
  { name: "queryEndTime", min: 0, max: 0, fn: (_args, env) => env.end ?? env.now },
  {
    name: "queryTimeRange",
    min: 0,
    max: 0,
    fn: (_args, env) => (env.start === undefined ? null : (env.end ?? env.now) - env.start),
  },
  // Offline there is no data protection masking, so unmask is the identity.
  { name: "unmask", min: 1, max: 1, fn: ([a]) => a },
];
