import { defineGroup } from "../command.js";

export const queriesGroup = defineGroup({
  command: "queries",
  describe: "List, show and check saved queries (queries/<name>.insights)",
  examples: [
    ["$0 queries list", "every saved query with its parameters"],
    ["$0 queries show trace", "one saved query's file"],
    ["$0 queries check", "check every saved query offline (CI runs this)"],
  ],
});
