/**
 * Finds `{{name}}` placeholders in query text with a small scanner that knows where Logs
 * Insights literals and comments are, so that a placeholder can be told apart from the same
 * characters inside a string, a regex, a backtick name or a comment.
 */

export interface Placeholder {
  name: string;
  /** Offsets of the whole `{{ name }}` in the text. */
  start: number;
  end: number;
  /** Where it sits: only `code` placeholders are substituted; the others are errors. */
  context: "code" | "string" | "regex" | "backtick";
  /** The significant token just before it (`limit`, `=`, `>`...), to guess a sample value's type. */
  previous?: string;
}

export interface MalformedPlaceholder {
  start: number;
  end: number;
  text: string;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/y;
const MALFORMED = /\{\{[^}\n]*\}?\}?/y;
const WORD = /[A-Za-z_@][A-Za-z0-9_.@]*/y;
const NUMBER = /[0-9][0-9.]*[A-Za-z]*/y;
const OPERATOR = /=~|!=|<=|>=|[=<>+\-*%^!]/y;
/** After these words a `/` starts a regex (`like /x/`), not a division. */
const REGEX_AFTER_WORD = new Set(["like", "and", "or", "not", "in", "parse", "filter", "where", "by"]);

export function scanPlaceholders(text: string): { placeholders: Placeholder[]; malformed: MalformedPlaceholder[] } {
  const placeholders: Placeholder[] = [];
  const malformed: MalformedPlaceholder[] = [];
  // The last two significant tokens: a `/` after `parse <field>` starts a regex.
  let previous: string | undefined;
  let beforePrevious: string | undefined;
  let previousIsOperand = false;
  const significant = (token: string, operand: boolean) => {
    beforePrevious = previous;
    previous = token;
    previousIsOperand = operand;
  };

  // Placeholders inside a literal running from `from` to `to` (exclusive).
  const inLiteral = (from: number, to: number, context: Placeholder["context"]) => {
    for (let i = from; i < to; i++) {
      PLACEHOLDER.lastIndex = i;
      const match = PLACEHOLDER.exec(text);
      if (match && match.index + match[0].length <= to) {
        placeholders.push({ name: match[1], start: i, end: i + match[0].length, context });
        i += match[0].length - 1;
      }
    }
  };

  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "#") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === '"' || c === "'" || c === "`") {
      const end = closing(text, i, c);
      inLiteral(i + 1, end, c === "`" ? "backtick" : "string");
      i = Math.min(end + 1, text.length);
      significant(text.slice(i - 1, i), true);
    } else if (c === "/" && (!previousIsOperand || beforePrevious?.toLowerCase() === "parse")) {
      const end = closing(text, i, "/");
      inLiteral(i + 1, end, "regex");
      i = Math.min(end + 1, text.length);
      significant("/regex/", true);
    } else if (text.startsWith("{{", i)) {
      PLACEHOLDER.lastIndex = i;
      const match = PLACEHOLDER.exec(text);
      if (match) {
        placeholders.push({ name: match[1], start: i, end: i + match[0].length, context: "code", previous });
        i += match[0].length;
      } else {
        MALFORMED.lastIndex = i;
        const bad = MALFORMED.exec(text)![0];
        malformed.push({ start: i, end: i + bad.length, text: bad });
        i += bad.length;
      }
      significant("{{}}", true);
    } else {
      const token = matchAt(WORD, text, i) ?? matchAt(NUMBER, text, i) ?? matchAt(OPERATOR, text, i) ?? c;
      const operand = /^[A-Za-z_@0-9]/.test(token) || token === ")" || token === "]";
      significant(token, operand && !REGEX_AFTER_WORD.has(token.toLowerCase()));
      i += token.length;
    }
  }
  return { placeholders, malformed };
}

/** Offset of the closing quote (or the end of the text), skipping backslash escapes. */
function closing(text: string, open: number, quote: string): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === "\\" && quote !== "`") i++;
    else if (text[i] === quote) return i;
    else if (quote === "/" && text[i] === "\n") return i;
  }
  return text.length;
}

function matchAt(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0];
}
