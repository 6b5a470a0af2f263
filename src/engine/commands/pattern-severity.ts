/**
 * `@severityLabel` of a `pattern` row: "the log severity or level, which indicates the type of
 * information contained in a log. For example, Error, Warning, Info, or Debug"
 * (DOCS/CWL_QuerySyntax-Pattern.html). CloudWatch does not say how it finds it; tolog's rule:
 * the first whole word of the pattern (case-insensitive, `\b` bounds, so `trace_id` and
 * `TypeError` are not levels) that names a log level, mapped to one of four labels. Quoted level
 * names (`"level":"error"`) are kept out of the masking (pattern-mask.ts), so a JSON log's level
 * stays in its pattern and events of different levels form different patterns.
 */

/**
 * Decision: the label spellings. The docs' prose writes Error, Warning, Info, Debug; a client of
 * real pattern output compares against "ERROR", so tolog prints the documented words in capitals.
 */
export const SEVERITY_LABELS = { error: "ERROR", warning: "WARNING", info: "INFO", debug: "DEBUG" } as const;

/** Decision: the level words recognised, lower case, and the label each one gives. */
const LEVEL_WORDS = new Map<string, keyof typeof SEVERITY_LABELS>([
  ...["fatal", "critical", "crit", "severe", "panic", "error", "err"].map((w) => [w, "error"] as const),
  ...["warning", "warn"].map((w) => [w, "warning"] as const),
  ...["info", "information", "notice"].map((w) => [w, "info"] as const),
  ...["debug", "trace", "verbose"].map((w) => [w, "debug"] as const),
]);

/** Decision: a pattern with no level word has no label (the field is left out of its row). */
export const UNKNOWN_SEVERITY_LABEL: string | null = null;

export function isLevelWord(text: string): boolean {
  return LEVEL_WORDS.has(text.toLowerCase());
}

export function severityLabel(pattern: string): string | null {
  for (const [word] of pattern.matchAll(/\b[A-Za-z]+\b/g)) {
    const level = LEVEL_WORDS.get(word.toLowerCase());
    if (level !== undefined) return SEVERITY_LABELS[level];
  }
  return UNKNOWN_SEVERITY_LABEL;
}
