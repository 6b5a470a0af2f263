import type { SourceCommand } from "../ast.js";
import type { ReadOptions } from "../source.js";
import type { ReportError } from "./types.js";

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
      error("TL501", call.span, `SOURCE ${call.name}() is not supported offline`, "select local log groups with SOURCE logGroups(namePrefix: [...])");
      continue;
    }
    for (const [arg, value] of Object.entries(call.named)) {
      if (arg === "class") continue;
      if (arg !== "namePrefix") {
        error("TL501", value.span, `SOURCE logGroups(${arg}: ...) is not supported offline`, "select local log groups with namePrefix");
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
