import type { Command } from "../ast.js";
import type { ReportError } from "./types.js";
import { MAX_ROW_CAP, MAX_STATS_COMMANDS } from "./limits.js";

/**
 * The command-ordering rules of reference §2.18, checked before anything runs: each reports
 * on the command that breaks it, with the fix.
 */
export function checkOrdering(commands: Command[], error: ReportError): void {
  const lastStats = commands.findLastIndex((c) => c.kind === "stats");
  let statsSeen = 0;
  let sortSeen = false;
  let dedupSeen = false;
  commands.forEach((cmd, i) => {
    if (dedupSeen && cmd.kind !== "limit") {
      error("TL403", cmd.span, `${commandName(cmd)} cannot follow dedup`, "only limit may follow dedup; move dedup to the end of the query");
    }
    switch (cmd.kind) {
      case "stats":
        if (++statsSeen === MAX_STATS_COMMANDS + 1) {
          error("TL402", cmd.span, `a query may have at most ${MAX_STATS_COMMANDS} stats commands`, "combine stats commands or split the query");
        }
        break;
      case "sort":
      case "limit":
        if (i < lastStats) {
          error("TL401", cmd.span, `${cmd.kind} must come after the last stats`, `move ${cmd.kind} after the last stats command`);
        }
        if (cmd.kind === "sort") sortSeen = true;
        else if (cmd.count < 1 || cmd.count > MAX_ROW_CAP) {
          const help = cmd.count < 1 ? "a limit keeps at least 1 row: to count rows instead, use stats count(*)" : `use a limit of at most ${MAX_ROW_CAP}`;
          error("TL406", cmd.countSpan, `limit must be between 1 and ${MAX_ROW_CAP.toLocaleString("en-US")}`, help);
        }
        break;
      case "pattern":
        if (sortSeen) error("TL404", cmd.span, "pattern cannot follow sort", "move sort after pattern (e.g. pattern @message | sort @sampleCount desc)");
        else if (statsSeen > 0) error("TL407", cmd.span, "pattern cannot follow stats: its rows are no events to cluster", "move pattern before stats, or drop it");
        break;
      case "dedup":
        dedupSeen = true;
        break;
      default:
        break;
    }
  });
}

function commandName(cmd: Command): string {
  return cmd.kind === "unsupported" ? cmd.name : cmd.kind === "filter" ? cmd.keyword : cmd.kind;
}
