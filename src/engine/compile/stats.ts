import type { Call, Expr, StatsCommand } from "../ast.js";
import type { DiagnosticCode } from "../diagnostics.js";
import type { StatsSpec } from "../commands/stats.js";
import { lookupAggregate } from "../aggregates/registry.js";
import { dateOrNull, toMillis } from "../functions/coerce.js";
import type { ExprContext } from "./context.js";
import type { Evaluator } from "./types.js";
import { compileExpr } from "./expr.js";
import { callTools, checkArity } from "./call.js";
import { floorToPeriod, makePeriod, offsetMillis, periodUnit } from "./duration.js";
import { projectionName } from "./names.js";
import { someExpr } from "../walk.js";

const MISSING: Evaluator = () => null;

/**
 * A `stats` command: group keys, one accumulator per aggregate call, and items computed per
 * group from aggregate results and earlier items (`sum(a) as s, s / count(*) as avg`).
 * `cx` is the scope of the rows coming in.
 */
export function compileStats(cmd: StatsCommand, cx: ExprContext, maxGroups: number): { spec: StatsSpec; names: string[]; visible: string[] } {
  const offset = statsOffset(cmd, cx);
  const keyCx: ExprContext = { ...cx, aggregate: undefined, noAggregateReason: "aggregates are not allowed in stats ... by" };
  const by = cmd.by.map((p) => ({
    name: projectionName(p),
    value: isBin(p.expr) && offset ? compileOffsetBin(p.expr, keyCx, offset) : compileExpr(p.expr, keyCx),
    bin: isBin(p.expr),
    field: p.expr.kind === "field" ? p.expr.name : undefined,
  }));
  const aggregates: StatsSpec["aggregates"] = [];
  const aloneCalls: Call[] = [];
  const earlier = new Set(by.map((b) => b.name));
  const argCx: ExprContext = { ...cx, aggregate: undefined, noAggregateReason: "aggregates cannot be nested" };
  const items = cmd.items.map((p) => {
    let usesAggregate = false;
    let reported = false;
    const itemCx: ExprContext = {
      env: cx.env,
      // The items before this one: the set grows only after the item is compiled (a copy per
      // item made compiling quadratic in the number of items).
      visible: earlier,
      // Outside an aggregate, an item may only read group keys and earlier items.
      error: (code: DiagnosticCode, span, message, help) => {
        reported = true;
        const field = p.text.slice(span.start - p.expr.span.start, span.end - p.expr.span.start);
        if (code === "TL306") cx.error("TL304", span, `${field} is not aggregated in this stats item`, `wrap it in an aggregate (e.g. max(${field})) or group by it`);
        else cx.error(code, span, message, help);
      },
      aggregate: (call) => {
        usesAggregate = true;
        const agg = lookupAggregate(call.name);
        if (!agg || !checkArity(agg.name, agg.min, agg.max, call, cx, agg.star)) return MISSING;
        if (agg.alone) aloneCalls.push(call);
        if (agg.needsBin && !cmd.by.some((b) => isBin(b.expr))) {
          cx.error("TL305", call.span, `${call.name}() counts per time bin and needs by bin(period)`, `add e.g. by bin(5m)`);
        }
        const create = agg.compile(callTools(call, argCx, compileExpr));
        if (!create) return MISSING;
        const slot = `\u0000agg${aggregates.length}`;
        // The one field a row adds, where the call has one: its only argument, or `valueFirst`'s first.
        const [first] = call.args;
        const field = first === undefined ? null : (call.args.length === 1 || agg.valueFirst === true) && first.kind === "field" ? first.name : undefined;
        aggregates.push({ slot, create, field });
        return (row) => row.get(slot);
      },
    };
    const value = compileExpr(p.expr, itemCx);
    if (!usesAggregate && !reported && !hasError(p.expr) && !readsAny(p.expr, earlier)) {
      cx.error("TL304", p.span, `stats item ${p.text} has no aggregate function`, "use an aggregate such as count(*), sum(x), avg(x), or an earlier alias of this stats");
    }
    const name = projectionName(p);
    earlier.add(name);
    return { name, value };
  });
  for (const call of aloneCalls) {
    if (cmd.by.length > 0 || aggregates.length > 1) {
      cx.error("TL305", call.span, `${call.name}() cannot be combined with by or with other aggregates`, `put ${call.name}() in a stats of its own, with no by`);
    }
  }
  const names = [...by.map((b) => b.name), ...items.map((i) => i.name)];
  const binKey = by.findIndex((b) => b.bin);
  const timestampKey = binKey >= 0 && !names.includes("@timestamp") ? binKey : undefined;
  return { spec: { by, aggregates, items, timestampKey, maxGroups }, names, visible: timestampKey === undefined ? names : [...names, "@timestamp"] };
}

function isBin(expr: Expr): expr is Call {
  return expr.kind === "call" && expr.name.toLowerCase() === "bin";
}

function statsOffset(cmd: StatsCommand, cx: ExprContext): number | undefined {
  const o = cmd.offset;
  if (!o) return undefined;
  const unit = periodUnit(o.unit);
  if (!unit) {
    cx.error("TL310", o.span, `unknown period unit "${o.unit}"`, "use ms, s, m, h, d, w, mo, q or y");
    return undefined;
  }
  if (!cmd.by.some((p) => isBin(p.expr))) {
    cx.error("TL305", o.span, "offset shifts bin() groups, and this stats has no bin()", "add by bin(period), or remove offset");
  }
  // Offsets are not capped: `offset 300s` is five minutes.
  return offsetMillis({ ...makePeriod(o.amount, unit), amount: o.amount });
}

/** `by bin(p) ... offset o`: bin boundaries shifted by o. */
function compileOffsetBin(call: Call, cx: ExprContext, offset: number): Evaluator {
  if (!checkArity("bin", 1, 1, call, cx)) return MISSING;
  compileExpr(call, cx); // reports TL405 and friends, as any bin() would
  const period = callTools(call, { ...cx, error: () => undefined }, compileExpr).period(0);
  if (!period) return MISSING;
  return (row) => {
    const ms = toMillis(row.get("@timestamp"));
    return ms === null ? null : dateOrNull(floorToPeriod(ms, period, offset));
  };
}

/** Whether the parser left an error placeholder in the expression (it reported it already). */
function hasError(expr: Expr): boolean {
  return someExpr(expr, (e) => e.kind === "error");
}

function readsAny(expr: Expr, names: ReadonlySet<string>): boolean {
  return someExpr(expr, (e) => e.kind === "field" && names.has(e.name));
}
