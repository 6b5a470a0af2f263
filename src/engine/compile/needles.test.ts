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

  it("skips fields whose value is not in the raw text, and text a JSON encoder always escapes", () => {
    expect(needles('filter @logStream = "web-1"')).toEqual([]);
    expect(needles('filter @log = "x"')).toEqual([]);
    expect(needles('filter s = "say \\"hi\\""')).toEqual([]);
    expect(needles('filter s = "c:\\\\dir"')).toEqual([]);
    expect(needles('filter s = "café"')).toEqual([]);
  });

  it("takes text that an encoder may escape (sources keep text where an escape may hide it)", () => {
    expect(needles('filter url = "/api/v1"')).toEqual(["/api/v1"]);
    expect(needles('filter html like "<b>"')).toEqual(["<b>"]);
  });

  it("takes a glob parse's literal pieces when a later filter requires a parsed field", () => {
    expect(needles('parse url "/api/v1/todos/*" as todo_id | filter ispresent(todo_id)')).toEqual(["/api/v1/todos/"]);
    expect(needles('parse "user=* action=*" as u, a | filter a = "login"')).toEqual(["user=", " action="]);
    expect(needles('parse @message "[*] *" as level, rest | filter isPresent(rest) and level = "ERROR"')).toEqual(["[", "] "]);
    expect(needles('parse url "/x/*" as id | filter ispresent(id) | stats count(*)')).toEqual(["/x/"]);
  });

  it("takes no parse pieces unless the parse is what makes the field present", () => {
    expect(needles('parse url "/x/*" as id')).toEqual([]);
    expect(needles('parse url "/x/*" as id | filter not ispresent(id)')).toEqual([]);
    expect(needles('parse url "/x/*" as id | filter ispresent(id) or a = "b"')).toEqual([]);
    expect(needles('parse url "/x/*" as id | fields "1" as id | filter ispresent(id)')).toEqual([]);
    expect(needles('fields x as url | parse url "/x/*" as id | filter ispresent(id)')).toEqual([]);
    expect(needles('parse @logStream "web-*" as n | filter ispresent(n)')).toEqual([]);
    expect(needles('parse d "1.5*" as x | filter ispresent(x)')).toEqual([]);
    expect(needles('parse d "*Infinity" as x | filter ispresent(x)')).toEqual([]);
    expect(needles('parse @message /id=(\\w+)/ as id | filter ispresent(id)')).toEqual([]);
    expect(needles('stats count(*) by url | parse url "/x/*" as id | filter ispresent(id)')).toEqual([]);
  });

  it("skips text that reads as a number (status = \"200\" also matches 200.0)", () => {
    expect(needles('filter status = "200"')).toEqual([]);
    expect(needles('filter d like "12"')).toEqual([]);
  });

  it("stops at fields that commands create and at commands that choose rows", () => {
    expect(needles('fields x as request_id | filter request_id = "abc"')).toEqual([]);
    expect(needles('parse @message "id=*" as id | filter id = "abc"')).toEqual(["id="]);
    expect(needles('parse @message /id=(?<id>\\w+)/ | filter other = "abc"')).toEqual([]);
    expect(needles('limit 5 | filter a = "x"')).toEqual([]);
    expect(needles('stats count(*) as n by a | filter a = "x"')).toEqual([]);
    expect(needles('filter a = "x" | stats count(*) by b | filter b = "y"')).toEqual(["x"]);
    expect(needles('fields a | filter a = "x"')).toEqual(["x"]);
  });
});
