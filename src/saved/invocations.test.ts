import { describe, expect, test } from "vitest";
import { UserError } from "../shared/errors.js";
import { checkQuery } from "../engine/index.js";
import { expandInvocations, type SavedQueryLookup } from "./invocations.js";
import { parseSavedQuery } from "./saved-query.js";

const FILES: Record<string, string> = {
  errors: `# description: Errors of one level.
# param logLevel = "ERROR": The level.
filter level = {{logLevel}} # the level
| fields @timestamp, @message`,
  recent: `# description: The newest rows.
# param count: How many.
sort @timestamp desc | limit {{count}}`,
  "Errors By Level": `# description: Spaces in the name.
# param logLevel: The level.
stats count(*) by {{logLevel}}`,
  nested: `# description: Invokes another.
$recent(count = 5)`,
};

const saved: SavedQueryLookup = {
  find: (name) => (FILES[name] === undefined ? undefined : parseSavedQuery(name, FILES[name], `${name}.insights`).query),
  names: () => Object.keys(FILES),
};

describe("$Name(...) invocations", () => {
  test("expand into the saved query's text with the arguments as literals, defaults for the rest", () => {
    const text = expandInvocations('$errors(logLevel = "WARN") | $recent(count = 10)', saved);
    expect(text).toBe('filter level = "WARN" # the level\n| fields @timestamp, @message\n | sort @timestamp desc | limit 10\n');
    expect(checkQuery(text)).toEqual([]);
    expect(expandInvocations("$errors()", saved)).toContain('filter level = "ERROR"');
  });

  test("a backticked name with spaces", () => {
    expect(expandInvocations('$`Errors By Level`(logLevel = "WARN")', saved)).toBe('stats count(*) by "WARN"\n');
  });

  test("text in strings and comments is not an invocation", () => {
    const text = 'filter msg = "$errors()" # $recent()';
    expect(expandInvocations(text, saved)).toBe(text);
  });

  test.each([
    ["$erors()", /does not exist/, /\$errors/],
    ["$recent()", /needs parameter "count"/, /count = /],
    ['$recent(count = 1, level = "x")', /no parameter "level"/, /It takes: count/],
    ["$recent(count)", /not name = value/, /param = /],
    ["$nested()", /do not nest/, /nested\.insights/],
  ])("%s is a user error naming the problem and the fix", (text, message, hint) => {
    let error: unknown;
    try {
      expandInvocations(text, saved);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(message);
    expect((error as UserError).hint).toMatch(hint);
  });
});
