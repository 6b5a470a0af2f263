import type { Call, Expr } from "../ast.js";
import type { Value } from "../values.js";
import { lookupFunction, functionNames, type ScalarFunction } from "../functions/registry.js";
import { lookupAggregate, aggregateNames } from "../aggregates/registry.js";
import { didYouMean } from "../suggest.js";
import type { ExprContext } from "./context.js";
import type { CallTools, Evaluator } from "./types.js";
import { makePeriod, periodUnit } from "./duration.js";
import { compileRegex, isRegexProblem } from "./regex.js";
import { reportRegexProblem } from "./regex-span.js";

type CompileExpr = (expr: Expr, cx: ExprContext) => Evaluator;

const MISSING: Evaluator = () => null;

/** Compiles a function call (aggregates are handed to `cx.aggregate` when in a stats item). */
export function compileCall(call: Call, cx: ExprContext, compileExpr: CompileExpr): Evaluator {
  const fn = lookupFunction(call.name);
  if (!fn) {
    if (lookupAggregate(call.name)) {
      if (cx.aggregate) return cx.aggregate(call) ?? MISSING;
      cx.error(
        "TL303",
        call.span,
        `${call.name}() is an aggregate function: ${cx.noAggregateReason ?? "it is only allowed in stats"}`,
        `use it in a stats command, e.g. stats ${call.name}(...)`,
      );
      return MISSING;
    }
    reportUnknown(call, cx);
    return MISSING;
  }
  if (!checkArity(fn.name, fn.min, fn.max, call, cx)) return MISSING;
  if (fn.name === "bin" && cx.visible && !cx.visible.has("@timestamp")) {
    cx.error(
      "TL405",
      call.span,
      "bin() groups by @timestamp, which the previous stats did not keep",
      "carry a timestamp forward (e.g. by bin(5m) as @t, or max(@timestamp) as @t) and use datefloor(@t, period)",
    );
    return MISSING;
  }
  return compileScalar(fn, call, cx, compileExpr);
}

function reportUnknown(call: Call, cx: ExprContext): void {
  const suggestion = didYouMean(call.name, [...functionNames(), ...aggregateNames()]);
  cx.error(
    "TL301",
    call.span,
    `unknown function ${call.name}()`,
    suggestion ? `did you mean ${suggestion}()?` : "see the function list in the Logs Insights reference",
  );
}

/** Checks argument count (and `*`); reports TL302 or TL305 and returns false when wrong. */
export function checkArity(name: string, min: number, max: number, call: Call, cx: ExprContext, star = false): boolean {
  if (call.star && !star) {
    cx.error("TL305", call.span, `${name}(*) is not valid`, `only count(*) takes *; pass a field to ${name}()`);
    return false;
  }
  const n = call.args.length;
  if (n >= min && n <= max) return true;
  const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
  cx.error(
    "TL302",
    call.span,
    `${name}() takes ${expected} argument${expected === "1" ? "" : "s"}, got ${n}`,
    `check the arguments of ${name}()`,
  );
  return false;
}

function compileScalar(fn: ScalarFunction, call: Call, cx: ExprContext, compileExpr: CompileExpr): Evaluator {
  if (fn.compile) return fn.compile(callTools(call, cx, compileExpr)) ?? MISSING;
  const impl = fn.fn as NonNullable<ScalarFunction["fn"]>;
  const env = cx.env;
  const args = call.args.map((a) => compileExpr(a, cx));
  switch (args.length) {
    case 0:
      return () => impl([], env);
    case 1: {
      const [a] = args;
      return (row) => impl([a(row)], env);
    }
    case 2: {
      const [a, b] = args;
      return (row) => impl([a(row), b(row)], env);
    }
    default:
      return (row) => impl(args.map((a) => a(row)), env);
  }
}

/** The compile-time view of a call's arguments that functions and aggregates build from. */
export function callTools(call: Call, cx: ExprContext, compileExpr: CompileExpr): CallTools {
  const compiled = new Map<number, Evaluator>();
  return {
    call,
    env: cx.env,
    error: cx.error,
    arg(i) {
      let e = compiled.get(i);
      if (!e) compiled.set(i, (e = compileExpr(call.args[i], cx)));
      return e;
    },
    period(i) {
      const arg = call.args[i];
      if (arg?.kind !== "duration") {
        cx.error("TL305", arg?.span ?? call.span, `${call.name}() needs a period such as 5m here`, `write e.g. ${call.name.toLowerCase() === "bin" ? "bin(5m)" : `${call.name}(@timestamp, 1h)`}`);
        return undefined;
      }
      const unit = periodUnit(arg.unit);
      if (!unit) {
        cx.error("TL310", arg.span, `unknown period unit "${arg.unit}"`, "use ms, s, m, h, d, w, mo, q or y (or their long forms: sec, min, hr, day, week, month, qtr, year)");
        return undefined;
      }
      if (!(arg.amount > 0) || !Number.isInteger(arg.amount)) {
        cx.error("TL305", arg.span, "a period must be a positive whole number of units", "write e.g. 5m");
        return undefined;
      }
      return makePeriod(arg.amount, unit);
    },
    regex(i) {
      const arg = call.args[i];
      const compiled =
        arg?.kind === "regex"
          ? compileRegex(arg.source, arg.caseInsensitive)
          : arg?.kind === "string"
            ? compileRegex(arg.value, false)
            : undefined;
      if (compiled === undefined) {
        cx.error("TL305", arg?.span ?? call.span, `${call.name}() needs a regex literal here`, "write /pattern/ or a quoted pattern");
        return undefined;
      }
      if (isRegexProblem(compiled)) {
        reportRegexProblem(cx.error, compiled, arg, cx.text);
        return undefined;
      }
      return compiled;
    },
    literal(i) {
      return literalValue(call.args[i]);
    },
  };
}

function literalValue(arg: Expr | undefined): Value | undefined {
  if (!arg) return undefined;
  if (arg.kind === "string" || arg.kind === "number") return arg.value;
  if (arg.kind === "unary" && arg.op === "-" && arg.operand.kind === "number") return -arg.operand.value;
  return undefined;
}
