/**
 * Groups SQL statements that differ only in their literal values, as pg_stat_statements and
 * pt-query-digest do: literals become `?`, lists of them collapse, whitespace and comments go.
 * Placeholders that are already parameters (`$1`, `%(name)s`, `?`, `:name`) are kept as they
 * are, so parameterised statements print exactly as they were written. DDL (CREATE, ALTER, DROP)
 * keeps its literals: it is not parameterised, its numbers and strings are the schema
 * (`VARCHAR(255)`, `DEFAULT false`), and pg_stat_statements keeps such utility statements as
 * their text too; only its comments and extra whitespace go.
 */
export function sqlFingerprint(sql: string): string {
  // A log repeats a few statements millions of times: each text is fingerprinted once.
  let fingerprint = fingerprints.get(sql);
  if (fingerprint === undefined) {
    if (fingerprints.size >= FINGERPRINTS_KEPT) fingerprints.clear();
    fingerprints.set(sql, (fingerprint = computeFingerprint(sql)));
  }
  return fingerprint;
}

const FINGERPRINTS_KEPT = 10_000;
const fingerprints = new Map<string, string>();

function computeFingerprint(sql: string): string {
  if (DDL.test(sql)) return tidied(sql);
  let text = sql
    .replace(/--[^\n]*/g, " ")
    .replace(/\/\*[\s\S]*?\*\//g, " ");
  text = replaceStringLiterals(text);
  text = text
    // numbers that are not part of an identifier or a `$1` parameter
    .replace(/(?<![\w$.:])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w])/gi, "?")
    // NULL stays: it is part of `IS NULL` and `NOT NULL`, and is hardly ever a varying value
    .replace(/\b(true|false)\b/gi, "?")
    .replace(/\s+/g, " ")
    .trim();
  // `IN (?, ?, ?)` -> `IN (?)`; `VALUES (?, ?), (?, ?)` -> `VALUES (?, ?)`
  text = text.replace(/\(\s*\?(?:\s*,\s*\?)+\s*\)/g, (group) => (/^\(\s*\?\s*,/.test(group) ? "(?+)" : group));
  text = text.replace(/(\([^()]*\))(?:\s*,\s*\1)+/g, "$1");
  return text.replace(/\s*;\s*$/, "");
}

/** The first word, after any comments, is CREATE, ALTER or DROP. */
const DDL = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*(?:create|alter|drop)\b/i;

/**
 * The statement on one line: comments dropped and whitespace runs made one space outside
 * `'strings'` and `"identifiers"`, which are kept whole (a `--` in a default value is no comment).
 */
function tidied(sql: string): string {
  let out = "";
  let i = 0;
  const space = () => {
    if (out !== "" && !out.endsWith(" ")) out += " ";
  };
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === "'" || ch === '"') {
      const end = ch === "'" ? endOfString(sql, i) : sql.indexOf('"', i + 1) + 1 || sql.length;
      out += sql.slice(i, end);
      i = end;
    } else if (sql.startsWith("--", i)) {
      const end = sql.indexOf("\n", i);
      i = end < 0 ? sql.length : end;
      space();
    } else if (sql.startsWith("/*", i)) {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? sql.length : end + 2;
      space();
    } else if (/\s/.test(ch)) {
      i++;
      space();
    } else {
      out += ch;
      i++;
    }
  }
  return out.trim().replace(/\s*;$/, "");
}

/** Replaces `'...'` (with `''` escapes) and `E'...'` strings by `?`, leaving `"identifiers"`. */
function replaceStringLiterals(sql: string): string {
  let out = "";
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === '"') {
      const end = sql.indexOf('"', i + 1);
      const stop = end < 0 ? sql.length : end + 1;
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === "'") {
      if (/[eE]$/.test(out) && !/\w[eE]$/.test(out)) out = out.slice(0, -1);
      i = endOfString(sql, i);
      out += "?";
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

function endOfString(sql: string, start: number): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === "\\" && i + 1 < sql.length) i += 2;
    else if (sql[i] === "'" && sql[i + 1] === "'") i += 2;
    else if (sql[i] === "'") return i + 1;
    else i++;
  }
  return sql.length;
}
