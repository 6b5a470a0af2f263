import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { describe, expect, it } from "vitest";
import { defineCommand, defineGroup } from "./command.js";
import { UserError } from "../shared/errors.js";
import { formatOptions, sourceOptions } from "./options.js";
import { buildCommandTree } from "./register-yargs.js";
import { COMMANDS } from "./registry.js";
import { runTolog } from "./test-helpers/run-tolog.js";

const version = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

describe("help and version", () => {
  it("lists every command, with examples, and exits 0", async () => {
    const { code, stdout, stderr } = await runTolog(["--help"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    for (const name of ["query [query]", "queries", "completion"]) expect(stdout).toContain(`tolog ${name}`);
    expect(stdout).toContain("TOLOG_<OPTION>");
  });

  it("shows examples in every command's help", async () => {
    const commands = COMMANDS.map((c) => c.command.split(/\s+/).filter((w) => !/^[<[]/.test(w)));
    for (const path of commands) {
      const { code, stdout } = await runTolog([...path, "--help"]);
      expect(code, path.join(" ")).toBe(0);
      expect(stdout, path.join(" ")).toContain("Examples:");
    }
  });

  it("fits every command's help in 80 columns, its examples broken only between words", async () => {
    for (const command of COMMANDS) {
      const path = command.command.split(/\s+/).filter((w) => !/^[<[]/.test(w));
      const { stdout } = await runTolog([...path, "--help"], { isTTY: true, columns: 80 });
      for (const line of stdout.split("\n")) expect(line.length, `${path.join(" ")}: ${line}`).toBeLessThanOrEqual(80);
      // yargs cuts a word longer than the examples' column: the example can no longer be pasted.
      const words = new Set(stdout.split(/\s+/));
      for (const [example] of command.examples) {
        for (const word of example.replace(/^\$0/, "tolog").split(/\s+/)) expect(words.has(word), `${path.join(" ")}: "${word}" of ${example}`).toBe(true);
      }
    }
  });

  it("prints the package version", async () => {
    expect(await runTolog(["--version"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("prints a shell completion script", async () => {
    const { code, stdout } = await runTolog(["completion"]);
    expect(code).toBe(0);
    expect(stdout).toContain("tolog --get-yargs-completions");
  });

  it("completion --help says what the command does and how to install its script, without printing it", async () => {
    for (const flag of ["--help", "-h"]) {
      const { code, stdout } = await runTolog(["completion", flag]);
      expect(code).toBe(0);
      expect(stdout).toContain("tolog completion >> ~/.bashrc");
      expect(stdout).not.toContain("get-yargs-completions");
    }
  });
});

describe("usage errors", () => {
  it("an unknown flag: the command's help and the problem, exit 2", async () => {
    const { code, stdout, stderr } = await runTolog(["queries", "list", "--bogus"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("tolog queries list");
    expect(stderr).toContain("--queries-dir");
    expect(stderr.trimEnd().split("\n").at(-1)).toBe("error: Unknown argument: bogus");
  });

  it("an unknown command is named as one, with the commands there are, and a like one only when it is like", async () => {
    const bogus = await runTolog(["bogus"]);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain("error: Unknown command: tolog bogus\nhelp: The commands of tolog: ");
    expect(bogus.stderr).not.toContain("Did you mean");
    const sync = await runTolog(["queries", "sync"]);
    expect(sync.code).toBe(2);
    expect(sync.stderr).toContain("error: Unknown command: tolog queries sync\nhelp: The commands of tolog queries: list, show, check, push, pull.\n");
    const typo = await runTolog(["queris", "list"]);
    expect(typo.stderr).toMatch(/error: Unknown command: tolog queris\nhelp: The commands of tolog: .*\. Did you mean queries\?/);
    const show = await runTolog(["queries", "show"]);
    expect(show.code).toBe(2);
    expect(show.stderr).toContain("error: tolog queries show needs its <name>.\nhelp: The saved query's name");
    // Positionals of a command are no commands.
    expect((await runTolog(["queries", "show", "nosuch"])).stderr).not.toContain("Unknown command");
  });

  it("an unknown flag close to a known one: did you mean", async () => {
    const { code, stderr } = await runTolog(["query", "fields a", "--logz", "x"]);
    expect(code).toBe(2);
    expect(stderr.trimEnd().split("\n").slice(-2)).toEqual(["error: Unknown argument: logz", "help: Did you mean --logs (not --logz)?"]);
  });

  it("no command at all", async () => {
    const { code, stderr } = await runTolog([]);
    expect(code).toBe(2);
    expect(stderr).toContain("Commands:");
    expect(stderr).toContain("error: Name a command.");
  });

  it("a bad choice names the flag and the choices", async () => {
    const { code, stderr } = await runTolog(["query", "fields a", "--logs", "x", "--format", "xml"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/Argument: format, Given: "xml", Choices: "table", "json", "ndjson", "csv"/);
  });

  it("an option that takes one value, given twice: the command's help and which, exit 2 (it was a bug report)", async () => {
    for (const [command, option, a, b] of [["query", "format", "json", "csv"], ["pull", "log-group", "a", "b"], ["query", "limit", "5", "6"]]) {
      const args = command === "query" ? ["query", "fields a", "--logs", "x"] : ["pull"];
      const { code, stderr } = await runTolog([...args, `--${option}`, a, `--${option}`, b]);
      expect({ command, option, code }).toEqual({ command, option, code: 2 });
      expect(stderr).toContain(`tolog ${command}`);
      expect(stderr).toContain(`error: --${option} is given twice (${a}, ${b}); it takes one value.`);
    }
  });

  it("pull names one group: a pattern is a usage error, and no directory is made for it", async () => {
    const out = mkdtempSync(join(tmpdir(), "tolog-pull-"));
    try {
      const { code, stderr } = await runTolog(["pull", "--log-group", "app*", "--out", out]);
      expect(code).toBe(2);
      expect(stderr).toContain("error: --log-group app* is not a log group name");
      expect(readdirSync(out)).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("a usage error raised by a handler still shows that command's help", async () => {
    const { code, stderr } = await runTolog(["query", "fields a", "--saved", "errors"]);
    expect(code).toBe(2);
    expect(stderr).toContain("tolog query [query]");
    expect(stderr).toContain("error: Give one query, not query text and --saved.");
  });
});

describe("the error path", () => {
  const boom = defineCommand({
    command: "boom",
    describe: "fails",
    examples: [["$0 boom", "fails"]],
    args: { kind: { type: "string", default: "bug" } },
    handler(args) {
      if (args.kind === "user") throw new UserError("The widget is missing.", { hint: "Add a widget.", exitCode: 3 });
      if (args.kind === "env") throw Object.assign(new Error("EACCES: permission denied"), { code: "EACCES", path: "/x/app.log" });
      if (args.kind === "pathless") throw Object.assign(new Error("EISDIR: illegal operation on a directory, read"), { code: "EISDIR" });
      throw new TypeError("cannot read properties of undefined");
    },
  });
  const run = (args: string[]) => runTolog(args, { commands: [boom] });

  it("a user error: message and fix on stderr, its exit code", async () => {
    expect(await run(["boom", "--kind", "user"])).toEqual({
      code: 3,
      stdout: "",
      stderr: "error: The widget is missing.\nhelp: Add a widget.\n",
    });
  });

  it("an environmental failure is explained with a fix", async () => {
    const { code, stderr } = await run(["boom", "--kind", "env"]);
    expect(code).toBe(1);
    expect(stderr).toContain("error: permission denied: /x/app.log");
    expect(stderr).toContain("help: this user cannot read it");
  });

  it("an environmental failure that names no path ends its message without a colon", async () => {
    const { code, stderr } = await run(["boom", "--kind", "pathless"]);
    expect(code).toBe(1);
    expect(stderr).toContain("error: a directory where a file was expected\n");
  });

  it("anything else is a bug: one line and a pointer to --debug, exit 70", async () => {
    const { code, stderr } = await run(["boom"]);
    expect(code).toBe(70);
    expect(stderr).toBe(
      "error: unexpected error (a bug in tolog): TypeError: cannot read properties of undefined\n" +
        "help: run again with --debug for the stack, and please report it.\n",
    );
  });

  it("--debug prints the stack", async () => {
    const { code, stderr } = await run(["boom", "--debug"]);
    expect(code).toBe(70);
    expect(stderr).toMatch(/TypeError: cannot read properties of undefined\n\s+at /);
  });
});

describe("environment variables", () => {
  const show = defineCommand({
    command: "show",
    describe: "prints its options",
    examples: [["$0 show", "prints"]],
    args: { ...formatOptions, limit: { type: "number" }, tags: { type: "string", array: true } },
    handler(args, ctx) {
      ctx.print(JSON.stringify({ format: args.format, limit: args.limit, tags: args.tags, color: ctx.color }));
    },
  });
  const run = (args: string[], env: Record<string, string>, isTTY = false) => runTolog(args, { commands: [show], env, isTTY });

  it("fill options that are not on the command line; flags win", async () => {
    const env = { TOLOG_FORMAT: "csv", TOLOG_LIMIT: "5", TOLOG_TAGS: ["a", "b"].join(delimiter) };
    expect(JSON.parse((await run(["show"], env)).stdout)).toEqual({ format: "csv", limit: 5, tags: ["a", "b"], color: false });
    expect(JSON.parse((await run(["show", "--format", "json"], env)).stdout)).toMatchObject({ format: "json" });
  });

  it("are validated like flags", async () => {
    const { code, stderr } = await run(["show"], { TOLOG_FORMAT: "xml" });
    expect(code).toBe(1);
    expect(stderr).toContain("error: TOLOG_FORMAT=xml is not one of table, json, ndjson, csv (it sets --format).");
    const bad = await run(["show"], { TOLOG_LIMIT: "many" });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("error: TOLOG_LIMIT=many is not a number (it sets --limit).");
  });

  it("a source given as a flag beats the other source's variable", async () => {
    const pick = defineCommand({
      command: "pick",
      describe: "prints its sources",
      examples: [["$0 pick", "prints"]],
      args: { ...sourceOptions },
      handler(args, ctx) {
        ctx.print(JSON.stringify({ logs: args.logs, logGroup: args.logGroup }));
      },
    });
    const sources = async (args: string[], env: Record<string, string>) =>
      JSON.parse((await runTolog(args, { commands: [pick], env })).stdout) as { logs?: string[]; logGroup?: string[] };
    expect(await sources(["pick", "--log-group", "app"], { TOLOG_LOGS: "./logs" })).toEqual({ logGroup: ["app"] });
    expect(await sources(["pick", "--logs", "x.log"], { TOLOG_LOG_GROUP: "app" })).toEqual({ logs: ["x.log"] });
    expect(await sources(["pick"], { TOLOG_LOGS: "./logs" })).toEqual({ logs: ["./logs"] });
  });

  it("one a command does not define is ignored, not an unknown argument", async () => {
    expect((await run(["show"], { TOLOG_LOGS: "./logs", TOLOG_QUERIES_DIR: "q" })).code).toBe(0);
  });

  it("colour: on for a terminal, off with NO_COLOR or --no-color, forced with --color", async () => {
    const color = async (args: string[], env: Record<string, string>, tty: boolean) =>
      JSON.parse((await run(args, env, tty)).stdout).color as boolean;
    expect(await color(["show"], {}, true)).toBe(true);
    expect(await color(["show"], { NO_COLOR: "1" }, true)).toBe(false);
    expect(await color(["show", "--no-color"], {}, true)).toBe(false);
    expect(await color(["show", "--color"], { NO_COLOR: "1" }, false)).toBe(true);
    expect(await color(["show"], { TOLOG_COLOR: "false" }, true)).toBe(false);
  });
});

describe("the registry", () => {
  it("rejects a command registered twice", () => {
    expect(() => buildCommandTree([...COMMANDS, COMMANDS[0]])).toThrow(/registered twice/);
  });

  it("rejects a subcommand whose group is missing", () => {
    const orphan = defineCommand({ command: "group sub", describe: "x", examples: [], handler() {} });
    expect(() => buildCommandTree([orphan])).toThrow(/needs the group "group"/);
    expect(() => buildCommandTree([defineGroup({ command: "group", describe: "g", examples: [] }), orphan])).not.toThrow();
  });
});
