import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { TASKOVERFLOW_LOG_GROUP } from "../saved/saved-query.js";
import { COMMANDS } from "./registry.js";

/**
 * TaskOverflow's log group has one name, the one `infra/` creates: every `--log-group` a help
 * example or a README gives for TaskOverflow's logs must be it (or its prefix pattern), so that
 * a pasted example finds the deployed logs.
 */
const LOG_GROUP_ARG = /--log-group[ =](["']?)([^\s"'`)]+)\1/g;

function taskOverflowGroups(text: string): string[] {
  return [...text.matchAll(LOG_GROUP_ARG)].map((m) => m[2]).filter((name) => /taskoverflow/i.test(name));
}

const ROOT = new URL("../../", import.meta.url);

test("help examples name TaskOverflow's log group as infra/ creates it", () => {
  const named = COMMANDS.flatMap((cmd) => cmd.examples.flatMap(([example]) => taskOverflowGroups(example).map((name) => `${cmd.command}: ${name}`)));
  expect(named.length).toBeGreaterThan(0);
  const wrong = named.filter((entry) => entry.split(": ")[1].replace(/\*$/, "") !== TASKOVERFLOW_LOG_GROUP);
  expect(wrong).toEqual([]);
});

test("the READMEs name TaskOverflow's log group as infra/ creates it", () => {
  for (const file of ["README.md", "service/README.md", "infra/README.md"]) {
    const names = taskOverflowGroups(readFileSync(new URL(file, ROOT), "utf8"));
    expect(names.filter((name) => name.replace(/\*$/, "") !== TASKOVERFLOW_LOG_GROUP), file).toEqual([]);
  }
});

test("infra/ creates the log group under that name", () => {
  const stack = readFileSync(new URL("infra/src/service-stack.ts", ROOT), "utf8");
  expect(stack).toMatch(/logGroupName: props\.logGroupName \?\? TASKOVERFLOW_LOG_GROUP/);
});
