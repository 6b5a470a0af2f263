import type { TableColumn } from "../output/fitted-table.js";

/**
 * A route's figures as latency and compare show them, in this order; on a narrow terminal the
 * lowest priority goes first, so that both views keep the same figures at the same width.
 */
export const ROUTE_FIGURE_COLUMNS: readonly TableColumn[] = [
  { header: "requests", role: "number", priority: 9 },
  { header: "errors", role: "number", priority: 7 },
  { header: "aborted", role: "number", priority: 2 },
  { header: "p50", role: "number", priority: 4 },
  { header: "p95", role: "number", priority: 8 },
  { header: "p99", role: "number", priority: 5 },
  { header: "max", role: "number", priority: 3 },
  { header: "wait", role: "number", priority: 8 },
  { header: "SQL", role: "number", priority: 7 },
  { header: "other", role: "number", priority: 6 },
];

export const ROUTE_COLUMN: TableColumn = { header: "route", role: "text", minWidth: 16, priority: 10 };
