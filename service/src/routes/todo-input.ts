/** Validation of todo bodies and query strings, with the course's error messages where it had any. */

export interface TodoFields {
  title?: string;
  description?: string | null;
  completed?: boolean;
  /** Naive UTC timestamp text, "YYYY-MM-DDTHH:MM:SS[.ffffff]", or null. */
  deadline_at?: string | null;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

const ALLOWED = new Set(["title", "description", "completed", "deadline_at"]);

/**
 * Deadlines the column keeps as written. JavaScript's Date.UTC reads the years 0-99 as 1900-1999
 * (so "0026-..." became 1926), and no todo is due before 1900 or after 9999.
 */
export const DEADLINE_YEARS = { first: 1900, last: 9999 } as const;
const FIRST_DEADLINE = Date.UTC(DEADLINE_YEARS.first, 0, 1);
const LAST_DEADLINE = Date.UTC(DEADLINE_YEARS.last, 11, 31, 23, 59, 59);

/** Postgres text cannot hold NUL (it fails the statement): such a value is the client's error. */
const NUL = "\u0000";

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Python's datetime.fromisoformat, as the course used it, within reason: a date, or a date and a
 * time, optionally with an offset, which is converted to UTC (the column is naive UTC). Within
 * DEADLINE_YEARS, or the error says so.
 */
export function parseDeadline(text: string): Checked<string> {
  const invalid = { ok: false, error: "invalid deadline_at" } as const;
  const m = ISO.exec(text);
  if (!m) return invalid;
  const [, y, mo, d, h = "00", mi = "00", s = "00", frac = "", tz] = m;
  const year = Number(y), month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(s);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return invalid;
  const outOfRange = { ok: false, error: `invalid deadline_at: it must fall in the years ${DEADLINE_YEARS.first}-${DEADLINE_YEARS.last}` } as const;
  // Before Date.UTC, which reads 0-99 as 1900-1999; the year before the first may still reach
  // it through an offset.
  if (year < DEADLINE_YEARS.first - 1) return outOfRange;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCDate() !== day || probe.getUTCMonth() !== month - 1) return invalid;
  let epoch = Date.UTC(year, month - 1, day, hour, minute, second);
  if (tz && tz !== "Z") {
    const sign = tz.startsWith("-") ? -1 : 1;
    const digits = tz.slice(1).replace(":", "");
    const offH = Number(digits.slice(0, 2)), offM = Number(digits.slice(2, 4));
    if (offH > 23 || offM > 59) return invalid;
    epoch -= sign * (offH * 60 + offM) * 60_000;
  }
  if (epoch < FIRST_DEADLINE || epoch > LAST_DEADLINE) return outOfRange;
  const iso = new Date(epoch).toISOString().slice(0, 19);
  return { ok: true, value: frac ? `${iso}.${frac.padEnd(6, "0")}` : iso };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** POST (requireTitle) and PUT bodies. */
export function checkTodoBody(body: unknown, requireTitle: boolean): Checked<TodoFields> {
  if (!isPlainObject(body)) return { ok: false, error: "expected a JSON object" };
  for (const key of Object.keys(body)) if (!ALLOWED.has(key)) return { ok: false, error: "extra fields" };
  if (requireTitle && !("title" in body)) return { ok: false, error: "missing title" };
  const out: TodoFields = {};
  if ("title" in body) {
    const t = body.title;
    if (typeof t !== "string" || characters(t) > 80) return { ok: false, error: "invalid title" };
    if (t.includes(NUL)) return { ok: false, error: "invalid title: it contains a NUL character (\\u0000)" };
    out.title = t;
  }
  if ("description" in body) {
    const d = body.description;
    if (d !== null && (typeof d !== "string" || characters(d) > 120)) return { ok: false, error: "invalid description" };
    if (typeof d === "string" && d.includes(NUL)) return { ok: false, error: "invalid description: it contains a NUL character (\\u0000)" };
    out.description = d;
  }
  if ("completed" in body) {
    if (typeof body.completed !== "boolean") return { ok: false, error: "invalid completed" };
    out.completed = body.completed;
  }
  if ("deadline_at" in body) {
    const d = body.deadline_at;
    if (d === null) out.deadline_at = null;
    else {
      const parsed: Checked<string> = typeof d === "string" ? parseDeadline(d) : { ok: false, error: "invalid deadline_at" };
      if (!parsed.ok) return parsed;
      out.deadline_at = parsed.value;
    }
  }
  return { ok: true, value: out };
}

/** Route ids as Flask's <int:id> took them: digits only; anything else is not a todo (404). */
export function parseId(raw: string): number | undefined {
  if (!/^\d{1,10}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n <= 2_147_483_647 ? n : undefined;
}

export interface ListQuery {
  completed?: string;
  window?: number;
  limit?: number;
  offset?: number;
}

function nonNegativeInt(v: string, max: number): number | undefined {
  if (!/^\d{1,9}$/.test(v)) return undefined;
  const n = Number(v);
  return n <= max ? n : undefined;
}

export function checkListQuery(q: Record<string, unknown>): Checked<ListQuery> {
  const one = (k: string) => (Array.isArray(q[k]) ? (q[k] as unknown[])[0] : q[k]) as string | undefined;
  const out: ListQuery = {};
  const completed = one("completed");
  if (completed !== undefined && completed.includes(NUL)) return { ok: false, error: "invalid completed: it contains a NUL character (\\u0000)" };
  if (completed !== undefined) out.completed = completed;
  const window = one("window");
  if (window !== undefined) {
    if (!/^-?\d{1,6}$/.test(window)) return { ok: false, error: "invalid window" };
    out.window = Number(window);
  }
  const limit = one("limit");
  if (limit !== undefined) {
    const n = nonNegativeInt(limit, 10_000);
    if (n === undefined) return { ok: false, error: "invalid limit" };
    out.limit = n;
  }
  const offset = one("offset");
  if (offset !== undefined) {
    const n = nonNegativeInt(offset, 100_000_000);
    if (n === undefined) return { ok: false, error: "invalid offset" };
    out.offset = n;
  }
  return { ok: true, value: out };
}

/** Characters as Postgres's VARCHAR(n) counts them (code points), not UTF-16 units: an emoji is one. */
function characters(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
