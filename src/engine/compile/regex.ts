/**
 * Regexes of queries run as JavaScript RegExp. CloudWatch runs RE2, which has no look-around
 * and no back-references; a query using them would run offline and fail on CloudWatch, so they
 * are rejected (reference decisions, "regex dialect").
 */
export interface RegexProblem {
  code: "TL307" | "TL308";
  message: string;
}

/** Inline flag groups RE2 accepts and JavaScript does not: `(?i)`, `(?s)`, `(?m)`, `(?is)`. */
const INLINE_FLAGS = /\(\?([ims]+)\)/g;

export function compileRegex(
  source: string,
  caseInsensitive: boolean,
  extraFlags = "",
): RegExp | RegexProblem {
  const unsupported = findUnsupported(source);
  if (unsupported) return { code: "TL308", message: `${unsupported} is not supported by CloudWatch's regex engine (RE2)` };
  let flags = extraFlags + (caseInsensitive ? "i" : "");
  const body = source.replace(INLINE_FLAGS, (_all, f: string) => {
    for (const c of f) if (!flags.includes(c)) flags += c;
    return "";
  });
  try {
    return new RegExp(body, flags + "u");
  } catch {
    try {
      return new RegExp(body, flags);
    } catch (error) {
      return { code: "TL307", message: `bad regex: ${(error as Error).message}` };
    }
  }
}

export function isRegexProblem(r: RegExp | RegexProblem): r is RegexProblem {
  return !(r instanceof RegExp);
}

/** The first look-around or back-reference outside a character class, described; else undefined. */
function findUnsupported(source: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      const next = source[i + 1] ?? "";
      if (!inClass && /[1-9]/.test(next)) return `the back-reference \\${next}`;
      if (!inClass && next === "k" && source[i + 2] === "<") return "a named back-reference (\\k<...>)";
      i++;
    } else if (inClass) {
      if (c === "]") inClass = false;
    } else if (c === "[") {
      inClass = true;
      if (source[i + 1] === "]") i++;
    } else if (c === "(" && source[i + 1] === "?") {
      const rest = source.slice(i + 2, i + 4);
      if (rest.startsWith("=") || rest.startsWith("!")) return "look-ahead";
      if (rest === "<=" || rest === "<!") return "look-behind";
    }
  }
  return undefined;
}
