import { randomInt } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { LookupTables } from "../engine/lookup-tables.js";
import { lookupTableFromCsv } from "../engine/lookup-tables.js";
import type { Operation, RequestInfo, ServeContext } from "./context.js";
import { invalidParameter, limitExceeded, resourceAlreadyExists, resourceNotFound } from "./errors.js";
import { decodeToken, encodeToken } from "./paging.js";
import { optionalNumber, optionalString, requiredString } from "./params.js";
import { compareAscii } from "./store.js";

/**
 * Lookup tables (CreateLookupTable, DescribeLookupTables, GetLookupTable, UpdateLookupTable,
 * DeleteLookupTable), kept in a dot-file of the store directory like the query definitions, and
 * read by `lookup` and `cidrlookup` in StartQuery's queries.
 */
export interface StoredLookupTable {
  name: string;
  description?: string;
  tableBody: string;
  createdAt: number;
  lastUpdatedTime: number;
}

export const LOOKUP_TABLES_FILE = ".lookup-tables.json";
/** The documented quotas: 100 tables a Region, 10 MB of CSV each. */
export const MAX_LOOKUP_TABLES = 100;
export const MAX_LOOKUP_TABLE_BYTES = 10 * 1024 * 1024;
const NAME = /^[a-zA-Z0-9_]+$/;

export class ServeLookupTables implements LookupTables {
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly file: string,
    readonly byName: Map<string, StoredLookupTable>,
  ) {}

  static async open(dir: string): Promise<ServeLookupTables> {
    const file = join(dir, LOOKUP_TABLES_FILE);
    let list: StoredLookupTable[] = [];
    try {
      list = JSON.parse(await readFile(file, "utf8")) as StoredLookupTable[];
    } catch {
      list = [];
    }
    return new ServeLookupTables(file, new Map(list.map((t) => [t.name, t])));
  }

  load(name: string): ReturnType<LookupTables["load"]> {
    return tablesOfBodies(this.bodies()).load(name);
  }

  /**
   * The tables' CSV by name, for a query that runs on another thread: it gets them as they are
   * when it starts, as it gets the stream files.
   */
  bodies(): Record<string, string> {
    const bodies: Record<string, string> = {};
    for (const table of this.byName.values()) bodies[table.name] = table.tableBody;
    return bodies;
  }

  /** Writes the whole list with write-then-rename. */
  save(): Promise<void> {
    const work = async () => {
      const temp = `${this.file}.${process.pid}.${randomInt(1e9)}.tmp`;
      await writeFile(temp, JSON.stringify([...this.byName.values()]) + "\n");
      await rename(temp, this.file);
    };
    const result = this.chain.then(work);
    this.chain = result.catch(() => undefined);
    return result;
  }
}

function arnOf(ctx: ServeContext, request: RequestInfo, name: string): string {
  return `arn:aws:logs:${request.region}:${ctx.accountId}:lookup-table:${name}`;
}

/** The table an ARN (or, as a convenience, a bare name) names. */
function tableOf(body: Record<string, unknown>, ctx: ServeContext): StoredLookupTable {
  const arn = requiredString(body, "lookupTableArn", 2048);
  const name = arn.includes(":lookup-table:") ? arn.slice(arn.lastIndexOf(":lookup-table:") + ":lookup-table:".length) : arn;
  const table = ctx.lookupTables.byName.get(name);
  if (table === undefined) throw resourceNotFound(`The lookup table ${name} does not exist.`);
  return table;
}

/** A table body must be CSV with a header row, at most 10 MB. */
function checkBody(name: string, body: string): void {
  if (Buffer.byteLength(body) > MAX_LOOKUP_TABLE_BYTES) throw invalidParameter("tableBody exceeds the 10 MB limit for a lookup table.");
  const read = lookupTableFromCsv(name, "tableBody", body);
  if ("problem" in read) throw invalidParameter(`tableBody line ${read.problem.line}: ${read.problem.message}.`);
}

export const createLookupTable: Operation = async (body, ctx, request) => {
  const name = requiredString(body, "lookupTableName", 256);
  if (!NAME.test(name)) throw invalidParameter("lookupTableName may hold only letters, digits and underscores.");
  const description = optionalString(body, "description", 1024);
  const tableBody = requiredString(body, "tableBody");
  const tables = ctx.lookupTables.byName;
  if (tables.has(name)) throw resourceAlreadyExists(`The lookup table ${name} already exists.`);
  if (tables.size >= MAX_LOOKUP_TABLES) throw limitExceeded(`You have reached the maximum number of lookup tables (${MAX_LOOKUP_TABLES}).`);
  checkBody(name, tableBody);
  const now = ctx.now();
  tables.set(name, { name, ...(description === undefined ? {} : { description }), tableBody, createdAt: now, lastUpdatedTime: now });
  await ctx.lookupTables.save();
  return { lookupTableArn: arnOf(ctx, request, name), createdAt: now };
};

export const updateLookupTable: Operation = async (body, ctx, request) => {
  const table = tableOf(body, ctx);
  const description = optionalString(body, "description", 1024);
  const tableBody = optionalString(body, "tableBody");
  if (tableBody !== undefined) {
    checkBody(table.name, tableBody);
    table.tableBody = tableBody;
  }
  if (description !== undefined) table.description = description;
  table.lastUpdatedTime = ctx.now();
  await ctx.lookupTables.save();
  return { lookupTableArn: arnOf(ctx, request, table.name), lastUpdatedTime: table.lastUpdatedTime };
};

export const getLookupTable: Operation = async (body, ctx, request) => {
  const table = tableOf(body, ctx);
  return {
    lookupTableArn: arnOf(ctx, request, table.name),
    lookupTableName: table.name,
    ...(table.description === undefined ? {} : { description: table.description }),
    tableBody: table.tableBody,
    sizeBytes: Buffer.byteLength(table.tableBody),
    lastUpdatedTime: table.lastUpdatedTime,
  };
};

export const deleteLookupTable: Operation = async (body, ctx) => {
  const table = tableOf(body, ctx);
  ctx.lookupTables.byName.delete(table.name);
  await ctx.lookupTables.save();
  return {};
};

export const describeLookupTables: Operation = async (body, ctx, request) => {
  const prefix = optionalString(body, "lookupTableNamePrefix", 256) ?? "";
  const max = optionalNumber(body, "maxResults", 1, 100) ?? 50;
  const after = decodeToken<string>("lookupTables", optionalString(body, "nextToken"));
  const matching = [...ctx.lookupTables.byName.values()]
    .filter((t) => t.name.startsWith(prefix) && (after === undefined || compareAscii(t.name, after) > 0))
    .sort((a, b) => compareAscii(a.name, b.name));
  const page = matching.slice(0, max);
  return {
    lookupTables: page.map((t) => {
      const read = lookupTableFromCsv(t.name, t.name, t.tableBody);
      const table = "table" in read ? read.table : undefined;
      return {
        lookupTableArn: arnOf(ctx, request, t.name),
        lookupTableName: t.name,
        ...(t.description === undefined ? {} : { description: t.description }),
        tableFields: table?.columns ?? [],
        recordsCount: table?.rows.length ?? 0,
        sizeBytes: Buffer.byteLength(t.tableBody),
        lastUpdatedTime: t.lastUpdatedTime,
      };
    }),
    ...(page.length < matching.length ? { nextToken: encodeToken("lookupTables", page[page.length - 1].name) } : {}),
  };
};

/** The `LookupTables` of a snapshot taken with `ServeLookupTables.bodies()`. */
export function tablesOfBodies(bodies: Readonly<Record<string, string>>): LookupTables {
  return {
    load(name) {
      const body = Object.hasOwn(bodies, name) ? bodies[name] : undefined;
      if (body === undefined) return { missing: { names: Object.keys(bodies).sort(compareAscii), where: "this endpoint's lookup tables (CreateLookupTable)" } };
      return lookupTableFromCsv(name, `lookup table ${name}`, body);
    },
  };
}
