import { expect, it } from "vitest";
import { compilePlan } from "../run.js";

const keys = (query: string) => compilePlan(query, { now: 0 }).plan.indexKeys;

it("takes = and in of text on fields read from events, in filter and filterIndex", () => {
  expect(keys('filter request_id = "abc" | sort @timestamp asc')).toEqual([{ field: "request_id", values: ["abc"] }]);
  expect(keys('filterIndex ip in ["a", "b", "a"]')).toEqual([{ field: "ip", values: ["a", "b"] }]);
  expect(keys('filter "x" = route and level = "error"')).toEqual([
    { field: "route", values: ["x"] },
    { field: "level", values: ["error"] },
  ]);
});

it("takes nothing a value of another text could match, nor fields a command made", () => {
  for (const query of [
    'filter status = "200"', // 200.0 equals it too
    "filter status = 200",
    'filter request_id = "a" or level = "b"',
    'filter not request_id = "a"',
    'filter request_id like "a"',
    'fields concat(a, b) as request_id | filter request_id = "x"',
    'parse @message "id=*" as request_id | filter request_id = "x"',
    'parse @message logfmt as lf | filter lf.level = "error"', // lf.level is made by the parse
    'stats count(*) by request_id | filter request_id = "x"',
    'filter @logStream = "x"',
  ]) {
    expect({ query, keys: keys(query) }).toEqual({ query, keys: [] });
  }
});
