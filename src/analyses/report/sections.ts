import { formatMs, formatShare, formatTime } from "../format.js";
import type { LatencyModel } from "../latency/model.js";
import { REASON_LABELS } from "../races/causes.js";
import type { RacesModel } from "../races/model.js";
import type { SlowQueriesModel } from "../slow-queries/model.js";
import { splitSentence } from "../time-split-text.js";
import { shares } from "../time-split.js";
import type { TraceModel } from "../trace/model.js";
import { esc, section, table } from "./html.js";
import type { LogOverview } from "./model.js";

/** A stacked bar of a time split with its parts in its title (the colours are not the only key). */
function splitBar(parts: { totalMs: number; poolWaitMs?: number; sqlMs: number; beforeFirstLineMs: number; otherMs: number }): string {
  const share = shares(parts);
  const piece = (cls: string, value: number, label: string) => (value > 0 ? `<span class="${cls}" style="width:${(value * 100).toFixed(2)}%" title="${esc(label)} ${formatShare(value)}"></span>` : "");
  return `<div class="bar" role="img" aria-label="${esc(`wait ${formatShare(share.poolWait)}, SQL ${formatShare(share.sql)}, other ${formatShare(share.other)}`)}">${piece("wait", share.poolWait ?? 0, "waiting for a DB connection")}${piece("sqlc", share.sql, "SQL")}${piece("before", share.beforeFirstLine, "before the first line")}${piece("other", share.other, "other")}</div>`;
}

export const SPLIT_KEY = `<p class="legend muted">time split:<span class="key wait"></span>waiting for a DB connection<span class="key sqlc"></span>SQL<span class="key before"></span>before the first line<span class="key other"></span>other (application, serialisation)</p>`;

export function timeByRoute(model: LatencyModel): string {
  const rows = model.routes.map((route) => [
    esc(route.key),
    String(route.requests),
    route.errors === undefined ? "-" : String(route.errors),
    route.p50Ms === undefined ? "" : esc(formatMs(route.p50Ms)),
    route.p95Ms === undefined ? "" : esc(formatMs(route.p95Ms)),
    route.p99Ms === undefined ? "" : esc(formatMs(route.p99Ms)),
    route.maxMs === undefined ? "" : esc(formatMs(route.maxMs)),
    route.time.poolWaitMs === undefined ? "not logged" : esc(formatShare(shares(route.time).poolWait)),
    esc(formatShare(shares(route.time).sql)),
    esc(formatShare(shares(route.time).other)),
    splitBar(route.time),
  ]);
  const body = [
    table(["route", "requests", "5xx", "p50", "p95", "p99", "max", "DB wait", "SQL", "other", "time split"], rows, [false, true, true, true, true, true, true, true, true, true, false]),
    SPLIT_KEY,
    `<p>All routes, summed: ${esc(splitSentence(model.overall.time))}</p>`,
    ...model.notes.map((note) => `<p class="note">Note: ${esc(note)}</p>`),
  ];
  return section("time", "Where the time goes, per route", body.join("\n"));
}

export function slowSql(model: SlowQueriesModel): string {
  const rows = model.statements.map((s, i) => [
    String(i + 1),
    `<span class="sql">${esc(s.sql)}</span>`,
    String(s.calls),
    esc(formatMs(s.totalMs)),
    esc(formatMs(s.avgMs)),
    esc(formatMs(s.p95Ms)),
    s.poolWait ? esc(formatMs(s.poolWait.avgMs)) : "-",
    s.poolWait ? esc(formatMs(s.poolWait.p95Ms)) : "-",
    esc(formatShare(s.share)),
  ]);
  const wait = model.poolWaitMs === undefined ? "" : `, and ${esc(formatMs(model.poolWaitMs))} waiting for DB connections before them`;
  const body = [
    `<p>${model.totalCalls} statement execution(s), ${esc(formatMs(model.totalMs))} of SQL${wait}; ${model.distinctStatements} distinct statement(s), the ${model.statements.length} with the most total time below.</p>`,
    table(["#", "statement", "calls", "total", "avg", "p95", "avg wait", "p95 wait", "share"], rows, [true, false, true, true, true, true, true, true, true]),
    ...model.nPlusOne.map((n) => `<p class="note">N+1: <span class="sql">${esc(n.sql)}</span> ran up to ${n.maxCallsInOneRequest} times in one request (${n.requests} request(s)).</p>`),
  ];
  return section("sql", "Slow SQL", body.join("\n"));
}

export function orphans(model: RacesModel): string {
  const s = model.summary;
  const reasons = Object.entries(s.orphanedByReason).map(([reason, count]) => [esc(REASON_LABELS[reason as keyof typeof REASON_LABELS] ?? reason), String(count), `<code>${esc(s.examples[reason as keyof typeof s.examples] ?? "")}</code>`]);
  const body = [
    `<p class="headline">${s.created} todo(s) created, ${s.deleted} deleted, ${s.orphaned} orphaned (left in the table)</p>`,
    s.dominant ? `<p><strong>Why:</strong> ${s.dominant.count} of ${s.orphaned} orphaned todo(s): ${esc(s.dominant.sentence)}</p>` : "",
    reasons.length > 0 ? table(["orphaned because", "todos", "example request"], reasons, [false, true, false]) : "",
    s.orphanTitles.length > 0 ? `<p>Orphans by title: ${s.orphanTitles.map((t) => `“${esc(t.title)}” ×${t.count}`).join(", ")}</p>` : "",
    model.inferences.length > 0 ? `<h3>How this is worked out</h3><ul>${model.inferences.map((i) => `<li>${esc(i)}</li>`).join("")}</ul>` : "",
  ];
  return section("races", "Orphaned todos (races)", body.filter((part) => part !== "").join("\n"));
}

export function slowestRequest(model: TraceModel): string {
  const s = model.summary;
  const span = Math.max(1, s.spanMs, s.durationMs);
  const first = model.steps[0]?.timestamp ?? 0;
  const pct = (ms: number) => `${Math.max(0, Math.min(100, (ms / span) * 100)).toFixed(2)}%`;
  const rows = model.steps.map((step) => {
    const at = step.timestamp - first;
    const lanes: string[] = [];
    if (step.sqlMs !== undefined) {
      // A statement's line is written when it ends: its SQL ran before, its wait before that.
      const sqlStart = step.sqlInferred ? at : at - step.sqlMs;
      if (step.waitMs !== undefined) lanes.push(`<span class="wait" style="left:${pct(sqlStart - step.waitMs)};width:${pct(step.waitMs)}" title="waiting for a DB connection ${esc(formatMs(step.waitMs))}"></span>`);
      lanes.push(`<span class="sqlc" style="left:${pct(sqlStart)};width:${pct(step.sqlMs)}" title="SQL ${esc(formatMs(step.sqlMs))}"></span>`);
    } else lanes.push(`<span class="mark" style="left:${pct(at)};width:2px"></span>`);
    return [
      esc(formatMs(at)),
      esc(step.event),
      step.sql ? `<span class="sql">${esc(step.sql)}</span>` : esc(step.message),
      step.waitMs === undefined ? "" : esc(formatMs(step.waitMs)),
      step.sqlMs === undefined ? "" : esc(`${step.sqlInferred ? "~" : ""}${formatMs(step.sqlMs)}`),
      step.status === undefined ? "" : String(step.status),
      `<div class="lane">${lanes.join("")}</div>`,
    ];
  });
  const body = [
    `<p class="headline">${esc(`${s.method ?? "?"} ${s.url ?? s.route ?? ""}`)} → ${esc(s.status ?? "no status")} in ${esc(formatMs(s.durationMs))}</p>`,
    `<p>${esc(splitSentence(s.time))}</p>`,
    `<p class="muted">request <code>${esc(s.requestId)}</code>, first line ${esc(formatTime(first))} UTC, ${s.events} line(s)</p>`,
    `<div class="waterfall">${table(["offset", "event", "message / SQL", "DB wait", "SQL", "status", "waterfall"], rows, [true, false, false, true, true, true, false]).replace(/<td>(<div class="lane">)/g, '<td class="track">$1')}</div>`,
    SPLIT_KEY,
    ...s.warnings.map((w) => `<p class="note">${esc(w)}</p>`),
  ];
  return section("slowest", "The slowest request", body.join("\n"));
}

export function overview(model: LogOverview, chart: string): string {
  const levels = model.levels.length === 0 ? "<p class=\"muted\">No level field in these logs.</p>" : table(["level", "events"], model.levels.map((l) => [esc(l.level), String(l.events)]), [false, true]);
  const messages = table(["message or event", "events"], model.topMessages.map((m) => [esc(m.text.length > 160 ? `${m.text.slice(0, 159)}…` : m.text), String(m.events)]), [false, true]);
  const outside = model.outsideWindow ? ` ${model.outsideWindow.toLocaleString("en")} of them fall outside the run's span and are not drawn.` : "";
  return section("overview", "The logs at a glance", [`<p>${model.events.toLocaleString("en")} events, ${(model.bytes / 1e6).toFixed(1)} MB.${outside}</p>`, chart, "<h3>Levels</h3>", levels, "<h3>Most frequent</h3>", messages].join("\n"));
}
