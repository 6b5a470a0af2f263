import { awsOptions, DEFAULT_FOLDER } from "../aws-options.js";
import { defineCommand, repeatable } from "../command.js";
import { savedQueryOptions } from "../options.js";
import { queryDirs } from "../query-text.js";

export const syncOptions = {
  folder: { type: "string", requiresArg: true, default: DEFAULT_FOLDER, describe: "The CloudWatch saved-query folder (name prefix) to sync with" },
  "dry-run": { type: "boolean", describe: "Show the differences, write nothing" },
  ...awsOptions,
} as const;

export const queriesPushCommand = defineCommand({
  command: "queries push",
  describe: "Create or update CloudWatch saved queries (QueryDefinitions) from the saved queries; shows the diff first",
  examples: [
    ["$0 queries push --dry-run", "what would change in CloudWatch"],
    ["$0 queries push --queries-dir ./team-queries --log-group taskoverflow", "yours, run on that group by default"],
  ],
  epilogue: "Idempotent: unchanged queries are not written. A file's `# log-group: NAME` header lines set its log groups.",
  args: {
    ...savedQueryOptions,
    ...syncOptions,
    "log-group": repeatable({ describe: "Log groups for queries whose file names none" }),
  },
  async handler(args, ctx) {
    const { runQueriesPush } = await import("./queries-sync-run.js");
    return runQueriesPush({ ...args, folder: args.folder ?? DEFAULT_FOLDER }, queryDirs(args, ctx), ctx);
  },
});
