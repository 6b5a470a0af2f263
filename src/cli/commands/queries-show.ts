import { findSavedQuery } from "../../saved/load.js";
import { defineCommand } from "../command.js";
import { savedQueryOptions } from "../options.js";
import { queryDirs } from "../query-text.js";

export const queriesShowCommand = defineCommand({
  command: "queries show <name>",
  describe: "Print a saved query's file: header and query",
  examples: [
    ["$0 queries show errors", "the errors query"],
    ["$0 queries show trace > my-trace.insights", "a copy to edit and run with --file"],
  ],
  positionals: {
    name: { type: "string", describe: "The saved query's name (its file name without .insights)", demandOption: true },
  },
  args: { ...savedQueryOptions },
  handler(args, ctx) {
    ctx.print(findSavedQuery(args.name, queryDirs(args, ctx)).query.text);
  },
});
