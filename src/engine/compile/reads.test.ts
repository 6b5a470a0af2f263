import { describe, expect, it } from "vitest";
import { parse } from "../parser.js";
import { fieldsRead } from "./reads.js";

const reads = (q: string, columns: string[] = []): string[] => fieldsRead(parse(q).query.commands, columns).sort();

describe("fieldsRead", () => {
  it("finds field references anywhere in the commands, and the output columns", () => {
    expect(reads('filter a = "x" and not (b > 1) | parse c "*-*" as d, e | sort f desc', ["@timestamp", "@message"])).toEqual(
      ["@message", "@timestamp", "a", "b", "c", "f"].sort(),
    );
    expect(reads("fields concat(g, h) as gh | dedup i | unnest j into k")).toEqual(["g", "h", "i", "j"]);
    expect(reads("parse 'x=*' as y")).toEqual([]);
  });

  it("stops at the first stats or pattern, whose rows hold no event", () => {
    expect(reads("filter a > 0 | stats avg(b) as m by bin(5m), c | filter m > 1 | sort m", ["m"])).toEqual(["a", "b", "c"]);
    expect(reads("pattern @message | filter x = 1", ["@pattern"])).toEqual(["@message"]);
  });
});
