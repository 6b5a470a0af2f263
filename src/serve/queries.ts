import { renderRecord } from "../engine/render.js";
import { expandInvocations } from "../saved/invocations.js";
import { MAX_QUERY_CHARS } from "../saved/saved-query.js";
import { UserError } from "../shared/errors.js";
import type { Operation } from "./context.js";
import { invalidParameter, malformedQuery, resourceNotFound } from "./errors.js";
import { decodeToken, encodeToken } from "./paging.js";
import {
  checkGroupName,
  groupNameFromIdentifier,
  optionalNumber,
  optionalString,
  optionalStringList,
  requiredNumber,
  requiredString,
  type Body,
} from "./params.js";
import { definitionLookup, type QueryDefinitions } from "./query-definitions.js";
import type { QueryRecord } from "./query-table.js";
import { decodePtr, recordAt } from "./store-source.js";

/** Logs Insights: StartQuery, GetQueryResults, StopQuery, DescribeQueries, GetLogRecord. */

export const QUERY_LIMITS = {
  maxQueryLength: MAX_QUERY_CHARS,
  maxGroups: 50,
  // StartQuery takes up to 100,000; GetQueryResults pages at most 10,000 of them.
  maxLimit: 100_000,
  pageSize: 10_000,
} as const;

export const startQuery: Operation = async (body, ctx) => {
  const queryString = withSavedQueries(requiredString(body, "queryString", QUERY_LIMITS.maxQueryLength), ctx.definitions);
  const language = optionalString(body, "queryLanguage") ?? "CWLI";
  if (language !== "CWLI") {
    throw invalidParameter(`tolog serve runs Logs Insights QL (CWLI) queries only, not ${language}.`);
  }
  const startTime = requiredNumber(body, "startTime", 0);
  const endTime = requiredNumber(body, "endTime", 0);
  if (endTime < startTime) throw invalidParameter("End time cannot be less than start time.");
  const limit = optionalNumber(body, "limit", 1, QUERY_LIMITS.maxLimit);
  const names = requestedGroups(body, queryString);

  const engine = await ctx.engine();
  const diagnostics = engine.checkQuery(queryString);
  if (diagnostics.length > 0) {
    const first = diagnostics[0];
    throw malformedQuery(`${first.code}: ${first.message}`, first.span.start, first.span.end);
  }
  await ctx.store.sync();
  for (const name of names) {
    if (!ctx.store.group(name)) {
      throw resourceNotFound(`Log group '${name}' does not exist for account ID '${ctx.accountId}'`);
    }
  }
  // startTime and endTime are epoch seconds, both inclusive.
  const record = ctx.queries.start({
    queryString,
    logGroupNames: names,
    start: startTime * 1000,
    end: endTime * 1000 + 999,
    ...(limit !== undefined ? { limit } : {}),
  });
  return { queryId: record.queryId };
};

/**
 * The query with each `$Name(...)` replaced by the saved query (PutQueryDefinition) it invokes,
 * as CloudWatch expands them before it parses; an unknown name, parameter or a missing one is
 * a MalformedQueryException saying which. The query runs (and DescribeQueries shows it) expanded.
 */
function withSavedQueries(queryString: string, definitions: QueryDefinitions): string {
  try {
    return expandInvocations(queryString, definitionLookup(definitions));
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    throw malformedQuery(`${error.message}${error.hint ? ` ${error.hint}` : ""}`, 0, queryString.length - 1);
  }
}

/** The log groups a StartQuery names: exactly one way of naming them, unless the query has SOURCE. */
function requestedGroups(body: Body, queryString: string): string[] {
  const one = optionalString(body, "logGroupName");
  const names = optionalStringList(body, "logGroupNames", QUERY_LIMITS.maxGroups);
  const identifiers = optionalStringList(body, "logGroupIdentifiers", QUERY_LIMITS.maxGroups);
  const given = [one, names, identifiers].filter((v) => v !== undefined).length;
  if (given > 1) {
    throw invalidParameter("Only one of logGroupName, logGroupNames or logGroupIdentifiers may be specified.");
  }
  if (given === 0) {
    if (/^\s*SOURCE\b/i.test(stripComments(queryString))) return [];
    throw invalidParameter("Either logGroupName, logGroupNames or logGroupIdentifiers must be specified.");
  }
  if (one !== undefined) return [checkGroupName(one)];
  if (names !== undefined) return names.map((n) => checkGroupName(n, "logGroupNames"));
  return (identifiers ?? []).map((id) => checkGroupName(groupNameFromIdentifier(id), "logGroupIdentifiers"));
}

function stripComments(query: string): string {
  return query
    .split("\n")
    .filter((line) => !line.trim().startsWith("#"))
    .join("\n");
}

function requireQuery(record: QueryRecord | undefined): QueryRecord {
  if (!record) throw resourceNotFound("Query does not exist.");
  return record;
}

export const getQueryResults: Operation = async (body, ctx) => {
  const record = requireQuery(ctx.queries.get(requiredString(body, "queryId", 256)));
  const maxItems = optionalNumber(body, "maxItems", 1, QUERY_LIMITS.pageSize) ?? QUERY_LIMITS.pageSize;
  const offset = decodeToken<number>(`results:${record.queryId}`, optionalString(body, "nextToken")) ?? 0;
  const rows = ctx.queries.rows(record);
  const fields = record.result?.fields ?? [];
  const page = rows.slice(offset, offset + maxItems);
  const stats = ctx.queries.statistics(record);
  const more = record.status === "Complete" && offset + page.length < rows.length;
  return {
    queryLanguage: "CWLI",
    results: page.map((row) => toResultFields(row, fields)),
    statistics: {
      recordsMatched: stats.recordsMatched,
      recordsScanned: stats.recordsScanned,
      bytesScanned: stats.bytesScanned,
      logGroupsScanned: record.logGroupNames.length,
      ...(record.status === "Complete" ? { resultCount: rows.length } : {}),
    },
    status: record.status,
    ...(more ? { nextToken: encodeToken(`results:${record.queryId}`, offset + page.length) } : {}),
  };
};

/** A row as `[{field, value}]`: the query's columns in order, then any others; missing values left out. */
function toResultFields(row: Record<string, string>, fields: string[]): { field: string; value: string }[] {
  const out: { field: string; value: string }[] = [];
  for (const field of fields) if (row[field] !== undefined) out.push({ field, value: row[field] });
  for (const field of Object.keys(row)) if (!fields.includes(field)) out.push({ field, value: row[field] });
  return out;
}

export const stopQuery: Operation = async (body, ctx) => {
  const record = requireQuery(ctx.queries.get(requiredString(body, "queryId", 256)));
  if (!ctx.queries.stop(record)) {
    throw invalidParameter(`Query ${record.queryId} is not running (status ${record.status}).`);
  }
  return { success: true };
};

const STATUSES = ["Scheduled", "Running", "Complete", "Failed", "Cancelled", "Timeout", "Unknown"];

export const describeQueries: Operation = async (body, ctx) => {
  const group = optionalString(body, "logGroupName");
  const status = optionalString(body, "status");
  if (status !== undefined && !STATUSES.includes(status)) {
    throw invalidParameter(
      `1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [${STATUSES.join(", ")}]`,
    );
  }
  const maxResults = optionalNumber(body, "maxResults", 1, 1000) ?? 1000;
  const offset = decodeToken<number>("queries", optionalString(body, "nextToken")) ?? 0;
  const matching = ctx.queries
    .list()
    .filter((q) => (group === undefined || q.logGroupNames.includes(group)) && (status === undefined || q.status === status));
  const page = matching.slice(offset, offset + maxResults);
  return {
    queries: page.map((q) => ({
      queryLanguage: "CWLI",
      queryId: q.queryId,
      queryString: q.queryString,
      status: q.status,
      createTime: q.createTime,
      ...(q.logGroupNames.length > 0 ? { logGroupName: q.logGroupNames[0] } : {}),
      ...(q.finishTime !== undefined ? { queryDuration: q.finishTime - q.createTime } : {}),
      bytesScanned: ctx.queries.statistics(q).bytesScanned,
    })),
    ...(offset + page.length < matching.length ? { nextToken: encodeToken("queries", offset + page.length) } : {}),
  };
};

export const getLogRecord: Operation = async (body, ctx) => {
  const ptr = requiredString(body, "logRecordPointer");
  if (!decodePtr(ptr)) throw invalidParameter("The specified logRecordPointer is not valid.");
  const event = recordAt(ctx.store, ptr);
  if (!event) throw resourceNotFound("The log record does not exist.");
  return { logRecord: renderRecord(event) };
};
