import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runQuery } from "../../engine/run.js";
import { mayHoldNeedles } from "../../engine/needle-match.js";
import { wasmNeedleSearch } from "../../engine/wasm/needle-scan.js";
import { createMemorySource } from "../memory.js";
import { openLocalSource } from "./index.js";
import { TempDir } from "./test/helpers.js";

let dir: TempDir;
beforeEach(() => {
  dir = new TempDir();
});
afterEach(() => dir.cleanup());

const T0 = 1713517200000;
const at = (n: number) => new Date(T0 + n * 1000).toISOString();
const LINES = [
  `{"timestamp":"${at(1)}","url":"/api/v1/todos/5"}`,
  `{"timestamp":"${at(2)}","url":"\\/api\\/v1\\/todos\\/6"}`,
  `{"timestamp":"${at(3)}","url":"\\u002fapi\\u002fv1\\u002ftodos\\u002f7"}`,
  `{"timestamp":"${at(4)}","url":"/health"}`,
  `{"timestamp":"${at(5)}","url":"/api/v1/todos"}`,
  `{"timestamp":"${at(6)}","html":"\\u003cb\\u003e"}`,
];

describe("needles with characters a JSON encoder may escape", () => {
  it("never drop an event whose value holds them escaped", async () => {
    dir.write("g/s.jsonl", LINES.join("\n") + "\n");
    const memory = createMemorySource(LINES.map((message, i) => ({ timestamp: T0 + (i + 1) * 1000, message })));
    const queries = [
      'parse url "/api/v1/todos/*" as id | filter ispresent(id) | fields id | sort id asc',
      'filter url = "/health" | fields url',
      'filter html = "<b>" | fields html',
    ];
    const expected = [["5", "6", "7"], ["/health"], ["<b>"]];
    for (const [i, query] of queries.entries()) {
      const local = await runQuery(query, openLocalSource([dir.path()]));
      const fromMemory = await runQuery(query, memory);
      const column = (rows: Array<Record<string, string>>) => rows.map((r) => Object.entries(r).find(([k]) => k !== "@ptr")?.[1]);
      expect({ query, rows: column(local.rows) }).toEqual({ query, rows: expected[i] });
      expect({ query, rows: column(fromMemory.rows) }).toEqual({ query, rows: expected[i] });
    }
  });

  it("mayHoldNeedles keeps escaped text only for needles an escape can hide", () => {
    expect(mayHoldNeedles('{"u":"\\/a"}', ["/a"])).toBe(true);
    // JSON may write any character as \u00XX: a letter too, though encoders seldom do.
    expect(mayHoldNeedles('{"u":"\\u0041"}', ["A"])).toBe(true);
    expect(mayHoldNeedles('{"u":"\\u0061"}', ["xa"])).toBe(true);
    expect(mayHoldNeedles('{"u":"\\u0042"}', ["A"])).toBe(false);
    expect(mayHoldNeedles('{"u":"caf\\u00e9"}', ["A"])).toBe(false);
    expect(mayHoldNeedles('{"u":"\\/b"}', ["a"])).toBe(false);
    expect(mayHoldNeedles('{"u":"/b"}', ["/a"])).toBe(false);
    expect(mayHoldNeedles('{"u":"/a x"}', ["/a", "x"])).toBe(true);
  });

  it("never drop an event whose needle's letters are written as \\u escapes, on either search, one needle or several", async () => {
    const lines = [
      `{"timestamp":"${at(1)}","request_id":"\\u0065scaped","user":"bob"}`,
      `{"timestamp":"${at(2)}","request_id":"escaped","user":"b\\u006fb"}`,
      `{"timestamp":"${at(3)}","request_id":"caf\\u00e9","user":"bob"}`,
      `{"timestamp":"${at(4)}","request_id":"other","user":"b\\u006fb"}`,
    ];
    dir.write("g/s.jsonl", lines.join("\n") + "\n");
    const memory = createMemorySource(lines.map((message, i) => ({ timestamp: T0 + (i + 1) * 1000, message })));
    const queries: Array<[string, string[]]> = [
      ['filter request_id = "escaped" | fields @timestamp', [at(1), at(2)]],
      ['filter request_id like "scaped" | fields @timestamp', [at(1), at(2)]],
      ['filter request_id = "escaped" and user = "bob" | fields @timestamp', [at(1), at(2)]],
      ['filter user = "bob" | fields @timestamp', [at(1), at(2), at(3), at(4)]],
    ];
    const times = (rows: Array<Record<string, string>>) => rows.map((r) => new Date(r["@timestamp"].replace(" ", "T") + "Z").toISOString()).sort();
    for (const wasm of [true, false]) {
      wasmNeedleSearch.enabled = wasm;
      try {
        for (const [query, expected] of queries) {
          expect({ wasm, query, rows: times((await runQuery(query, openLocalSource([dir.path()]))).rows) }).toEqual({ wasm, query, rows: expected });
          expect({ query, rows: times((await runQuery(query, memory)).rows) }).toEqual({ query, rows: expected });
        }
      } finally {
        wasmNeedleSearch.enabled = true;
      }
    }
  });
});
