import path from "node:path";
import { describe, expect, it } from "vitest";
import { indexFileStem, indexPathFor } from "./location.js";

describe("an index's file name", () => {
  it("tells fields apart that differ only in case, for file systems that ignore it", () => {
    expect(indexFileStem("rid")).toBe("rid");
    expect(indexFileStem("Rid")).toBe("%52id");
    expect(indexFileStem("Rid").toLowerCase()).not.toBe(indexFileStem("rid").toLowerCase());
    expect(indexFileStem("request_id")).toBe("request_id");
  });

  it("stays a file name (255 bytes with the writer's temporary suffix) however long the field's name", () => {
    for (const field of ["é".repeat(50), "字".repeat(120), "a".repeat(300), `${"a".repeat(159)}%é`]) {
      const name = path.basename(indexPathFor("/logs/app.log", field));
      expect(Buffer.byteLength(`.${name}.4194304.tmp`), field).toBeLessThanOrEqual(255);
      expect(name).toMatch(/^[\w.~%-]+\.idx$/);
    }
    expect(indexFileStem("é".repeat(50) + "a")).not.toBe(indexFileStem("é".repeat(50) + "b"));
  });
});
