import { describe, expect, it } from "vitest";
import { cutParts, type SizedFile } from "./cut-parts.js";
import type { LocalFile } from "./local-file.js";

const file = (name: string, size: number, gzip = false): SizedFile => ({ file: { path: name, display: name, group: "g", stream: name, id: name } as LocalFile, size, gzip });
const shape = (parts: ReturnType<typeof cutParts>) => parts.map((p) => p.map((s) => `${s.file.path}[${s.from},${s.to === Infinity ? "end" : s.to})`));

describe("cutParts", () => {
  it("cuts one file into ranges by the shares, the last range open to the file's end", () => {
    expect(shape(cutParts([file("a", 1000)], [1, 1]))).toEqual([["a[0,500)"], ["a[500,end)"]]);
    expect(shape(cutParts([file("a", 1000)], [3, 1, 1]))).toEqual([["a[0,600)"], ["a[600,800)"], ["a[800,end)"]]);
  });

  it("runs across files in order, whole files going whole", () => {
    expect(shape(cutParts([file("a", 300), file("b", 300), file("c", 400)], [1, 1]))).toEqual([
      ["a[0,end)", "b[0,200)"],
      ["b[200,end)", "c[0,end)"],
    ]);
  });

  it("never cuts a gzip file, and leaves out parts that get nothing", () => {
    expect(shape(cutParts([file("a.gz", 1000, true), file("b", 10)], [1, 1]))).toEqual([["a.gz[0,end)"], ["b[0,end)"]]);
    expect(shape(cutParts([file("a.gz", 1000, true)], [1, 1, 1]))).toEqual([["a.gz[0,end)"]]);
  });

  it("covers every byte exactly once", () => {
    const files = [file("a", 777), file("b", 1), file("c", 5000), file("d.gz", 300, true), file("e", 64)];
    const parts = cutParts(files, [2, 1, 1, 1]);
    expect(parts).toHaveLength(4);
    for (const f of files) {
      const slices = parts.flat().filter((s) => s.file === f.file);
      expect(slices[0].from).toBe(0);
      for (let i = 1; i < slices.length; i++) expect(slices[i].from).toBe(slices[i - 1].to);
      expect(slices.at(-1)!.to).toBe(Infinity);
    }
  });
});
