import { tableWithNote } from "../../output/table.js";
import { formatBytes } from "../../output/footer.js";
import { defineCommand, repeatable } from "../command.js";
import { UsageError, UserError } from "../../shared/errors.js";
import { printNote } from "../print-note.js";

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
    "command again after files grow to index the new lines (lines appended since are read in full meanwhile).",
    "An index whose file was replaced or rewritten is ignored with a warning. Gzip files and pipes are not indexed.",
  ].join(" "),
  args: {
    logs: repeatable({ describe: "Local log files to index: a file, a directory (read recursively) or a glob. Repeatable." }),
    field: repeatable({ describe: "A field to index (top-level or dotted, as queries name it). Repeatable." }),
    format: { type: "string", choices: ["table", "json"], default: "table", describe: "table for people, json for scripts" },
  },
  async handler(args, ctx) {
    const paths = args.logs ?? [];
    const fields = args.field ?? [];
    if (paths.length === 0) throw new UsageError("Name the logs to index with --logs PATH.");
    if (fields.length === 0) throw new UsageError("Name a field to index with --field NAME (e.g. --field request_id).");
    if (paths.includes("-")) throw new UsageError("Standard input cannot be indexed: give files, directories or globs.");
    const { indexLogs } = await import("../../sources/local/index.js");
    const started = performance.now();
    let outcomes;
    try {
      outcomes = await indexLogs(paths, fields, { onWarning: (m) => ctx.warn(m) });
    } catch (error) {
      if (error instanceof Error && error.name === "SourcePathError") throw new UserError(`--logs: ${error.message}`, { cause: error });
      throw error;
    }
    if (args.format === "json") ctx.print(JSON.stringify(outcomes, null, 2));
    else {
      const rows = outcomes.map((o) => ({
        file: o.file,
        field: o.field,
        index: o.action === "skipped" ? `skipped: ${o.reason}` : o.action,
        events: String(o.events),
        "with field": String(o.withField),
        "index size": formatBytes(o.indexBytes),
        "of file": o.indexedBytes > 0 ? `${((100 * o.indexBytes) / o.indexedBytes).toFixed(2)}%` : "",
      }));
      const table = tableWithNote({ fields: Object.keys(rows[0] ?? { file: "" }), rows }, { chalk: ctx.chalk, maxWidth: ctx.io.isTTY ? ctx.io.columns : undefined });
      ctx.print(table.text);
      if (table.note) printNote(ctx, table.note);
    }
    const logBytes = outcomes.reduce((sum, o) => sum + (o.field === fields[0] ? o.indexedBytes : 0), 0);
    const indexBytes = outcomes.reduce((sum, o) => sum + o.indexBytes, 0);
    ctx.info(`${formatBytes(indexBytes)} of index for ${formatBytes(logBytes)} of logs in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  },
});
