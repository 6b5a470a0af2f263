import { describe, expect, it } from "vitest";
import { parse } from "../parser.js";
import { fieldsRead } from "./reads.js";
import { compileQuery } from "./query.js";

const reads = (q: string, columns: string[] = []): string[] => fieldsRead(parse(q).query.commands, columns).sort();

describe("fieldsRead", () => {
  it("finds field references anywhere in the commands, and the output columns", () => {
    expect(reads('filter a = "x" and not (b > 1) | parse c "*-*" as d, e | sort f desc', ["@timestamp", "@message"])).toEqual(
      ["@message", "@timestamp", "a", "b", "c", "f"].sort(),
    );
    expect(reads("fields concat(g, h) as gh | dedup i | unnest j into k")).toEqual(["g", "h", "i", "j"]);
    // A parse without a source parses @message.
    expect(reads("parse 'x=*' as y")).toEqual(["@message"]);
  });

  it("stops at the first stats or pattern, whose rows hold no event", () => {
    expect(reads("filter a > 0 | stats avg(b) as m by bin(5m), c | filter m > 1 | sort m", ["m"])).toEqual(["a", "b", "c"]);
    expect(reads("pattern @message | filter x = 1", ["@pattern"])).toEqual(["@message"]);
  });

  it("knows when no event time is read: a stats after row-wise commands that reads no time", () => {
    const readsTime = (q: string) => compileQuery(parse(q).query, { env: { now: 0 } }).plan.readsTime;
    for (const q of ["stats count(*) by sql", 'filter a = "x" | parse url "/*" as p | stats avg(n), pct(n, 95) by p', "stats count(*) | sort x"]) {
      expect({ q, time: readsTime(q) }).toEqual({ q, time: false });
    }
    const timed = [
      "stats count(*) by bin(1m)",
      "stats latest(n), count(*) by level",
      "stats earliest(n)",
      "stats rate(n, 1m) by bin(5m)",
      "fields @timestamp as t | stats max(t)",
      "filter @ingestionTime > 0 | stats count(*)",
      "stats max(datefloor(@timestamp, 1h))",
      "sort n | stats count(*)",
      "limit 5 | stats count(*)",
      "filter a = 1",
      "pattern @message",
    ];
    for (const q of timed) expect({ q, time: readsTime(q) }).toEqual({ q, time: true });
  });
});
