import type { Command, Expr, ExtendedCommand, StatsCommand } from "../ast.js";
import type { Value } from "../values.js";
import type { ExtendedResult, ExtendedState } from "./extended-state.js";
import { matchColumns, readField } from "./extended-state.js";
import { compileLookup, compileCidrLookup } from "./lookup.js";
import { compileJoin } from "./joins.js";
import { jsonStage } from "../commands/json-path.js";
import { accumStage } from "../commands/accum.js";
import { filldownStage } from "../commands/filldown.js";
import { autoregressStage } from "../commands/autoregress.js";
import { addtotalsStage } from "../commands/addtotals.js";
import { expandStage } from "../commands/expand.js";
import { sessionizeStage, DEFAULT_SESSION_FIELD, DEFAULT_SESSION_GAP_MS } from "../commands/sessionize.js";
import { countFrequentStage, APPROX_COUNT_FIELD } from "../commands/count-frequent.js";
import { outlierStage, OUTLIER_MARK_FIELD } from "../commands/outlier.js";
import { fillmissingStage } from "../commands/fillmissing.js";
import { makePeriod, offsetMillis, periodUnit } from "./duration.js";
import { projectionName } from "./names.js";

/** The 2026 row commands (everything but parse modes and appendcols, which need more). */
export type ExtendedRowCommand = Exclude<ExtendedCommand, { kind: "appendcols" }>;

export function compileExtended(cmd: ExtendedRowCommand, state: ExtendedState): ExtendedResult {
  const { cx, timeOrder } = state;
  switch (cmd.kind) {
    case "json": {
      const source = readField(cmd.field, cx);
      const paths = cmd.paths.map((p) => ({ path: p.path.split("."), alias: p.alias.name }));
      return { stages: [jsonStage(source, paths)], adds: paths.map((p) => p.alias) };
    }
    case "lookup":
      return compileLookup(cmd, cx);
    case "cidrlookup":
      return compileCidrLookup(cmd, cx);
    case "join":
      return compileJoin(cmd, cx);
    case "fillmissing":
      return compileFillmissing(cmd, state);
    case "filldown": {
      const fields = fieldsOrColumns(cmd.fields.map((f) => f.name), state, cmd.span, "filldown");
      return { stages: [filldownStage(fields, timeOrder)], ordered: timeOrder || undefined, holds: timeOrder || undefined };
    }
    case "accum": {
      readField(cmd.field, cx);
      const out = cmd.alias?.name ?? cmd.field.name;
      return { stages: [accumStage(cmd.field.name, out, timeOrder)], adds: [out], ordered: timeOrder || undefined, holds: timeOrder || undefined };
    }
    case "autoregress": {
      readField(cmd.field, cx);
      const lags = [];
      for (let lag = cmd.from; lag <= cmd.to; lag++) lags.push({ lag, out: cmd.alias?.name ?? `${cmd.field.name}_p${lag}` });
      return { stages: [autoregressStage(cmd.field.name, lags, timeOrder)], adds: lags.map((l) => l.out), ordered: timeOrder || undefined, holds: timeOrder || undefined };
    }
    case "addtotals": {
      const listed = cmd.fields.map((f) => f.name);
      const fields = fieldsOrColumns(listed, state, cmd.span, "addtotals").filter((f) => listed.length > 0 || !f.startsWith("@"));
      const total = cmd.row ? cmd.fieldname : undefined;
      return { stages: [addtotalsStage({ fields, total, col: cmd.col })], adds: total === undefined ? [] : [total], holds: cmd.col || undefined };
    }
    case "expand":
      readField(cmd.field, cx);
      return { stages: [expandStage(cmd.field.name)] };
    case "sessionize": {
      for (const f of cmd.fields) readField(f, cx);
      let gap = DEFAULT_SESSION_GAP_MS;
      if (cmd.maxspan) {
        const unit = periodUnit(cmd.maxspan.unit);
        if (unit === undefined) cx.error("TL310", cmd.maxspan.span, `unknown period unit "${cmd.maxspan.unit}"`, "use ms, s, m, h, d or w");
        else gap = offsetMillis({ amount: cmd.maxspan.amount, unit });
      }
      const out = cmd.alias?.name ?? DEFAULT_SESSION_FIELD;
      return { stages: [sessionizeStage(cmd.fields.map((f) => f.name), gap, out)], adds: [out], holds: true };
    }
    case "countFrequent": {
      for (const f of cmd.fields) readField(f, cx);
      const fields = cmd.fields.map((f) => f.name);
      return { stages: [countFrequentStage(fields)], replaces: [...fields, APPROX_COUNT_FIELD], ordered: true, holds: true };
    }
    case "outlier":
      for (const f of cmd.fields) readField(f, cx);
      return {
        stages: [outlierStage({ fields: cmd.fields.map((f) => f.name), action: cmd.action, param: cmd.param, uselower: cmd.uselower, mark: cmd.mark })],
        adds: cmd.mark ? [OUTLIER_MARK_FIELD] : [],
        holds: true,
      };
  }
}

/** The listed names (wildcards matched against the columns), or every column when none. */
function fieldsOrColumns(listed: string[], state: ExtendedState, span: { start: number; end: number }, command: string): string[] {
  if (listed.length > 0) return [...new Set(listed.flatMap((name) => matchColumns(name, state.columns)))];
  if (state.columns.length === 0) {
    state.cx.error("TL305", span, `${command} without field names works on the columns of an earlier fields, display or stats, and there are none`, `name the fields: ${command} a, b (or put fields a, b before it)`);
  }
  return [...state.columns];
}

function compileFillmissing(cmd: Extract<Command, { kind: "fillmissing" }>, state: ExtendedState): ExtendedResult {
  const { cx } = state;
  const stats = state.commands.slice(0, state.at).findLast((c): c is StatsCommand => c.kind === "stats");
  const binItem = stats?.by.find((p) => isBin(p.expr));
  const arg = binItem?.expr.kind === "call" ? binItem.expr.args[0] : undefined;
  const unit = arg?.kind === "duration" ? periodUnit(arg.unit) : undefined;
  if (stats === undefined || binItem === undefined || arg?.kind !== "duration" || unit === undefined) {
    cx.error("TL305", cmd.span, "fillmissing fills the empty time bins of a stats ... by bin(period), and there is none before it", "write stats ... by bin(1m) | fillmissing");
    return { stages: [] };
  }
  for (const f of cmd.fills) readField(f.field, cx);
  const period = makePeriod(arg.amount, unit);
  const offsetUnit = stats.offset ? periodUnit(stats.offset.unit) : undefined;
  const offset = stats.offset && offsetUnit ? offsetMillis({ amount: stats.offset.amount, unit: offsetUnit }) : 0;
  const bin = projectionName(binItem);
  const keys = stats.by.filter((p) => p !== binItem).map(projectionName);
  const fills = cmd.fills.map((f) => ({ field: f.field.name, value: f.value.value as Value }));
  return { stages: [fillmissingStage({ bin, period, offset, keys, fills, timestamp: bin !== "@timestamp" })], ordered: true, holds: true };
}

function isBin(expr: Expr): boolean {
  return expr.kind === "call" && expr.name.toLowerCase() === "bin";
}
