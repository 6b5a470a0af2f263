import { randomInt, randomUUID } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Operation } from "./context.js";
import { invalidParameter, limitExceeded, resourceNotFound } from "./errors.js";
import { decodeToken, encodeToken } from "./paging.js";
import { checkGroupName, optionalNumber, optionalString, optionalStringList, requiredString } from "./params.js";
import { compareAscii } from "./store.js";
import type { SavedQueryLookup } from "../saved/invocations.js";

/**
 * Saved queries (PutQueryDefinition, DescribeQueryDefinitions, DeleteQueryDefinition), kept in
 * a dot-file of the store directory so they survive restarts and the local source skips them.
 */
export interface QueryDefinition {
  queryDefinitionId: string;
  name: string;
  queryString: string;
  lastModified: number;
  logGroupNames: string[];
  parameters?: { name: string; defaultValue?: string; description?: string }[];
  /** The idempotency token of the request that created it. */
  clientToken?: string;
}

export const QUERY_DEFINITIONS_FILE = ".query-definitions.json";
export const MAX_QUERY_DEFINITIONS = 1000;
const MAX_PARAMETERS = 20;

export class QueryDefinitions {
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly file: string,
    readonly byId: Map<string, QueryDefinition>,
  ) {}

  static async open(dir: string): Promise<QueryDefinitions> {
    const file = join(dir, QUERY_DEFINITIONS_FILE);
    let list: QueryDefinition[] = [];
    try {
      list = JSON.parse(await readFile(file, "utf8")) as QueryDefinition[];
    } catch {
      list = [];
    }
    return new QueryDefinitions(file, new Map(list.map((d) => [d.queryDefinitionId, d])));
  }

  /** Writes the whole list (small: at most 1,000 entries) with write-then-rename. */
  save(): Promise<void> {
    const work = async () => {
      const temp = `${this.file}.${process.pid}.${randomInt(1e9)}.tmp`;
      await writeFile(temp, JSON.stringify([...this.byId.values()], null, 1) + "\n");
      await rename(temp, this.file);
    };
    const result = this.chain.then(work);
    this.chain = result.catch(() => undefined);
    return result;
  }
}

export const putQueryDefinition: Operation = async (body, ctx) => {
  const name = requiredString(body, "name", 255);
  const queryString = requiredString(body, "queryString", 10_000);
  const logGroupNames = (optionalStringList(body, "logGroupNames") ?? []).map((n) => checkGroupName(n, "logGroupNames"));
  const id = optionalString(body, "queryDefinitionId", 256);
  const clientToken = optionalString(body, "clientToken", 128);
  const language = optionalString(body, "queryLanguage") ?? "CWLI";
  if (language !== "CWLI") throw invalidParameter(`tolog serve keeps Logs Insights QL (CWLI) queries only, not ${language}.`);
  const parameters = readParameters(body.parameters);
  const definitions = ctx.definitions.byId;

  if (id === undefined && clientToken !== undefined) {
    for (const existing of definitions.values()) {
      if (existing.clientToken === clientToken) return { queryDefinitionId: existing.queryDefinitionId };
    }
  }
  if (id !== undefined && !definitions.has(id)) throw resourceNotFound("Query definition does not exist.");
  if (id === undefined && definitions.size >= MAX_QUERY_DEFINITIONS) {
    throw limitExceeded(`You have reached the maximum number of saved queries (${MAX_QUERY_DEFINITIONS}).`);
  }
  // An update replaces everything, as CloudWatch's does: omitted log groups are cleared.
  const definition: QueryDefinition = {
    queryDefinitionId: id ?? randomUUID(),
    name,
    queryString,
    lastModified: ctx.now(),
    logGroupNames,
    ...(parameters ? { parameters } : {}),
    ...(clientToken !== undefined ? { clientToken } : id !== undefined ? pickToken(definitions.get(id)) : {}),
  };
  definitions.set(definition.queryDefinitionId, definition);
  await ctx.definitions.save();
  return { queryDefinitionId: definition.queryDefinitionId };
};

function pickToken(previous: QueryDefinition | undefined): { clientToken?: string } {
  return previous?.clientToken !== undefined ? { clientToken: previous.clientToken } : {};
}

function readParameters(value: unknown): QueryDefinition["parameters"] {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalidParameter("parameters must be a list.");
  if (value.length > MAX_PARAMETERS) {
    throw invalidParameter(
      `1 validation error detected: Value at 'parameters' failed to satisfy constraint: Member must have length less than or equal to ${MAX_PARAMETERS}`,
    );
  }
  return value.map((item) => {
    const p = item as Record<string, unknown>;
    if (typeof p?.name !== "string" || p.name === "") throw invalidParameter("Every parameter needs a name.");
    return {
      name: p.name,
      ...(typeof p.defaultValue === "string" ? { defaultValue: p.defaultValue } : {}),
      ...(typeof p.description === "string" ? { description: p.description } : {}),
    };
  });
}

export const describeQueryDefinitions: Operation = async (body, ctx) => {
  const prefix = optionalString(body, "queryDefinitionNamePrefix", 255);
  const maxResults = optionalNumber(body, "maxResults", 1, 1000) ?? 1000;
  const after = decodeToken<[string, string]>("definitions", optionalString(body, "nextToken"));
  const key = (d: QueryDefinition): [string, string] => [d.name, d.queryDefinitionId];
  const compare = (a: [string, string], b: [string, string]) => compareAscii(a[0], b[0]) || compareAscii(a[1], b[1]);
  const matching = [...ctx.definitions.byId.values()]
    .filter((d) => prefix === undefined || d.name.startsWith(prefix))
    .sort((a, b) => compare(key(a), key(b)))
    .filter((d) => after === undefined || compare(key(d), after) > 0);
  const page = matching.slice(0, maxResults);
  return {
    queryDefinitions: page.map((d) => ({
      queryLanguage: "CWLI",
      queryDefinitionId: d.queryDefinitionId,
      name: d.name,
      queryString: d.queryString,
      lastModified: d.lastModified,
      logGroupNames: d.logGroupNames,
      ...(d.parameters ? { parameters: d.parameters } : {}),
    })),
    ...(page.length < matching.length ? { nextToken: encodeToken("definitions", key(page[page.length - 1])) } : {}),
  };
};

export const deleteQueryDefinition: Operation = async (body, ctx) => {
  const id = requiredString(body, "queryDefinitionId", 256);
  if (!ctx.definitions.byId.delete(id)) throw resourceNotFound("Query definition does not exist.");
  await ctx.definitions.save();
  return { success: true };
};

/**
 * The saved queries a StartQuery's `$Name(...)` invokes, by exact name: a definition's
 * `{{p}}` placeholders are its parameters, with their defaults.
 */
export function definitionLookup(definitions: QueryDefinitions): SavedQueryLookup {
  const named = () => [...definitions.byId.values()];
  return {
    find(name) {
      const found = named().find((d) => d.name === name);
      if (found === undefined) return undefined;
      const params = (found.parameters ?? []).map((p) => ({ name: p.name, default: p.defaultValue, description: p.description ?? "" }));
      return { name: found.name, params, text: found.queryString, body: found.queryString };
    },
    names: () => named().map((d) => d.name),
  };
}

