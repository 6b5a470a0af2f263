import { DEFAULT_FOLDER } from "../aws-options.js";
import { defineCommand } from "../command.js";
import { savedQueryOptions } from "../options.js";
import { queryDirs } from "../query-text.js";
import { syncOptions } from "./queries-push.js";

export const queriesPullCommand = defineCommand({
  command: "queries pull",
  describe: "Write CloudWatch saved queries (QueryDefinitions) of the folder as .insights files; shows the diff first",
  examples: [
    ["$0 queries pull --queries-dir ./team-queries --dry-run", "what would change locally"],
    ["$0 queries pull --queries-dir ./team-queries", "write them"],
  ],
  epilogue: "Files go to the first --queries-dir (else tolog's own queries/). Idempotent: unchanged files are not written.",
  args: { ...savedQueryOptions, ...syncOptions },
  async handler(args, ctx) {
    const { runQueriesPull } = await import("./queries-sync-run.js");
    return runQueriesPull({ ...args, folder: args.folder ?? DEFAULT_FOLDER }, queryDirs(args, ctx)[0], ctx);
  },
});
