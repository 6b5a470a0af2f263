import Table from "cli-table3";
import { Chalk } from "chalk";
import { expect, it } from "vitest";
import { Prng } from "../prng.js";
import { drawBoxedTable } from "./boxed-table.js";
import { textWidth } from "./text-width.js";

const chalk = new Chalk({ level: 1 });
// ASCII, bars and borders, the ellipsis, wide characters, and styled text.
const PIECES = ["a", "Z9", " ", "-", "│", "█", "▏", "…", "日本", "한", "x y", chalk.bold("b"), chalk.red("err"), chalk.dim("1.5")];

it("draws what cli-table3 draws for one-line cells that fit, with compact style and no colours of its own", () => {
  const rng = new Prng(5);
  const text = (): string => {
    let out = "";
    for (let i = Math.floor(rng.next() * 4); i > 0; i--) out += PIECES[Math.floor(rng.next() * PIECES.length)];
    return out;
  };
  const visible = (s: string): number => textWidth(s.replace(/\x1b\[[0-9;]*m/g, ""));
  for (let round = 0; round < 300; round++) {
    const columns = 1 + Math.floor(rng.next() * 5);
    const head = Array.from({ length: columns }, text);
    const rows = Array.from({ length: Math.floor(rng.next() * 6) }, () => Array.from({ length: columns }, text));
    const widths = head.map((h, i) => Math.max(visible(h), ...rows.map((r) => visible(r[i]))) + Math.floor(rng.next() * 3));
    const right = head.map(() => rng.next() < 0.4);
    const table = new Table({
      head,
      colWidths: widths.map((w) => w + 2),
      colAligns: right.map((r) => (r ? "right" : "left")),
      wordWrap: false,
      style: { head: [], border: [], compact: true },
    });
    for (const row of rows) table.push(row);
    expect({ round, text: drawBoxedTable(head, rows, widths, right) }).toEqual({ round, text: table.toString() });
  }
});
