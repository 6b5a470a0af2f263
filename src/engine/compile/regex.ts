import { createRequire } from "node:module";
import type { RE2JS } from "re2js";

/**
 * Regexes of queries (`like /re/`, `=~`, `parse`, `regexReplace`) run on RE2, as CloudWatch's
 * do: matching is linear in the input, whatever the pattern (a backtracking engine takes
 * exponential time on `(a+)+$`), and the dialect is RE2's: named groups `(?<name>...)` and
 * `(?P<name>...)`, inline flags `(?i)` `(?s)` `(?m)` `(?U)`, no look-around, no back-references
 * (reference decisions, "regex dialect"). The engine is re2js, a pure JavaScript port of RE2.
 */
export interface QueryRegex {
  /** Whether the pattern matches anywhere in `text`. */
  test(text: string): boolean;
  /** The first match: the whole match, then each group (undefined when it took no part); or null. */
  exec(text: string): ReadonlyArray<string | undefined> | null;
  /** Every match, left to right, not overlapping (an empty match moves on by one character). */
  matchAll(text: string): Iterable<ReadonlyArray<string | undefined>>;
  /** `text` with every match replaced; `$1`, `$<name>`, `$&` and `$$` expand as in JavaScript. */
  replaceAll(text: string, replacement: string): string;
  /** The capture groups in order: each one's name, or undefined for an unnamed group. */
  readonly groups: ReadonlyArray<string | undefined>;
}

/** A pattern that cannot run: TL307 (RE2 rejects it) or TL308 (a construct RE2 lacks). */
export interface RegexProblem {
  code: "TL307" | "TL308";
  message: string;
  /** Where in the pattern the problem is, when known: offset and length in the source. */
  at?: { offset: number; length: number };
}

let loaded: typeof RE2JS | undefined;

/**
 * re2js, loaded by the first pattern that needs it: its 300 KB of code cost every query's
 * start-up about 4% of its instructions, and most queries have no regex. The bundle leaves it in
 * node_modules and requires it from there (scripts/bundle.mjs: `require` is the banner's);
 * elsewhere (tests, tsc's output) Node loads re2js's CommonJS build the same way.
 */
function re2js(): typeof RE2JS {
  loaded ??= (typeof require === "function" ? (require("re2js") as typeof import("re2js")) : (createRequire(import.meta.url)("re2js") as typeof import("re2js"))).RE2JS;
  return loaded;
}

export function compileRegex(source: string, caseInsensitive: boolean): QueryRegex | RegexProblem {
  const unsupported = findUnsupported(source);
  if (unsupported) {
    return {
      code: "TL308",
      message: `${unsupported.what} is not supported by CloudWatch's regex engine (RE2)`,
      at: { offset: unsupported.offset, length: unsupported.length },
    };
  }
  if (!caseInsensitive && isLiteral(source)) return literalRegex(source);
  try {
    const engine = re2js();
    return new Re2Regex(engine.compile(source, caseInsensitive ? engine.CASE_INSENSITIVE : 0));
  } catch (error) {
    const reason = String((error as Error).message).replace(/^error parsing regexp: /, "");
    return { code: "TL307", message: `bad regex: ${reason}` };
  }
}

export function isRegexProblem(r: QueryRegex | RegexProblem): r is RegexProblem {
  return "code" in r;
}

/** A compiled RE2 pattern for tolog's own patterns (globs), which are valid by construction. */
export function re2(source: string, options: { dotAll: boolean }): QueryRegex {
  const engine = re2js();
  return new Re2Regex(engine.compile(source, options.dotAll ? engine.DOTALL : 0));
}

class Re2Regex implements QueryRegex {
  readonly groups: ReadonlyArray<string | undefined>;

  constructor(private readonly re: RE2JS) {
    const groups: Array<string | undefined> = new Array<string | undefined>(re.groupCount()).fill(undefined);
    for (const [name, index] of Object.entries(re.namedGroups())) groups[index - 1] = name;
    this.groups = groups;
  }

  test(text: string): boolean {
    return this.re.test(text);
  }

  exec(text: string): ReadonlyArray<string | undefined> | null {
    // The DFA answers whether there is a match much faster than a search with groups.
    return this.re.test(text) ? (this.re.exec(text) as Array<string | undefined> | null) : null;
  }

  matchAll(text: string): Iterable<ReadonlyArray<string | undefined>> {
    return this.re.matchAll(text);
  }

  replaceAll(text: string, replacement: string): string {
    return this.re.matcher(text).replaceAll(replacement);
  }
}

/** Characters with a meaning in RE2 syntax; a pattern without any of them is plain text. */
const RE2_SPECIAL = /[\\.+*?()|[\]{}^$]/;

function isLiteral(source: string): boolean {
  return source !== "" && !RE2_SPECIAL.test(source);
}

/** A pattern that is plain text: searched as a substring, which finds what RE2 finds. */
function literalRegex(text: string): QueryRegex {
  let replacer: QueryRegex | undefined;
  return {
    groups: [],
    test: (s) => s.includes(text),
    exec: (s) => (s.includes(text) ? [text] : null),
    *matchAll(s) {
      for (let at = s.indexOf(text); at >= 0; at = s.indexOf(text, at + text.length)) yield [text];
    },
    // Replacement strings have their own syntax ($&, $`, ...): RE2 expands them.
    replaceAll: (s, replacement) => (replacer ??= re2(text, { dotAll: false })).replaceAll(s, replacement),
  };
}

/**
 * The first look-around or back-reference outside a character class, with where it is;
 * undefined when there is none. RE2 would reject them too, with a less helpful message.
 */
function findUnsupported(source: string): { what: string; offset: number; length: number } | undefined {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      const next = source[i + 1] ?? "";
      if (!inClass && /[1-9]/.test(next)) return { what: `the back-reference \\${next}`, offset: i, length: 2 };
      if (!inClass && next === "k" && source[i + 2] === "<") return { what: "a named back-reference (\\k<...>)", offset: i, length: 3 };
      i++;
    } else if (inClass) {
      if (c === "]") inClass = false;
    } else if (c === "[") {
      inClass = true;
      if (source[i + 1] === "^") i++;
      if (source[i + 1] === "]") i++;
    } else if (c === "(" && source[i + 1] === "?") {
      const rest = source.slice(i + 2, i + 4);
      if (rest.startsWith("=") || rest.startsWith("!")) return { what: "look-ahead", offset: i, length: 3 };
      if (rest === "<=" || rest === "<!") return { what: "look-behind", offset: i, length: 4 };
    }
  }
  return undefined;
}
