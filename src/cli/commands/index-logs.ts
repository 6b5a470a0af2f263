import { resolve } from "node:path";
import type { IndexOutcome } from "../../sources/local/field-index/build.js";
import { SYSTEM_FIELDS } from "../../engine/record.js";
import { droppedNote, renderFittedTable, type TableColumn } from "../../output/fitted-table.js";
import { renderCsv } from "../../output/csv.js";
import { recordsToTabular, renderRecordsNdjson } from "../../output/records.js";
import type { OutputFormat } from "../../output/formats.js";
import { formatBytes } from "../../output/footer.js";
import { UsageError, UserError } from "../../shared/errors.js";
import { defineCommand, repeatable } from "../command.js";
import type { HandlerContext } from "../context.js";
import { shellQuote } from "../follow-up.js";
import { formatOptions } from "../options.js";
import { printNote, printSentence } from "../print-note.js";

export const indexCommand = defineCommand({
  command: "index",
  describe: "Index fields of local log files (the offline field indexes of filterIndex): filters on them then read only the matching blocks",
  examples: [
    ["$0 index --logs ./logs --field request_id", "then tolog trace <id> --logs ./logs reads a few blocks"],
    ["$0 index --logs ./logs --field request_id --field todo_id", "two fields"],
  ],
  epilogue: [
    "A query uses an index for `filter field = \"text\"`, `field in [\"a\", \"b\"]` and `filterIndex` of the same forms,",
    "with exactly the rows of a full read. Indexes sit in a hidden .tolog-index directory next to the files; run the",
    "command again after files grow to index the new lines (lines appended since are read in full meanwhile);",
    "it also removes the indexes of deleted files from the .tolog-index directories of the files it indexes.",
    "An index whose file was replaced or rewritten, or that is damaged, is ignored with a warning. Gzip files and",
    "pipes are not indexed, and values that read as numbers are left to a full read (\"200\" also equals 200.0).",
  ].join(" "),
  args: {
    logs: repeatable({ describe: "Local log files to index: a file, a directory (read recursively) or a glob. Repeatable." }),
    field: repeatable({ describe: "A field of the events to index (top-level or dotted, as queries name it; not a system field such as @message). Repeatable." }),
    ...formatOptions,
  },
  async handler(args, ctx) {
    const paths = args.logs ?? [];
    const fields = args.field ?? [];
    if (paths.length === 0) throw new UsageError("Name the logs to index with --logs PATH.");
    if (fields.length === 0) throw new UsageError("Name a field to index with --field NAME (e.g. --field request_id).");
    refuseUnindexable(paths, fields);
    const { indexLogs } = await import("../../sources/local/index.js");
    const started = performance.now();
    let outcomes;
    try {
      outcomes = await indexLogs(paths, fields, { onWarning: (m) => ctx.warn(m) });
    } catch (error) {
      if (error instanceof Error && error.name === "SourcePathError") throw new UserError(`--logs: ${error.message}`, { cause: error });
      throw error;
    }
    printOutcomes(outcomes, args.format as OutputFormat, ctx);
    warnFieldless(outcomes, fields, paths, ctx);
    const logBytes = outcomes.reduce((sum, o) => sum + (o.field === fields[0] ? o.indexedBytes : 0), 0);
    const indexBytes = outcomes.reduce((sum, o) => sum + o.indexBytes, 0);
    ctx.info(`${formatBytes(indexBytes)} of index for ${formatBytes(logBytes)} of logs in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const failed = outcomes.filter((o) => o.action === "failed");
    if (failed.length > 0) {
      const what = failed.length === 1 ? "1 index was" : `${failed.length} indexes were`;
      throw new UserError(`${what} not written: ${failed[0].reason}`, {
        hint: "Fix what stands in the way, or copy the logs to a directory you can write and index the copy (queries read the files whole meanwhile).",
      });
    }
  },
});

/**
 * Standard input by any of its names (`/dev/stdin` names the file it was redirected from, and
 * an index written next to it would land in /dev), empty names, and system fields, which a
 * query never looks up in an index (engine/compile/index-keys.ts).
 */
function refuseUnindexable(paths: readonly string[], fields: readonly string[]): void {
  const device = paths.find((p) => p === "-" || /^\/(dev\/(stdin|stdout|stderr|fd)(\/|$)|proc\/)/.test(resolve(p)));
  if (device !== undefined) {
    throw new UsageError(`${device === "-" ? "Standard input" : device} cannot be indexed: it is standard input or a process's file, with no place on disk for an index.`, {
      hint: "Save the logs to a file first (e.g. ... > logs/app.log) and index that.",
    });
  }
  if (fields.includes("")) throw new UsageError("--field is empty: name the field to index (e.g. --field request_id).");
  const system = fields.find((field) => SYSTEM_FIELDS.has(field));
  if (system !== undefined) {
    throw new UsageError(`--field ${system}: a system field is never looked up in an index (queries read it from every event).`, {
      hint: "Index a field of the events themselves, such as request_id.",
    });
  }
}

function printOutcomes(outcomes: readonly IndexOutcome[], format: OutputFormat, ctx: HandlerContext): void {
  if (format === "json") return ctx.print(JSON.stringify(outcomes, null, 2));
  // Machine formats carry numbers (bytes whole, the share as a fraction), the unit in the name.
  const records = outcomes.map((o) => ({
    file: o.file,
    field: o.field,
    index: o.reason === undefined ? o.action : `${ACTION_WORDS[o.action]}: ${o.reason}`,
    index_bytes: o.indexBytes,
    indexed_bytes: o.indexedBytes,
    index_share_of_file: o.indexedBytes > 0 && o.indexBytes > 0 ? o.indexBytes / o.indexedBytes : null,
    events: o.events,
    with_field: o.withField,
  }));
  if (format === "csv") return ctx.print(renderCsv({ fields: [...MACHINE_COLUMNS], rows: recordsToTabular(records).rows }));
  if (format === "ndjson") return ctx.print(renderRecordsNdjson(records).trimEnd());
  const rows = records.map((r) => ({
    file: r.file,
    field: r.field,
    index: r.index,
    events: String(r.events),
    "with field": String(r.with_field),
    "index size": formatBytes(r.index_bytes),
    "of file": r.index_share_of_file === null ? "" : `${(100 * r.index_share_of_file).toFixed(2)}%`,
  }));
  // On a terminal the index column says what was done in a word, and each reason is told once
  // below: in the cell it was cut at 80 columns. The file's path is cut from its start, keeping its name.
  const columns: TableColumn[] = [
    { header: "file", role: "text", cut: "start", minWidth: 20, priority: 9 },
    { header: "field", role: "label", priority: 8 },
    { header: "index", role: "label", priority: 7 },
    ...["index size", "of file", "events", "with field"].map((header, i) => ({ header, role: "number" as const, priority: 6 - i })),
  ];
  const cells = rows.map((row, i) => COLUMN_ORDER.map((f) => (f === "index" ? ACTION_WORDS[outcomes[i].action] : row[f])));
  const maxWidth = ctx.io.isTTY ? ctx.io.columns : undefined;
  const fitted = renderFittedTable(columns, cells, { chalk: ctx.chalk, maxWidth });
  ctx.print(fitted.text);
  const note = droppedNote(fitted.dropped, maxWidth);
  if (note) printNote(ctx, note);
  const reasons = new Map<string, Set<string>>();
  for (const o of outcomes) {
    if (o.reason === undefined) continue;
    const reason = `${ACTION_WORDS[o.action]}: ${o.reason}`;
    reasons.set(reason, (reasons.get(reason) ?? new Set()).add(o.file));
  }
  for (const [reason, files] of reasons) printSentence(ctx, `${files.size === 1 ? [...files][0] : `${files.size} files`} ${reason}`);
}

const MACHINE_COLUMNS = ["file", "field", "index", "index_bytes", "indexed_bytes", "index_share_of_file", "events", "with_field"] as const;
const COLUMN_ORDER = ["file", "field", "index", "index size", "of file", "events", "with field"] as const;

const ACTION_WORDS: Record<IndexOutcome["action"], string> = { built: "built", rebuilt: "rebuilt", extended: "extended", current: "current", skipped: "skipped", failed: "not written", removed: "removed" };

/** A field no event of the files has (a typo, most likely): its index can only ever find nothing. */
function warnFieldless(outcomes: readonly IndexOutcome[], fields: readonly string[], paths: readonly string[], ctx: HandlerContext): void {
  const read = outcomes.filter((o) => o.events > 0);
  const files = new Set(read.map((o) => o.file)).size;
  for (const field of fields) {
    const mine = read.filter((o) => o.field === field);
    if (mine.length === 0 || mine.some((o) => o.withField > 0)) continue;
    ctx.warn(`no event of the ${files === 1 ? "file" : `${files} files`} has the field ${field}: its index finds nothing (tolog fields --logs ${shellQuote(paths[0])} lists the fields)`);
  }
}
