import { scanPlaceholders } from "./placeholders.js";

/**
 * The console folder (name prefix) of CloudWatch saved queries made from `queries/*.insights`,
 * by `tolog queries push` and by the infra's deployment alike, so that both keep one copy.
 */
export const SAVED_QUERY_FOLDER = "tolog/";

/** TaskOverflow's log group as `infra/` creates it, and as every example names it. */
export const TASKOVERFLOW_LOG_GROUP = "taskoverflow";

/** One `# param` line of a saved query's header. */
export interface ParamSpec {
  name: string;
  /** Absent: the parameter is required. */
  default?: string;
  description: string;
}

/**
 * A parsed `queries/<name>.insights` file. The header is the leading `#` lines, which Logs
 * Insights reads as comments, so `text` (the whole file) is itself a runnable query template
 * whose line numbers match the file's.
 */
export interface SavedQuery {
  name: string;
  /** Where it was read from, as given; undefined for inline text. */
  path?: string;
  description?: string;
  params: ParamSpec[];
  text: string;
  /** The query without its header (for CloudWatch saved-query definitions, `queries show`). */
  body: string;
}

/** Something wrong with a saved query file, at a 1-based line. */
export interface SavedQueryProblem {
  line: number;
  message: string;
}

const PARAM_LINE = /^#\s*param\s+([A-Za-z_][A-Za-z0-9_]*)\s*(?:=\s*("(?:[^"\\]|\\.)*"|[^:"]*?)\s*)?:\s*(.*)$/;
const DESCRIPTION_LINE = /^#\s*description\s*:\s*(.*)$/;
const NEAR_MISSES: Record<string, string> = {
  params: "param",
  parameter: "param",
  parameters: "param",
  arg: "param",
  desc: "description",
  describe: "description",
};

/**
 * Parses header and placeholders. Problems are collected, not thrown, so that `queries check`
 * reports all of them; callers that run the query refuse one with problems.
 */
export function parseSavedQuery(
  name: string,
  text: string,
  path?: string,
): { query: SavedQuery; problems: SavedQueryProblem[] } {
  const problems: SavedQueryProblem[] = [];
  const params: ParamSpec[] = [];
  let description: string | undefined;
  const lines = text.split("\n");
  let bodyStart = 0;
  for (const [index, raw] of lines.entries()) {
    const line = raw.trimEnd();
    const at = index + 1;
    if (line.trim() === "") continue;
    if (!line.startsWith("#")) break;
    bodyStart = index + 1;
    const word = /^#\s*([A-Za-z]+)/.exec(line)?.[1].toLowerCase();
    if (word === "description") {
      const match = DESCRIPTION_LINE.exec(line);
      if (!match || match[1].trim() === "") {
        problems.push({ line: at, message: "expected `# description: what the query answers`" });
      } else if (description !== undefined) {
        problems.push({ line: at, message: "a second `# description:` line; keep one" });
      } else {
        description = match[1].trim();
      }
    } else if (word === "param") {
      const param = parseParamLine(line, at, problems);
      if (param && params.some((p) => p.name === param.name)) {
        problems.push({ line: at, message: `parameter "${param.name}" is declared twice` });
      } else if (param) {
        params.push(param);
      }
    } else if (word !== undefined && NEAR_MISSES[word]) {
      problems.push({ line: at, message: `unknown header word "${word}": did you mean "# ${NEAR_MISSES[word]} ..."?` });
    }
  }
  const body = lines.slice(bodyStart).join("\n").trim();
  if (body === "") problems.push({ line: lines.length, message: "the file has no query after its header" });
  problems.push(...lengthProblems(body, bodyStart + 1));
  problems.push(...placeholderProblems(text, params));
  return { query: { name, path, description, params, text, body }, problems };
}

/**
 * Query text given on the command line: no header, every `{{name}}` in it is a required
 * parameter. Only placeholders inside literals are problems.
 */
export function parseInlineQuery(text: string): { query: SavedQuery; problems: SavedQueryProblem[] } {
  const names = new Set(scanPlaceholders(text).placeholders.filter((p) => p.context === "code").map((p) => p.name));
  const params = [...names].map((name) => ({ name, description: "" }));
  return { query: { name: "query", params, text, body: text }, problems: [...lengthProblems(text, 1), ...placeholderProblems(text, params)] };
}

/** The longest query text CloudWatch takes: StartQuery's and PutQueryDefinition's `queryString`. */
export const MAX_QUERY_CHARS = 10_000;

/** A query (`body`, from line `firstLine`) longer than CloudWatch takes: it would run only offline. */
function lengthProblems(body: string, firstLine: number): SavedQueryProblem[] {
  if (body.length <= MAX_QUERY_CHARS) return [];
  return [
    {
      line: firstLine,
      message: `the query is ${body.length.toLocaleString("en-US")} characters long; CloudWatch Logs Insights takes at most 10,000: shorten it, e.g. with in [...] for many values, or a lookup table (lookup) for a long list`,
    },
  ];
}

function parseParamLine(line: string, at: number, problems: SavedQueryProblem[]): ParamSpec | undefined {
  const match = PARAM_LINE.exec(line);
  if (!match) {
    problems.push({
      line: at,
      message: 'expected `# param name: description` or `# param name = default: description` (quote a default that holds a colon: = "10:00")',
    });
    return undefined;
  }
  const [, name, rawDefault, description] = match;
  if (description.trim() === "") {
    problems.push({ line: at, message: `parameter "${name}" has no description after the colon` });
  }
  let value: string | undefined;
  if (rawDefault !== undefined) {
    if (rawDefault === "") {
      problems.push({ line: at, message: `parameter "${name}" has an empty default; write = "" for an empty string` });
    } else {
      value = rawDefault.startsWith('"') ? (JSON.parse(rawDefault) as string) : rawDefault;
    }
  }
  return { name, default: value, description: description.trim() };
}

function placeholderProblems(text: string, params: ParamSpec[]): SavedQueryProblem[] {
  const problems: SavedQueryProblem[] = [];
  const lineOf = (offset: number) => text.slice(0, offset).split("\n").length;
  const { placeholders, malformed } = scanPlaceholders(text);
  const declared = new Set(params.map((p) => p.name));
  for (const bad of malformed) {
    problems.push({ line: lineOf(bad.start), message: `"${bad.text}" is not a placeholder: write {{name}} with a name of letters, digits and _` });
  }
  for (const placeholder of placeholders) {
    if (placeholder.context !== "code") {
      problems.push({
        line: lineOf(placeholder.start),
        message: `{{${placeholder.name}}} is inside a ${placeholder.context === "backtick" ? "backtick name" : placeholder.context}: a placeholder stands for a whole value, so write \`= {{${placeholder.name}}}\` rather than \`= "{{${placeholder.name}}}"\``,
      });
    } else if (!declared.has(placeholder.name)) {
      problems.push({
        line: lineOf(placeholder.start),
        message: `{{${placeholder.name}}} is not declared: add \`# param ${placeholder.name}: what it is\` to the header`,
      });
    }
  }
  // A placeholder in a literal is a use, already reported above as misplaced: calling its
  // parameter unused too would send the writer to delete the declaration.
  for (const param of params) {
    if (!placeholders.some((p) => p.name === param.name)) {
      const line = text.split("\n").findIndex((l) => PARAM_LINE.exec(l.trimEnd())?.[1] === param.name) + 1;
      problems.push({ line, message: `parameter "${param.name}" is declared but the query never uses {{${param.name}}}` });
    }
  }
  return problems;
}
