import type { CidrLookupCommand, LookupCommand, Name } from "../ast.js";
import type { LookupTable } from "../lookup-tables.js";
import type { ExprContext } from "./context.js";
import type { ExtendedResult } from "./extended-state.js";
import { readField } from "./extended-state.js";
import { joinKey, lookupStage, type LookupOutput } from "../commands/lookup.js";
import { cidrLookupStage } from "../commands/cidrlookup.js";
import { CidrIndex } from "../commands/cidr.js";

const LOOKUPS_HELP = "put <name>.csv files in a directory and pass --lookups DIR (TOLOG_LOOKUPS), or create the table on tolog serve with CreateLookupTable";

/** The table a command names, or undefined after reporting why it cannot be used. */
function loadTable(table: Name, cx: ExprContext): LookupTable | undefined {
  const lookups = cx.env.external?.lookups;
  if (lookups === undefined) {
    cx.error("TL701", table.span, `lookup table "${table.name}" not found: no lookup tables were given`, LOOKUPS_HELP);
    return undefined;
  }
  const found = lookups.load(table.name);
  if ("missing" in found) {
    const { names, where } = found.missing;
    cx.error("TL701", table.span, `lookup table "${table.name}" not found in ${where}`, names.length > 0 ? `tables there: ${names.join(", ")}` : LOOKUPS_HELP);
    return undefined;
  }
  if ("problem" in found) {
    const { origin, line, message } = found.problem;
    cx.error("TL702", table.span, `lookup table "${table.name}" cannot be read: ${origin}:${line}: ${message}`, "fix the CSV: a header row naming the columns, then one row per entry");
    return undefined;
  }
  return found.table;
}

function columnOf(table: LookupTable, name: Name, cx: ExprContext): number | undefined {
  const index = table.columns.indexOf(name.name);
  if (index < 0) {
    const data = table.columns.find(looksLikeData);
    cx.error(
      "TL704",
      name.span,
      `lookup table "${table.name}" has no column "${name.name}" (its header, ${table.origin}:${table.headerLine}, names ${table.columns.join(", ")})`,
      data === undefined ? `its columns: ${table.columns.join(", ")}` : `its first line reads as data (${data}): a lookup table starts with a header row naming its columns; add one`,
    );
  }
  return index < 0 ? undefined : index;
}

/** A header cell no one would name a column: a number or an IP address (a table missing its header row). */
function looksLikeData(cell: string): boolean {
  return /^-?\d+(\.\d+)*$/.test(cell) || /^[0-9a-f]*:[0-9a-f:]*$/i.test(cell);
}

function outputsOf(table: LookupTable, pairs: LookupCommand["outputs"], cx: ExprContext): LookupOutput[] | undefined {
  const outputs: LookupOutput[] = [];
  for (const pair of pairs) {
    const column = columnOf(table, pair.table, cx);
    if (column === undefined) return undefined;
    outputs.push({ column, field: pair.event.name });
  }
  return outputs;
}

export function compileLookup(cmd: LookupCommand, cx: ExprContext): ExtendedResult {
  for (const key of cmd.keys) readField(key.event, cx);
  const adds = cmd.outputs.map((o) => o.event.name);
  if (cx.env.external?.checkOnly) return { stages: [], adds };
  const table = loadTable(cmd.table, cx);
  if (table === undefined) return { stages: [], adds };
  const keyColumns = cmd.keys.map((k) => columnOf(table, k.table, cx));
  const outputs = outputsOf(table, cmd.outputs, cx);
  if (keyColumns.includes(undefined) || outputs === undefined) return { stages: [], adds };
  const index = new Map<string, readonly string[]>();
  const firstLine = new Map<string, number>();
  for (const row of table.rows) {
    const key = joinKey(keyColumns.map((c) => row.values[c as number] ?? ""));
    if (index.has(key)) {
      const columns = cmd.keys.map((k) => k.table.name).join(", ");
      cx.error("TL703", cmd.table.span, `lookup table "${table.name}" has the key ${columns} = ${key.replace(/\u0000/g, ", ")} twice: ${table.origin}:${row.line} (first at line ${firstLine.get(key)})`, "keep one row per key: a lookup must give one answer");
      return { stages: [], adds };
    }
    index.set(key, row.values);
    firstLine.set(key, row.line);
  }
  const stage = lookupStage(index, cmd.keys.map((k) => k.event.name), outputs, cmd.mode === "OUTPUTNEW");
  return { stages: [stage], adds };
}

/** Decision: without AS, the CIDR column is the one named `cidr` (any case), else the first. */
export function defaultCidrColumn(columns: readonly string[]): number {
  const named = columns.findIndex((c) => c.toLowerCase() === "cidr");
  return named >= 0 ? named : 0;
}

export function compileCidrLookup(cmd: CidrLookupCommand, cx: ExprContext): ExtendedResult {
  readField(cmd.ipField, cx);
  const adds = cmd.outputs.map((o) => o.event.name);
  if (cx.env.external?.checkOnly) return { stages: [], adds };
  const table = loadTable(cmd.table, cx);
  if (table === undefined) return { stages: [], adds };
  const cidrColumn = cmd.cidrColumn === undefined ? defaultCidrColumn(table.columns) : columnOf(table, cmd.cidrColumn, cx);
  const outputs = outputsOf(table, cmd.outputs, cx);
  if (cidrColumn === undefined || outputs === undefined) return { stages: [], adds };
  const index = new CidrIndex<readonly string[]>();
  for (const row of table.rows) {
    const cidr = row.values[cidrColumn] ?? "";
    if (!index.add(cidr, row.values)) {
      cx.error("TL702", cmd.table.span, `lookup table "${table.name}" cannot be read: ${table.origin}:${row.line}: "${cidr}" in column ${table.columns[cidrColumn]} is not a CIDR range`, "write ranges as 10.0.0.0/8 or 2001:db8::/32 (a lone address is a /32 or /128)");
      return { stages: [], adds };
    }
  }
  return { stages: [cidrLookupStage(index, cmd.ipField.name, outputs, cmd.mode === "OUTPUTNEW")], adds };
}
