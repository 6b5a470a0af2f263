import { describe, expect, it } from "vitest";
import { parse } from "../parser.js";
import { deriveNeedles } from "./needles.js";

const needles = (q: string): string[] => deriveNeedles(parse(q).query.commands);

describe("deriveNeedles", () => {
  it("takes string equality, like and one-element in from the top of an and chain", () => {
    expect(needles('filter request_id = "abc-1" and level like "warn" | filter event in ["db_query"]')).toEqual([
      "abc-1",
      "warn",
      "db_query",
    ]);
    expect(needles('filter "abc" = request_id')).toEqual(["abc"]);
    expect(needles('filter @message like "timeout"')).toEqual(["timeout"]);
  });

  it("takes nothing that is not provably required", () => {
    expect(needles('filter a = "x" or b = "y"')).toEqual([]);
    expect(needles('filter not (a = "x")')).toEqual([]);
    expect(needles('filter a != "x"')).toEqual([]);
    expect(needles('filter a in ["x", "y"]')).toEqual([]);
    expect(needles('filter a like /x/')).toEqual([]);
  });

  it("skips fields whose value is not in the raw text, and text a JSON encoder may escape", () => {
    expect(needles('filter @logStream = "web-1"')).toEqual([]);
    expect(needles('filter @log = "x"')).toEqual([]);
    expect(needles('filter url = "/api/v1"')).toEqual([]);
    expect(needles('filter s = "say \\"hi\\""')).toEqual([]);
    expect(needles('filter s = "café"')).toEqual([]);
  });

  it("skips text that reads as a number (status = \"200\" also matches 200.0)", () => {
    expect(needles('filter status = "200"')).toEqual([]);
    expect(needles('filter d like "12"')).toEqual([]);
  });

  it("stops at fields that commands create and at commands that choose rows", () => {
    expect(needles('fields x as request_id | filter request_id = "abc"')).toEqual([]);
    expect(needles('parse @message "id=*" as id | filter id = "abc"')).toEqual([]);
    expect(needles('parse @message /id=(?<id>\\w+)/ | filter other = "abc"')).toEqual([]);
    expect(needles('limit 5 | filter a = "x"')).toEqual([]);
    expect(needles('stats count(*) as n by a | filter a = "x"')).toEqual([]);
    expect(needles('filter a = "x" | stats count(*) by b | filter b = "y"')).toEqual(["x"]);
    expect(needles('fields a | filter a = "x"')).toEqual(["x"]);
  });
});
