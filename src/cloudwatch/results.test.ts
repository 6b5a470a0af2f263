import { describe, expect, test } from "vitest";
import { outputColumns } from "../engine/index.js";
import { toRows } from "./results.js";

describe("toRows", () => {
  const cells = [
    [{ field: "queryType", value: "A" }, { field: "n", value: "2" }],
    [{ field: "queryType", value: "AAAA" }, { field: "subnet", value: "198.51.100.0/24" }, { field: "n", value: "1" }],
  ];

  test("orders columns as the query gives them, not as the first row happens to have them", () => {
    const columns = outputColumns("stats count(*) as n by queryType, subnet");
    expect(columns).toEqual(["queryType", "subnet", "n"]);
    expect(toRows(cells, columns).fields).toEqual(["queryType", "subnet", "n"]);
    expect(toRows(cells).fields).toEqual(["queryType", "n", "subnet"]);
  });

  test("a query the engine refuses leaves the order of appearance", () => {
    expect(outputColumns("pattern @message | anomaly")).toBeUndefined();
  });
});
