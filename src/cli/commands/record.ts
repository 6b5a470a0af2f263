import { defineCommand } from "../command.js";
import { UserError } from "../../shared/errors.js";
import { formatOptions, sourceOptions } from "../options.js";
import { resolveSource, type QuerySource } from "../resolve-source.js";
import { renderCsv } from "../../output/csv.js";
import { tableWithNote } from "../../output/table.js";
import { tableWidth } from "../print-result.js";

/**
 * `tolog record <ptr>`: every field of the event behind an `@ptr`, as GetLogRecord returns it
 * (all values strings, `@timestamp` and `@ingestionTime` as epoch-ms digits).
 */
export const recordCommand = defineCommand({
  command: "record <ptr>",
  describe: "Every field of one event, by the @ptr a query row carries (GetLogRecord)",
  examples: [
    ["$0 record 3k9x0a1b2c3-1f4 --logs ./logs", "the event behind an @ptr of a local query"],
    ["$0 record CmAKJgoi... --log-group taskoverflow --format json", "on CloudWatch (GetLogRecord)"],
  ],
  positionals: {
    ptr: { type: "string", demandOption: true, describe: "An @ptr value from a query's non-aggregated row" },
  },
  args: { ...sourceOptions, ...formatOptions },
  async handler(args, ctx) {
    const source = await resolveSource(args, ctx);
    const record = await fetchRecord(source, args.ptr);
    if (record === undefined) {
      throw new UserError(`No event has the @ptr "${args.ptr}" in the selected logs.`, {
        hint: "Pass the same --logs (or --log-group) the query that returned it ran on; local pointers name a file and an offset.",
      });
    }
    const rows = Object.entries(record).map(([field, value]) => ({ field, value }));
    switch (args.format) {
      case "json":
        ctx.print(JSON.stringify({ logRecord: record }));
        break;
      case "ndjson":
        ctx.print(JSON.stringify(record));
        break;
      case "csv":
        ctx.print(renderCsv({ fields: ["field", "value"], rows }));
        break;
      default: {
        const { text, note } = tableWithNote({ fields: ["field", "value"], rows }, { chalk: ctx.chalk, maxWidth: tableWidth(ctx) });
        ctx.print(text);
        if (note !== undefined) ctx.info(note);
      }
    }
  },
});

async function fetchRecord(source: QuerySource, ptr: string): Promise<Record<string, string> | undefined> {
  if (source.kind === "cloudwatch") {
    const { getLogRecord } = await import("../../cloudwatch/log-record.js");
    return getLogRecord(source.client, ptr);
  }
  const event = await source.events.getRecord(ptr);
  if (event === undefined) return undefined;
  const { renderRecord } = await import("../../engine/index.js");
  return renderRecord(event);
}
