import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runQuery } from "../../engine/run.js";
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

// Lines the byte extractor reads itself and lines it leaves to full discovery.
const LINES = [
  `{"timestamp":"${at(1)}","status":200,"url":"/a","d":1.5}`,
  `{"timestamp":"${at(2)}", "status" : "200", "url":"/caf\u00e9", "d":1e1}`,
  `{"timestamp":"${at(3)}","status":201,"status":404,"url":{"x":1},"d":null}`,
  `{"timestamp":"${at(4)}","st\\u0061tus":500,"url":"\\/b\\n","d":-0.25}`,
  `{"timestamp":"${at(5)}","status":01,"url":"/broken"}`,
  `${at(6)} INFO {"status":302,"url":"/fragment","d":7}`,
  `{"timestamp":"${at(7)}","nested":{"status":1},"url":[1,2],"d":true}`,
  `{"timestamp":"${at(8)}","status":200,"url":"/tab\there","d":2}`,
  `{"timestamp":"${at(9)}","status":1234567890123456787,"url":"/big","d":0.10000000000000001}`,
  `{"timestamp":"${at(10)}","status":1234567890123456788,"d":1e-400}`,
  `{"timestamp":"${at(11)}", "status" : 1234567890123456768, "url":"\/big", "d":-1234567890123456787}`,
];

const QUERIES = [
  "fields status, url, d | sort @timestamp asc",
  "stats count(*) as n, sum(d) as s by status | sort n desc, status asc",
  'filter ispresent(url) | fields @timestamp, url, toString | sort @timestamp asc',
  "fields nested.status, status | sort @timestamp asc",
  'filter status = 1234567890123456768 or status = "1234567890123456787" or d = 0.1 or d = 0 | fields status, d',
  "stats count(*) as n by status, d | sort status asc",
];

describe("fields extracted from the raw line (ReadOptions.fields)", () => {
  it("give the same results as full discovery of each message", async () => {
    dir.write("g/s.jsonl", LINES.join("\n") + "\n");
    const memory = createMemorySource(LINES.map((message, i) => ({ timestamp: T0 + (i + 1) * 1000, message })));
    for (const query of QUERIES) {
      const local = await runQuery(query, openLocalSource([dir.path()]));
      const expected = await runQuery(query, memory);
      const strip = (rows: Array<Record<string, string>>) => rows.map(({ "@ptr": _, ...rest }) => rest);
      expect({ query, rows: strip(local.rows) }).toEqual({ query, rows: strip(expected.rows) });
    }
  });
});

describe("JSON numbers a double cannot hold, read from the raw line", () => {
  it("keep their digits: two neighbouring ids stay apart and print as written", async () => {
    dir.write("g/s.jsonl", LINES.join("\n") + "\n");
    const local = await runQuery('filter status like /^12/ | stats count(*) as n by status | sort status asc', openLocalSource([dir.path()]));
    expect(local.rows.map((r) => [r.status, r.n])).toEqual([
      ["1234567890123456768", "1"],
      ["1234567890123456787", "1"],
      ["1234567890123456788", "1"],
    ]);
  });
});
