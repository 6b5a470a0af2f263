import type { SourceCommand } from "../ast.js";
import type { ReadOptions } from "../source.js";
import type { ReportError } from "./types.js";

const BY_NAME = "select them by name with SOURCE logGroups(namePrefix: ['...']), or run the query on CloudWatch (--log-group)";

/**
 * Why a SOURCE selector cannot pick local log groups: each reads a property CloudWatch keeps
 * about a group that a directory of files does not have (`tolog pull` copies events only).
 */
const LOCAL_GROUPS_LACK: Readonly<Record<string, string>> = {
  accountidentifier: `local log groups belong to no AWS account (@log reads 000000000000:<group>); ${BY_NAME}`,
  accountidentifiers: `local log groups belong to no AWS account (@log reads 000000000000:<group>); ${BY_NAME}`,
  datasource: `CloudWatch records a group's data source when AWS delivers its logs; local log groups have no data source; ${BY_NAME}`,
  loggrouptags: `local log groups have no tags (tolog pull copies a group's events, not its tags); ${BY_NAME}`,
};

/**
 * `SOURCE logGroups(namePrefix: [...])` and `SOURCE 'group'` select local log groups by prefix
 * or name. Selectors that mean nothing offline (accounts, data sources, tags) are errors rather
 * than silently ignored; `class:` is accepted, as local groups have no class.
 */
export function compileSource(cmd: SourceCommand, error: ReportError): NonNullable<ReadOptions["groups"]> {
  const groups: { names: string[]; prefixes: string[] } = { names: [], prefixes: [] };
  for (const call of cmd.calls) {
    if (call.quoted) {
      groups.names.push(call.name);
      continue;
    }
    if (call.name.toLowerCase() !== "loggroups") {
      error("TL501", call.span, `SOURCE ${call.name}() is not supported offline`, LOCAL_GROUPS_LACK[call.name.toLowerCase()] ?? `select local log groups with SOURCE logGroups(namePrefix: [...])`);
      continue;
    }
    for (const [arg, value] of Object.entries(call.named)) {
      if (arg === "class") continue;
      if (arg !== "namePrefix") {
        error("TL501", value.span, `SOURCE logGroups(${arg}: ...) is not supported offline`, LOCAL_GROUPS_LACK[arg.toLowerCase()] ?? "select local log groups with namePrefix");
        continue;
      }
      const items = value.kind === "list" ? value.items : [value];
      for (const item of items) {
        if (item.kind === "string") groups.prefixes.push(item.value);
        else error("TL305", item.span, "namePrefix takes quoted log group name prefixes", 'write namePrefix: ["/aws/lambda/"]');
      }
    }
  }
  return groups;
}
