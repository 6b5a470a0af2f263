import { describe, expect, test } from "vitest";
import { AwsError } from "./errors.js";
import { compileFilterPattern } from "./filter-pattern.js";

const matches = (pattern: string, message: string) => compileFilterPattern(pattern)(message);

describe("filter patterns", () => {
  test("a JSON selector finds the message's own keys, never what every object inherits", () => {
    expect(matches("{ $.constructor NOT EXISTS }", '{"a":1}')).toBe(true);
    expect(matches('{ $.toString = "*" }', '{"a":1}')).toBe(false);
    expect(matches('{ $.constructor = "x" }', '{"constructor":"x"}')).toBe(true);
  });

  test("terms, phrases, any-of, none-of", () => {
    expect(matches("", "anything")).toBe(true);
    expect(matches("ERROR", "[ERROR] boom")).toBe(true);
    expect(matches("ERROR", "error boom")).toBe(false);
    expect(matches("ERROR boom", "boom ERROR")).toBe(true);
    expect(matches("ERROR boom", "ERROR bang")).toBe(false);
    expect(matches('"disk full"', "the disk full again")).toBe(true);
    expect(matches('"disk full"', "full disk")).toBe(false);
    expect(matches("?ERROR ?WARN", "WARN x")).toBe(true);
    expect(matches("?ERROR ?WARN", "INFO x")).toBe(false);
    expect(matches("ERROR -Exiting", "ERROR Exiting now")).toBe(false);
    expect(matches("ERROR -Exiting", "ERROR crashed")).toBe(true);
  });

  test("JSON selectors, operators, wildcards, existence", () => {
    const event = JSON.stringify({ user: { id: 7, name: "ada" }, tags: ["a", "b"], ok: true, gone: null, ms: 12.5 });
    expect(matches("{ $.user.id = 7 }", event)).toBe(true);
    expect(matches("{ $.user.id = 8 }", event)).toBe(false);
    expect(matches('{ $.user.name = "a*" }', event)).toBe(true);
    expect(matches("{ $.user.name = ad* }", event)).toBe(true);
    expect(matches('{ $.tags[1] = "b" }', event)).toBe(true);
    expect(matches("{ $.ms >= 12.5 && $.ms < 13 }", event)).toBe(true);
    expect(matches("{ ($.ms > 100) || ($.ok IS TRUE) }", event)).toBe(true);
    expect(matches("{ $.gone IS NULL }", event)).toBe(true);
    expect(matches("{ $.nothing IS NULL }", event)).toBe(false);
    expect(matches("{ $.nothing NOT EXISTS }", event)).toBe(true);
    expect(matches('{ $.user.name != "bob" }', event)).toBe(true);
    expect(matches('{ $.nothing != "bob" }', event)).toBe(false);
    expect(matches("{ $.user.id = 7 }", "not json")).toBe(false);
  });

  test("JSON numbers beyond 2^53 compare exactly: two different ids never match one literal", () => {
    const event = '{"id":1234567890123456787,"n":[1234567890123456800],"s":"a\\"b 1234567890123456788"}';
    expect(matches("{ $.id = 1234567890123456787 }", event)).toBe(true);
    expect(matches("{ $.id = 1234567890123456768 }", event)).toBe(false);
    expect(matches("{ $.id != 1234567890123456788 }", event)).toBe(true);
    expect(matches("{ $.id > 1234567890123456786 && $.id < 1234567890123456788 }", event)).toBe(true);
    expect(matches("{ $.id >= 1234567890123456788 }", event)).toBe(false);
    expect(matches("{ $.id = 12345678901234567* }", event)).toBe(true);
    expect(matches("{ $.n[0] = 1234567890123456800 }", event)).toBe(true);
    expect(matches("{ $.n[0] = 1234567890123456768 }", event)).toBe(false);
    expect(matches('{ $.id = "1234567890123456787" }', '{"id":"1234567890123456787"}')).toBe(true);
  });

  test("regex and wildcard patterns run in linear time (RE2 and string searches)", () => {
    // A backtracking engine never finishes these; RE2 answers at once.
    expect(matches("%(a+)+$%", "a".repeat(40) + "!")).toBe(false);
    expect(matches("%(a+)+$%", "a".repeat(40))).toBe(true);
    expect(() => compileFilterPattern("%(?=a)%")).toThrow(AwsError);
    const value = JSON.stringify({ v: "a".repeat(5000) });
    expect(matches(`{ $.v = "${"*a".repeat(30)}*b" }`, value)).toBe(false);
    expect(matches(`{ $.v = "${"*a".repeat(30)}*" }`, value)).toBe(true);
    expect(matches('{ $.v = "a*a" }', JSON.stringify({ v: "a" }))).toBe(false);
    expect(matches('{ $.v = "ab*ba" }', JSON.stringify({ v: "aba" }))).toBe(false);
    expect(matches('{ $.v = "ab*ba" }', JSON.stringify({ v: "abba" }))).toBe(true);
  });

  test("regex patterns; refused forms are InvalidParameterException", () => {
    expect(matches("%ERR(OR)?%", "an ERR here")).toBe(true);
    expect(matches("%^x%", "an ERR here")).toBe(false);
    for (const bad of ["{ $.a = }", "{ a = 1 }", "{ $.a > abc }", "[ip, user]", "{ $.a = 1 "]) {
      expect(() => compileFilterPattern(bad), bad).toThrow(AwsError);
    }
  });
});
