import { QueryError, runQuery } from "../index.js";
import { UserError } from "../../shared/errors.js";
import { createMemorySource } from "../../sources/memory.js";
import { fuzzEvents } from "./cases.js";

/** What a fuzz case did: ran, stopped with a coded diagnostic or a user error, or failed (a bug). */
export type Outcome = { ok: true; summary: string } | { ok: false; problem: string };

const NOW = Date.UTC(2026, 0, 2);
const EVENTS = fuzzEvents();

/**
 * Runs a query twice over the fuzz events. Fine: a result, a `QueryError` (coded diagnostics)
 * or a `UserError` (a bound such as the group limit), the same both times. A bug: any other
 * error (what the CLI reports with exit 70), or two runs that disagree.
 */
export async function checkQuery(query: string): Promise<Outcome> {
  const first = await once(query);
  if (!first.ok) return first;
  const second = await once(query);
  if (!second.ok) return second;
  if (first.summary !== second.summary) return { ok: false, problem: `not deterministic:\n  ${first.summary.slice(0, 300)}\n  ${second.summary.slice(0, 300)}` };
  return first;
}

async function once(query: string): Promise<Outcome> {
  try {
    const result = await runQuery(query, createMemorySource(EVENTS), { now: NOW, onWarning: () => {} });
    return { ok: true, summary: JSON.stringify([result.fields, result.rows, result.statistics]) };
  } catch (error) {
    if (error instanceof QueryError) {
      const codes = error.diagnostics.map((d) => `${d.code}@${d.span.start}`);
      if (error.diagnostics.length === 0) return { ok: false, problem: "QueryError without a diagnostic" };
      return { ok: true, summary: `diagnostics ${codes.join(" ")}` };
    }
    if (error instanceof UserError) return { ok: true, summary: `user error ${error.message}` };
    const e = error as Error;
    return { ok: false, problem: `${e?.name ?? "throw"}: ${e?.message ?? String(error)}\n${(e?.stack ?? "").split("\n").slice(1, 6).join("\n")}` };
  }
}
