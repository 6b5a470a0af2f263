import { expect, it } from "vitest";
import type { Value } from "../values.js";
import type { CallTools } from "../compile/types.js";
import { Row } from "../record.js";
import { lookupAggregate } from "./registry.js";

function resultOf(name: string, values: Value[]): Value {
  const tools = { call: { args: [] }, arg: () => (row: Row) => row.get("x"), error: () => undefined } as unknown as CallTools;
  const acc = lookupAggregate(name)!.compile(tools)!();
  for (const v of values) {
    const row = new Row(null, 0);
    row.set("x", v);
    acc.add(row);
  }
  return acc.result();
}

it("min, max, sortsFirst and sortsLast pick one of values that sort alike whatever order they come in", () => {
  // Of values that sort alike (the same text), numbers come first (-0 before 0), then text.
  const cases: Array<[Value[], Value]> = [
    [[5, "5"], 5],
    [["5", 5], 5],
    [[0, -0], -0],
    [[-0, 0], -0],
  ];
  for (const name of ["min", "max", "sortsFirst", "sortsLast"]) {
    for (const [values, alike] of cases) {
      const got = resultOf(name, values);
      expect({ name, values, same: Object.is(got, alike), got }).toEqual({ name, values, same: true, got: alike });
    }
  }
});
