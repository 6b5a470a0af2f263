import type { ExtendedCommand, FieldPair, Name } from "./ast.js";
import { formatExpr, formatFieldName, formatQuery, formatString } from "./format.js";


const name = (n: Name): string => (n.name.endsWith("*") ? n.name : formatFieldName(n.name));
const pair = (p: FieldPair): string => (p.table.name === p.event.name ? name(p.table) : `${name(p.table)} as ${name(p.event)}`);
const alias = (n: Name | undefined): string => (n === undefined ? "" : ` as ${name(n)}`);

/** The 2026 commands, printed so that parsing the text gives the same tree (format.ts). */
export function formatExtendedCommand(command: ExtendedCommand): string {
  switch (command.kind) {
    case "json":
      return `json field=${name(command.field)} ${command.paths.map((p) => `${formatString(p.path)} as ${name(p.alias)}`).join(", ")}`;
    case "lookup":
      return `lookup ${command.table.name} ${command.keys.map(pair).join(", ")} ${command.mode} ${command.outputs.map(pair).join(", ")}`;
    case "cidrlookup":
      return `cidrlookup ${command.table.name} ${name(command.ipField)}${alias(command.cidrColumn)} ${command.mode} ${command.outputs.map(pair).join(", ")}`;
    case "join":
      return `join type=${command.type} left=${command.left.name} right=${command.right.name} where ${command.left.name}.${command.leftKey.name} = ${command.right.name}.${command.rightKey.name} (${formatQuery(command.query)})`;
    case "appendcols":
      return `appendcols override=${command.override} max=${command.max} (${formatQuery(command.query)})`;
    case "fillmissing":
      return `fillmissing${command.fills.length > 0 ? " with " : ""}${command.fills.map((f) => `${formatExpr(f.value)} for ${name(f.field)}`).join(", ")}`;
    case "filldown":
      return ["filldown", ...command.fields.map(name)].join(" ");
    case "accum":
      return `accum ${name(command.field)}${alias(command.alias)}`;
    case "addtotals":
      return [`addtotals fieldname=${formatFieldName(command.fieldname)} row=${command.row} col=${command.col}`, command.fields.map(name).join(", ")].filter((s) => s !== "").join(" ");
    case "expand":
      return `expand ${name(command.field)}`;
    case "sessionize":
      return `sessionize ${command.fields.map(name).join(", ")}${command.maxspan ? ` maxspan ${formatExpr(command.maxspan)}` : ""}${alias(command.alias)}`;
    case "countFrequent":
      return `countFrequent ${command.fields.map(name).join(", ")}`;
    case "autoregress":
      return `autoregress ${name(command.field)}${alias(command.alias)} p=${command.from}${command.to > command.from ? `-${command.to}` : ""}`;
    case "outlier":
      return `outlier action=${command.action} param=${command.param} uselower=${command.uselower} mark=${command.mark} ${command.fields.map(name).join(" ")}`;
  }
}
