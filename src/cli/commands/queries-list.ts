import type { SavedQuery } from "../../saved/saved-query.js";
import { renderCsv } from "../../output/csv.js";
import type { Tabular } from "../../output/formats.js";
import { renderNdjson } from "../../output/json.js";
import { tableWithNote } from "../../output/table.js";
import { tableWidth } from "../print-result.js";
import { defineCommand } from "../command.js";
import { formatOptions, savedQueryOptions } from "../options.js";
import { displayPath, queryDirs } from "../query-text.js";
import { checkSavedQueries } from "../saved-check.js";

export const queriesListCommand = defineCommand({
  command: "queries list",
  describe: "List saved queries: name, description, parameters",
  examples: [
    ["$0 queries list", "tolog's saved queries"],
    ["$0 queries list --queries-dir ./team-queries --format json", "yours and tolog's, as JSON"],
  ],
  args: { ...savedQueryOptions, ...formatOptions },
  async handler(args, ctx) {
    const checked = await checkSavedQueries(queryDirs(args, ctx), ctx);
    for (const { loaded, report } of checked) {
      const { name, path } = loaded.query;
      if (report !== "") ctx.warn(`saved query "${name}"${path === undefined ? "" : ` (${displayPath(path)})`} fails its check; run \`tolog queries check\` for why`);
    }
    const queries = checked.map((c) => c.loaded.query);
    if (args.format === "json") {
      ctx.print(JSON.stringify(queries.map((q) => summary(q, displayPath)), null, 2));
      return;
    }
    const table = asTable(queries);
    if (args.format === "table") {
      const { text, note } = tableWithNote(table, { chalk: ctx.chalk, maxWidth: tableWidth(ctx) });
      ctx.print(text);
      if (note !== undefined) ctx.info(note);
    } else ctx.print(args.format === "csv" ? renderCsv(table) : renderNdjson(table));
  },
});

function summary(query: SavedQuery, display: (path: string) => string) {
  return {
    name: query.name,
    description: query.description ?? "",
    params: query.params.map((p) => ({ name: p.name, ...(p.default === undefined ? {} : { default: p.default }), description: p.description })),
    path: query.path === undefined ? undefined : display(query.path),
  };
}

/** `request_id, min_ms=100`: required parameters bare, optional ones with their default. */
function asTable(queries: SavedQuery[]): Tabular {
  return {
    fields: ["name", "description", "params"],
    rows: queries.map((q) => ({
      name: q.name,
      description: q.description ?? "",
      params: q.params.map((p) => (p.default === undefined ? p.name : `${p.name}=${p.default}`)).join(", "),
    })),
  };
}
