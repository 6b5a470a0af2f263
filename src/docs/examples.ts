/**
 * The README's examples as data: every ```console block is one or more `$ command` lines, each
 * followed by the output it prints. A line `...` in an output stands for any number of lines
 * (the README leaves long output out that way). An HTML comment right before a block's fence
 * says how to run it: `<!-- example: not rerun: why -->` (a live service, AWS), or
 * `<!-- example: timings vary -->` (durations are compared as "N s").
 */

export interface ExampleCommand {
  /** As written after `$ `, continuation lines included. */
  readonly command: string;
  readonly expected: readonly string[];
  /** 1-based line of the README where the command starts. */
  readonly line: number;
}

export interface Example {
  readonly commands: readonly ExampleCommand[];
  /** Why the block is not rerun, if it is not. */
  readonly notRerun?: string;
  readonly timingsVary: boolean;
  /** 1-based lines of the README that the block's body spans, fences excluded. */
  readonly bodyFrom: number;
  readonly bodyTo: number;
}

const FENCE = /^```console\s*$/;
const DIRECTIVE = /^<!--\s*example:\s*(.*?)\s*-->$/;

export function parseExamples(markdown: string): Example[] {
  const lines = markdown.split("\n");
  const examples: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!FENCE.test(lines[i])) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith("```"));
    if (end < 0) break;
    const body = lines.slice(i + 1, end);
    if (body[0]?.startsWith("$ ")) examples.push(example(body, i + 2, directives(lines, i)));
    i = end;
  }
  return examples;
}

function directives(lines: string[], fence: number): { notRerun?: string; timingsVary: boolean } {
  let j = fence - 1;
  while (j >= 0 && lines[j].trim() === "") j--;
  const said = j >= 0 ? DIRECTIVE.exec(lines[j].trim())?.[1] : undefined;
  if (said === undefined) return { timingsVary: false };
  const notRerun = /^not rerun:\s*(.+)$/.exec(said)?.[1];
  if (notRerun !== undefined) return { notRerun, timingsVary: false };
  if (said === "timings vary") return { timingsVary: true };
  throw new Error(`README.md:${j + 1}: unknown example directive "${said}" (known: "not rerun: why", "timings vary")`);
}

function example(body: string[], firstLine: number, how: { notRerun?: string; timingsVary: boolean }): Example {
  const commands: ExampleCommand[] = [];
  let k = 0;
  while (k < body.length) {
    const line = firstLine + k;
    let command = body[k].slice(2);
    k++;
    while (continues(command) && k < body.length) command += `\n${body[k++]}`;
    const expected: string[] = [];
    while (k < body.length && !body[k].startsWith("$ ")) expected.push(body[k++]);
    while (expected.length > 0 && expected[expected.length - 1] === "") expected.pop();
    commands.push({ command, expected, line });
  }
  return { commands, ...how, bodyFrom: firstLine, bodyTo: firstLine + body.length - 1 };
}

/** Whether a shell command goes on to the next line: an open quote, or a backslash at the end. */
export function continues(command: string): boolean {
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
    } else if (c === "\\") {
      if (i === command.length - 1) return true;
      i++;
    } else if (c === quote) quote = undefined;
    else if (quote === undefined && (c === "'" || c === '"')) quote = c;
  }
  return quote !== undefined;
}

/** What a terminal shows of the bytes: CR returns to the line's start, ESC[2K clears it, other escapes are dropped. */
export function screenText(raw: string): string[] {
  return raw
    .replace(/\r\n/g, "\n")
    .split("\n")
    .map((line) => {
      let shown = "";
      for (const segment of line.split("\r")) {
        const cleared = segment.startsWith("\u001b[2K");
        const text = stripEscapes(segment);
        shown = cleared ? text : text + shown.slice(text.length);
      }
      return shown.trimEnd();
    })
    .filter((line, i, all) => !(i === all.length - 1 && line === ""));
}

function stripEscapes(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").replace(/\u001b\][^\u0007]*\u0007/g, "");
}

/** Durations as "N <unit>", for blocks whose timings vary from run to run. */
export function withoutTimings(line: string): string {
  return line.replace(/\b\d+(?:[.,]\d+)*\s?(ms|s|m)\b/g, "N $1");
}

/** Whether `got` is what `expected` shows, a `...` line standing for any number of lines. */
export function matches(expected: readonly string[], got: readonly string[]): boolean {
  // reach[j]: expected[0..i) can produce got[0..j).
  let reach = new Array<boolean>(got.length + 1).fill(false);
  reach[0] = true;
  for (const want of expected) {
    const next = new Array<boolean>(got.length + 1).fill(false);
    for (let j = 0; j <= got.length; j++) {
      if (want === "...") next[j] = reach[j] || (j > 0 && next[j - 1]);
      else next[j] = j > 0 && reach[j - 1] && got[j - 1].trimEnd() === want.trimEnd();
    }
    reach = next;
  }
  return reach[got.length];
}
