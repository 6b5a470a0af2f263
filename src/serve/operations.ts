import type { Operation } from "./context.js";
import { filterLogEvents, getLogEvents, putLogEvents } from "./events.js";
import {
  createLogGroup,
  createLogStream,
  deleteLogGroup,
  deleteLogStream,
  deleteRetentionPolicy,
  describeLogGroups,
  describeLogStreams,
  putRetentionPolicy,
} from "./groups.js";
import { describeQueries, getLogRecord, getQueryResults, startQuery, stopQuery } from "./queries.js";
import { getLogGroupFields } from "./log-group-fields.js";
import { deleteQueryDefinition, describeQueryDefinitions, putQueryDefinition } from "./query-definitions.js";
import { createLookupTable, deleteLookupTable, describeLookupTables, getLookupTable, updateLookupTable } from "./lookup-tables.js";

/**
 * Every operation the endpoint answers, by its name in `X-Amz-Target: Logs_20140328.<name>`.
 * A Map, not an object: a client's name must never find `__proto__`, `constructor` or another
 * member every object inherits.
 */
export const OPERATIONS: ReadonlyMap<string, Operation> = new Map(Object.entries({
  CreateLogGroup: createLogGroup,
  DeleteLogGroup: deleteLogGroup,
  DescribeLogGroups: describeLogGroups,
  PutRetentionPolicy: putRetentionPolicy,
  DeleteRetentionPolicy: deleteRetentionPolicy,
  CreateLogStream: createLogStream,
  DeleteLogStream: deleteLogStream,
  DescribeLogStreams: describeLogStreams,
  PutLogEvents: putLogEvents,
  GetLogEvents: getLogEvents,
  FilterLogEvents: filterLogEvents,
  StartQuery: startQuery,
  GetQueryResults: getQueryResults,
  StopQuery: stopQuery,
  DescribeQueries: describeQueries,
  GetLogRecord: getLogRecord,
  GetLogGroupFields: getLogGroupFields,
  PutQueryDefinition: putQueryDefinition,
  DescribeQueryDefinitions: describeQueryDefinitions,
  DeleteQueryDefinition: deleteQueryDefinition,
  CreateLookupTable: createLookupTable,
  DescribeLookupTables: describeLookupTables,
  GetLookupTable: getLookupTable,
  UpdateLookupTable: updateLookupTable,
  DeleteLookupTable: deleteLookupTable,
}));

export const TARGET_PREFIX = "Logs_20140328.";
