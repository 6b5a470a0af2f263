import type { EngineLink } from "./engine-link.js";
import type { QueryDefinitions } from "./query-definitions.js";
import type { ServeLookupTables } from "./lookup-tables.js";
import type { QueryTable } from "./query-table.js";
import type { Body } from "./params.js";
import type { Store } from "./store.js";

/** What every operation handler can reach. */
export interface ServeContext {
  store: Store;
  queries: QueryTable;
  definitions: QueryDefinitions;
  lookupTables: ServeLookupTables;
  /** The engine, loaded on the first query. */
  engine(): Promise<EngineLink>;
  accountId: string;
  now(): number;
}

/** Per-request facts taken from the HTTP request. */
export interface RequestInfo {
  /** From the SigV4 credential scope, so ARNs name the region the client thinks it calls. */
  region: string;
}

export type Operation = (body: Body, ctx: ServeContext, request: RequestInfo) => Promise<unknown>;

export function groupArn(ctx: ServeContext, request: RequestInfo, group: string): string {
  return `arn:aws:logs:${request.region}:${ctx.accountId}:log-group:${group}`;
}
