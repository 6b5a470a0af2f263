import { EXTENDED_COMMAND_KINDS, type Command, type Query } from "../ast.js";
import type { Diagnostic } from "../diagnostics.js";
import type { StageFactory } from "../commands/stage.js";
import type { Evaluator, RunEnv } from "./types.js";
import type { Plan } from "./plan.js";
import { diagnosticSink, type ExprContext } from "./context.js";
import { checkOrdering } from "./ordering.js";
import { compileExpr } from "./expr.js";
import { compileStats } from "./stats.js";
import { compileParse } from "./parse-command.js";
import { compileSource } from "./source.js";
import { deriveNeedles } from "./needles.js";
import { deriveIndexKeys } from "./index-keys.js";
import { fieldsRead, readsEventTime, readsOnlyPlainFields } from "./reads.js";
import { extractableFields } from "../extract.js";
import { projectionName } from "./names.js";
import { DEFAULT_MAX_STATS_GROUPS, rowCap } from "./limits.js";
import { filterStage } from "../commands/filter.js";
import { fieldsStage } from "../commands/fields.js";
import { statsStage } from "../commands/stats.js";
import { sortStage, timeOrderStage } from "../commands/sort.js";
import { limitStage } from "../commands/limit.js";
import { parseStage } from "../commands/parse.js";
import { dedupStage, timeOrderedDedupStage } from "../commands/dedup.js";
import { unnestStage } from "../commands/unnest.js";
import { patternStage, PATTERN_FIELDS } from "../commands/pattern.js";
import { countMatchesStage } from "../commands/count-matches.js";
import { compileExtended } from "./extended.js";
import { compileAppendcols } from "./joins.js";
import { compileParseMode } from "./parse-mode.js";
import { needsExternalData, subqueriesOf } from "./subqueries.js";
import type { ExtendedResult } from "./extended-state.js";

export interface CompileOptions {
  env: RunEnv;
  /** StartQuery's limit: caps the rows together with the query's own. */
  limit?: number;
  /** The most groups a stats may hold (`DEFAULT_MAX_STATS_GROUPS` when absent). */
  maxStatsGroups?: number;
  /** Every row, in scan order: no row cap and no default ordering by time (`RunOptions.onRows`). */
  unbounded?: boolean;
  /** Rows keep every field of their events (a subquery whose rows a join reads by any name). */
  allFields?: boolean;
}

/** Columns of queries with no fields, display or stats. */
export const DEFAULT_COLUMNS = ["@timestamp", "@message"];

type Order = "time" | "ordered";

/**
 * Compiles a parsed query into a plan of stages, checking names, arity, scopes and the
 * ordering rules. Returns every diagnostic found; the plan is usable only when there are none.
 */
export function compileQuery(query: Query, options: CompileOptions): { plan: Plan; diagnostics: Diagnostic[] } {
  const { diagnostics, error } = diagnosticSink();
  const commands = query.commands;
  checkOrdering(commands, error);
  // Subqueries are compiled here for their problems (and columns); they run before the query.
  const subColumns = new Map<Query, string[]>();
  for (const sub of subqueriesOf(commands)) {
    const nested = subqueriesOf(sub.commands);
    if (nested.length > 0) {
      error("TL305", nested[0].commands[0]?.span ?? sub.commands[0].span, "a subquery cannot hold another subquery, join or appendcols", "run the inner query first, or use one subquery");
      continue;
    }
    const compiled = compileQuery(sub, { env: { ...options.env, external: { ...options.env.external, subqueries: undefined } }, unbounded: true });
    diagnostics.push(...compiled.diagnostics);
    subColumns.set(sub, compiled.plan.columns.map((c) => c.name));
  }
  const counter = { matched: 0, tooDeep: 0, capped: false };
  const capCut = () => {
    counter.capped = true;
  };
  const stages: StageFactory[] = [];
  let visible: Set<string> | undefined;
  let visibleFrom: string | undefined;
  let order: Order = "time";
  let held = false; // a blocking stage precedes: `limit any` can no longer stop the scan
  let counted = false;
  let groups: Plan["groups"];
  let columns: string[] = [];
  let shaped = false;
  let shapedAt = -1;
  let display: { at: number; columns: Plan["columns"] } | undefined;
  let partial: Plan["partial"];
  const needles = deriveNeedles(commands);
  // A query with needles decodes only the lines that hold them, usually few: its parts hold few
  // rows whatever their bound, and the scan itself (the needle search) is what parts speed up.
  const topInParts = (keep: number, newestFirst = false): boolean => keep <= (newestFirst ? NEWEST_IN_PARTS_MAX : TOP_IN_PARTS_MAX) || needles.length > 0;
  let readsTime = true;
  const cap = options.unbounded ? Infinity : rowCap(options.limit, commands.some((c) => c.kind === "limit"));

  // Whether the commands before `i` are all row-wise, so that no step before holds rows.
  const firstHolding = commands.findIndex((c) => !ROW_WISE.has(c.kind));
  const rowWiseBefore = (i: number): boolean => firstHolding < 0 || i <= firstHolding;
  const countMatches = (): void => {
    if (!counted) stages.push(countMatchesStage(counter));
    counted = true;
  };
  // The names in `columns`, for the list it is now (a stats or pattern replaces the list).
  let columnSet = new Set<string>();
  let columnSetOf: string[] | undefined;
  const addColumn = (name: string): void => {
    if (columnSetOf !== columns) [columnSet, columnSetOf] = [new Set(columns), columns];
    if (!columnSet.has(name)) {
      columns.push(name);
      columnSet.add(name);
    }
  };

  // The fields added after the default columns (lookup outputs, ...) while no fields command has named columns.
  let addedToDefaults: string[] | undefined;

  const applyExtended = (result: ExtendedResult, i: number, kind: string): void => {
    if (result.holds || result.ordered || result.replaces) countMatches();
    stages.push(...result.stages);
    if (result.replaces) {
      addedToDefaults = undefined;
      columns = [...result.replaces];
      visible = new Set(result.replaces);
      visibleFrom = kind;
      [shaped, shapedAt] = [true, i];
    }
    for (const name of result.adds ?? []) {
      // Fields added to rows that show the default columns come after them, until a fields picks the columns.
      if (columns.length === 0 && !shaped) [columns, addedToDefaults] = [[...DEFAULT_COLUMNS], []];
      addColumn(name);
      addedToDefaults?.push(name);
      visible?.add(name);
    }
    if (result.anyField) visible = undefined;
    if (result.ordered) order = "ordered";
    if (result.holds) held = true;
  };

  // The conditions of the filters that are all the commands before the first stats (a SOURCE
  // aside: it only picks log groups), while each reads only plain fields; undefined once another came.
  let leadingFilters: Evaluator[] | undefined = [];
  commands.forEach((cmd, i) => {
    if (cmd.kind !== "filter" && cmd.kind !== "filterIndex" && cmd.kind !== "source" && cmd.kind !== "stats") leadingFilters = undefined;
    const cx: ExprContext = { env: options.env, error, text: query.text, visible, visibleFrom };
    const state = () => ({ cx, commands, at: i, timeOrder: order === "time", columns });
    switch (cmd.kind) {
      case "fields": {
        const assignments = cmd.items
          .filter((p) => p.alias || p.expr.kind !== "field")
          .map((p) => ({ name: projectionName(p), value: compileExpr(p.expr, cx) }));
        // A query with a fields shows its columns, never the default ones: fields added before it follow its own.
        const before = addedToDefaults;
        if (before !== undefined) [columns, addedToDefaults] = [[], undefined];
        for (const p of cmd.items) {
          if (p.expr.kind === "field" && !p.alias) compileExpr(p.expr, cx); // TL306 check
          addColumn(projectionName(p));
          visible?.add(projectionName(p));
        }
        for (const name of before ?? []) addColumn(name);
        if (assignments.length > 0) stages.push(fieldsStage(assignments));
        break;
      }
      case "display":
        display = { at: i, columns: cmd.items.map((p) => ({ name: projectionName(p), value: compileExpr(p.expr, cx) })) };
        break;
      case "filter":
      case "filterIndex": {
        const condition = compileExpr(cmd.expr, cx);
        stages.push(filterStage(condition));
        leadingFilters = leadingFilters && readsOnlyPlainFields(cmd.expr) ? [...leadingFilters, condition] : undefined;
        break;
      }
      case "stats": {
        countMatches();
        const { spec, names, visible: produced } = compileStats(cmd, cx, options.maxStatsGroups ?? DEFAULT_MAX_STATS_GROUPS);
        if (!shaped && rowWiseBefore(i)) {
          partial = { kind: "stats", at: stages.length, spec, filters: leadingFilters };
          // Rows are events only up to this stats, and in no order that depends on time.
          readsTime = readsEventTime(commands.slice(0, i + 1));
        }
        stages.push(statsStage(spec));
        visible = new Set(produced);
        visibleFrom = "the previous stats";
        [columns, addedToDefaults] = [names, undefined];
        [shaped, shapedAt, order, held] = [true, i, "ordered", true];
        break;
      }
      case "sort": {
        countMatches();
        const keys = cmd.keys.map((k) => ({ value: compileExpr(k.expr, cx), descending: (k.direction ?? DEFAULT_SORT_DIRECTION) === "desc" }));
        const keep = sortKeep(commands, i, cap);
        if (keep !== undefined && topInParts(keep) && rowWiseBefore(i)) partial = { kind: "top", at: stages.length };
        // The cap, not a `limit` of the query, decides what this sort keeps: rows it leaves out are cut at the cap.
        const keptForCap = keep === cap && sortKeep(commands, i, Infinity) !== cap;
        stages.push(sortStage(keys, keep, order === "time", keptForCap ? capCut : undefined));
        [order, held] = ["ordered", true];
        break;
      }
      case "limit":
        countMatches();
        if (cmd.any) stages.push(limitStage(cmd.count, !held));
        else if (order === "time") {
          if (topInParts(cmd.count, true) && rowWiseBefore(i)) partial = { kind: "top", at: stages.length, newestFirst: true };
          stages.push(timeOrderStage(cmd.count));
          [order, held] = ["ordered", true];
        } else stages.push(limitStage(cmd.count, false));
        break;
      case "parse": {
        if (cmd.pattern.kind === "logfmt" || cmd.pattern.kind === "csv") {
          const stage = compileParseMode(cmd, cx);
          if (stage) stages.push(stage);
          for (const n of cmd.names) visible?.add(n.name);
          break;
        }
        const spec = compileParse(cmd, cx);
        if (spec) stages.push(parseStage(spec));
        for (const n of spec?.names ?? cmd.names.map((x) => x.name)) if (n) visible?.add(n);
        break;
      }
      case "dedup": {
        countMatches();
        const fields = cmd.fields.map((f) => compileExpr(f, cx));
        stages.push(order === "time" ? timeOrderedDedupStage(fields) : dedupStage(fields));
        [order, held] = ["ordered", true];
        break;
      }
      case "unnest":
        stages.push(unnestStage(compileExpr(cmd.expr, cx), cmd.into.name));
        visible?.add(cmd.into.name);
        break;
      case "source": {
        const selected = compileSource(cmd, error);
        if (selected.names?.length || selected.prefixes?.length) {
          groups = {
            names: [...(groups?.names ?? []), ...(selected.names ?? [])],
            prefixes: [...(groups?.prefixes ?? []), ...(selected.prefixes ?? [])],
          };
        }
        break;
      }
      case "pattern":
        countMatches();
        stages.push(patternStage(compileExpr(cmd.expr, cx)));
        visible = new Set(PATTERN_FIELDS);
        visibleFrom = "pattern";
        [columns, addedToDefaults] = [[...PATTERN_FIELDS], undefined];
        [shaped, shapedAt, order, held] = [true, i, "ordered", true];
        break;
      case "appendcols":
        applyExtended(compileAppendcols(cmd, state(), subColumns.get(cmd.query) ?? []), i, cmd.kind);
        break;
      case "unsupported":
        // The parser reported it (TL501, with why and what to run instead); never run. What it would produce is unknown, so
        // later field references are not checked against a scope.
        visible = undefined;
        break;
      default:
        // Every other kind is one of the 2026 row commands (compileExtended's argument type says so).
        applyExtended(compileExtended(cmd, state()), i, cmd.kind);
    }
  });
  countMatches();
  if (options.unbounded) {
    // The caller takes the rows in scan order and orders them itself: a listing of row-wise
    // commands streams them out of parts, in scan order.
    if (!shaped && rowWiseBefore(commands.length)) partial = { kind: "list", at: stages.length };
  } else if (order === "time") {
    if (topInParts(cap, true) && rowWiseBefore(commands.length)) partial = { kind: "top", at: stages.length, newestFirst: true };
    stages.push(timeOrderStage(cap, capCut));
  } else stages.push(limitStage(cap, false, capCut));
  const output = outputColumns(columns, shaped, display && display.at > shapedAt ? display.columns : undefined);
  const read = fieldsRead(commands, output.map((c) => c.name));
  // Workers compile the query again without lookup tables or subquery rows: such a query runs whole.
  if (needsExternalData(commands)) partial = undefined;
  // The 2026 commands read fields by name, not through field references: events keep them all.
  const readsAll = options.allFields || commands.some((c) => EXTENDED_KINDS.has(c.kind));
  return {
    plan: {
      stages,
      columns: output,
      needles,
      indexKeys: deriveIndexKeys(commands),
      fields: readsAll ? undefined : extractableFields(read),
      readsMessage: readsAll || read.includes("@message"),
      readsTime,
      groups,
      counter,
      partial,
    },
    diagnostics,
  };
}

/** Commands that turn each row into rows on their own, in order, whatever the other rows. */
const ROW_WISE: ReadonlySet<Command["kind"]> = new Set(["fields", "display", "filter", "filterIndex", "parse", "source", "json", "expand"]);

/** Commands that read fields by name (`Name`), which `fieldsRead` does not see. */
const EXTENDED_KINDS: ReadonlySet<Command["kind"]> = new Set(EXTENDED_COMMAND_KINDS);

/**
 * The most rows a sort or limit may keep and still run in parts (`Plan.partial`): each part
 * holds, copies and hands over its own first rows. Measured at 1 GB on two cores: `sort
 * duration_ms desc | limit 20` 2.75 -> 2.32 s; with `limit 1000` about even; a listing under
 * the 10,000-row cap 2.35 -> 2.69 s, as the parts' held rows doubled the time spent in GC (the
 * default order now runs in parts up to the cap: NEWEST_IN_PARTS_MAX).
 */
const TOP_IN_PARTS_MAX = 1000;

/**
 * The same for the default order (newest first), up to the row cap: its parts are read from the
 * input's end and share a floor (parallel/time-floor.ts), so a part holds only rows after the
 * newest ones found so far. Measured at 1 GB on two cores (3 alternating runs, a busy host):
 * `filter status >= 500` 3.54 -> 2.60 s, `fields @timestamp, @message` 3.46 -> 2.41 s, `filter
 * ispresent(status) | fields @timestamp, @message` 4.47 -> 3.22 s, with the workers' young
 * generation at V8's default (parallel/threads.ts); at 12 MB the second took 3.01 s.
 */
const NEWEST_IN_PARTS_MAX = 10_000;

/**
 * Decision (reference table): `sort f` with no direction sorts descending, like the console
 * and moto.
 */
export const DEFAULT_SORT_DIRECTION: "asc" | "desc" = "desc";

/** Rows a sort must hold: those a `limit` right after it keeps, or the row cap when it is last. */
function sortKeep(commands: Command[], i: number, cap: number): number | undefined {
  let j = i + 1;
  while (commands[j]?.kind === "display") j++;
  const next = commands[j];
  if (next === undefined) return cap;
  if (next.kind === "limit" && !next.any) return Math.min(next.count, cap);
  return undefined;
}

function outputColumns(columns: string[], shaped: boolean, display: Plan["columns"] | undefined): Plan["columns"] {
  const read = (name: string): Evaluator => (row) => row.get(name);
  const chosen = display ?? (columns.length > 0 || shaped ? columns : DEFAULT_COLUMNS).map((name) => ({ name, value: read(name) }));
  // `@ptr` comes last on rows that are events, and only once.
  const out = chosen.filter((c) => shaped || c.name !== "@ptr");
  if (!shaped) out.push({ name: "@ptr", value: read("@ptr") });
  return out;
}
