import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { LogEvent, ReadOptions, ReadStatistics } from "../../engine/source.js";
import { wasmNeedleSearch } from "../../engine/wasm/needle-scan.js";
import { openLocalSource } from "./index.js";
import { readPart } from "./scan-files.js";
import { readAll, TempDir } from "./test/helpers.js";
import { seededRandom } from "../../prng.js";

// The needle search in WebAssembly (engine/wasm/needle-scan.ts) against Node's, which runs
// where WebAssembly SIMD is missing: the same events, statistics and warnings, whatever the
// lines hold (CR ends, empty and blank lines, escapes, envelopes, oversized lines, group
// selections, a time range), with needles at the edges of reads and of the search's blocks.

let dir: TempDir;
beforeEach(() => {
  dir = new TempDir();
});
afterEach(() => {
  wasmNeedleSearch.enabled = true;
  dir.cleanup();
});

const T0 = 1713517200000;
const ID = "2d7576b3-1290-4f55-9a38-98c67ebc0e11";
const iso = (n: number) => new Date(T0 + n * 1000).toISOString();

const envelope = (n: number, group: string, message: string) =>
  JSON.stringify({ timestamp: T0 + n * 1000, ingestionTime: T0 + n * 1000 + 5, logGroupName: group, logStreamName: "s", message, eventId: `${n}` });

/** Random lines of every kind the search must treat alike, some holding the needles. */
function lines(next: () => number, count: number, maxLineBytes: number): string[] {
  const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[Math.floor(next() * 16)]).join("");
  const uuid = () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    const id = next() < 0.05 ? ID : next() < 0.05 ? ID.slice(0, Math.floor(next() * ID.length)) + uuid().slice(1) : uuid();
    const kind = next();
    if (kind < 0.6) out.push(`{"timestamp":"${iso(n)}","request_id":"${id}","url":"/api/v1/todos/${n}","n":${n}}`);
    else if (kind < 0.65) out.push(`{"timestamp":"${iso(n)}","request_id":"${id}","url":"\\/api\\/v1\\/todos\\/${n}"}`);
    else if (kind < 0.68) out.push(`{"timestamp":"${iso(n)}","note":"\\u003c${id}\\u003e"}`);
    else if (kind < 0.72) out.push(envelope(n, next() < 0.5 ? "svc" : "other", `${iso(n)} ${id} GET /api/v1/todos`));
    else if (kind < 0.74) out.push(envelope(n, "svc", `{"request_id":"\\u0032${ID.slice(1)}"}`));
    else if (kind < 0.78) out.push(`${iso(n)} INFO text line ${id}`);
    else if (kind < 0.82) out.push("");
    else if (kind < 0.84) out.push("  \t ");
    else if (kind < 0.86) out.push(`{"timestamp":"${iso(n)}","q":"a \\"quoted\\" \\\\ value ${id}"}`);
    else if (kind < 0.87) {
      // Around the longest allowed line, to the byte.
      const bare = `{"timestamp":"${iso(n)}","big":"","id":"${id}"}`;
      const length = maxLineBytes + (next() < 0.5 ? Math.floor(next() * 4) - 1 : Math.floor(next() * 50) - 25);
      out.push(bare.replace('"big":""', `"big":"${"y".repeat(Math.max(0, length - bare.length))}"`));
    }
    else out.push(`{"timestamp":"${iso(n)}","request_id":"${uuid()}","status":200}`);
  }
  return out;
}

interface Seen {
  events: Array<[string, number, string, string]>;
  stats: ReadStatistics;
  warnings: string[];
}

const seen = (events: LogEvent[], stats: ReadStatistics, warnings: string[]): Seen => ({
  events: events.map((e) => [e.message, e.timestamp, e.logGroup, e.ptr ?? ""] as [string, number, string, string]).sort(),
  stats,
  warnings: [...warnings].sort(),
});

async function whole(read: ReadOptions, maxLineBytes: number): Promise<Seen> {
  const { events, stats, warnings } = await readAll([dir.path()], read, { maxLineBytes });
  return seen(events, stats, warnings);
}

/** Read in three parts, as the threads of a parallel scan read them (here in this thread). */
async function inParts(read: ReadOptions, maxLineBytes: number): Promise<Seen> {
  const warnings: string[] = [];
  const source = openLocalSource([dir.path()], { maxLineBytes, onWarning: (m) => warnings.push(m) });
  const split = (await source.split!((bytes) => [Math.floor(bytes / 3), Math.floor(bytes / 3), bytes - 2 * Math.floor(bytes / 3)], read))!;
  expect(split.parts).toHaveLength(3);
  const stats: ReadStatistics = { recordsScanned: 0, bytesScanned: 0 };
  const events: LogEvent[] = [];
  for (const part of split.parts) for await (const event of readPart(part, read, stats, (m) => split.warn(m))) events.push(event);
  await split.finish?.();
  return seen(events, stats, warnings);
}

/** What both searches give: the WebAssembly one first, then Node's. */
async function both(read: (options: ReadOptions, maxLineBytes: number) => Promise<Seen>, options: ReadOptions, maxLineBytes: number): Promise<[Seen, Seen]> {
  wasmNeedleSearch.enabled = true;
  const fast = await read(options, maxLineBytes);
  wasmNeedleSearch.enabled = false;
  const plain = await read(options, maxLineBytes);
  wasmNeedleSearch.enabled = true;
  return [fast, plain];
}

describe("the needle search in WebAssembly and Node's", () => {
  let restore: boolean;
  beforeAll(() => {
    restore = wasmNeedleSearch.enabled;
  });
  afterAll(() => {
    wasmNeedleSearch.enabled = restore;
  });

  it("give the same events, statistics and warnings over random files of every kind", async () => {
    for (const [seed, maxLineBytes] of [
      [1, 300],
      [2, 1024 * 1024],
    ] as const) {
      const next = seededRandom(seed);
      const text = (count: number) => lines(next, count, Math.min(maxLineBytes, 2000));
      // Over 1 MiB: the search meets the end of a read, and a line cut across two.
      dir.write("svc/a.jsonl", text(9000).join("\n") + "\n");
      dir.write("svc/b.log", text(300).join("\r\n") + "\r\n");
      dir.write("svc/c.log", text(200).join("\r"));
      dir.write("svc/d.jsonl.gz", text(300).join("\n") + "\n", { gzip: true });
      // Its first line an envelope: the file is read for a selection of another group.
      dir.write("env/e.jsonl", [envelope(0, "other", "GET /api/v1"), ...text(300)].join("\n"));
      const reads: ReadOptions[] = [
        { needles: [ID] },
        { needles: [ID, "request_id"] },
        { needles: ["/api/v1/todos/1"] },
        { needles: [ID], groups: { names: ["svc"] } },
        { needles: ["GET /api"], groups: { prefixes: ["ot"] } },
        { needles: [ID], start: T0 + 100_000, end: T0 + 5000_000 },
      ];
      for (const read of reads) {
        const [fast, plain] = await both(whole, read, maxLineBytes);
        expect({ read, maxLineBytes, ...fast }).toEqual({ read, maxLineBytes, ...plain });
        expect({ read, found: fast.events.length > 0 }).toEqual({ read, found: true });
        const [fastParts, plainParts] = await both(inParts, read, maxLineBytes);
        expect({ read, maxLineBytes, ...fastParts }).toEqual({ read, maxLineBytes, ...plainParts });
      }
    }
  });

  it("count the lines they skip as a read without needles counts them, and tell the same warnings", async () => {
    // Blank lines (spaces, tabs, a CR), a byte order mark, lines over the longest allowed, a VPC
    // flow log header, an export's time prefixes (the gzip file's text lines): a skipped line
    // counts as it would had it been read (CloudWatch bills every event scanned).
    const next = seededRandom(7);
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const blanks = ["", " ", "  ", "\t", " \t ", "\r", " \r", "\t\r", " \r\r", "\u00a0", " ".repeat(400), " ".repeat(6000)];
    const line = (n: number): string => {
      const x = next();
      if (x < 0.3) return pick(blanks);
      if (x < 0.35) return `{"timestamp":"${iso(n)}","big":"${"y".repeat(Math.floor(next() * 7000))}","id":"${ID}"}`;
      if (x < 0.4) return ` \t{"timestamp":"${iso(n)}","request_id":"${ID}"}`;
      if (x < 0.45) return `${iso(n)} INFO text ${next() < 0.5 ? ID : "other"}`;
      return `{"timestamp":"${iso(n)}","request_id":"${next() < 0.1 ? ID : "0d7576b3-1290-4f55-9a38-98c67ebc0e11"}","n":${n}}`;
    };
    for (const maxLineBytes of [300, 5000, 1024 * 1024]) {
      const text = (count: number) => Array.from({ length: count }, (_, n) => line(n));
      dir.write("svc/a.jsonl", "\ufeff" + text(3000).join("\n") + "\n");
      dir.write("svc/b.jsonl", "\ufeff" + pick(blanks) + "\n" + text(2000).join("\r\n") + "\r\n");
      dir.write("svc/c.jsonl", text(2000).join("\n"));
      dir.write("svc/d.jsonl.gz", "\ufeff" + text(500).join("\n") + "\n", { gzip: true });
      // A VPC flow log header as a file's first line (no event; a custom one is told).
      dir.write("svc/e.log", [pick(["version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status", "account-id action srcaddr"]), ...text(500)].join("\n") + "\n");
      // Flow log files joined into one (\`zcat *.log.gz > all.log\`): a header in the middle, after
      // blanks too, and lines that start with a small letter but are no header.
      const header = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";
      dir.write("svc/f.log", [...text(300), header, ...text(300), ` \t${header}`, "srcaddr dstaddr and more", "action x", ...text(200), "account-id action srcaddr", ...text(20)].join("\n") + "\n");
      for (const needles of [[ID], ["INFO text"], [ID, "request_id"]]) {
        for (const wasm of [true, false]) {
          wasmNeedleSearch.enabled = wasm;
          const plain = await whole({}, maxLineBytes);
          const fast = await whole({ needles }, maxLineBytes);
          wasmNeedleSearch.enabled = true;
          expect({ maxLineBytes, needles, wasm, stats: fast.stats, warnings: fast.warnings }).toEqual({ maxLineBytes, needles, wasm, stats: plain.stats, warnings: plain.warnings });
          // Every event holding the needles, and no other but a last line without a newline (read as is).
          const holding = (events: Seen["events"]) => events.filter(([message]) => needles.every((n) => message.includes(n)));
          expect(holding(fast.events)).toEqual(holding(plain.events));
          expect(fast.events.length - holding(fast.events).length).toBeLessThanOrEqual(1);
          // Read in parts, as threads read them: a part's first line may be blank, or a file's.
          wasmNeedleSearch.enabled = wasm;
          const plainParts = await inParts({}, maxLineBytes);
          const fastParts = await inParts({ needles }, maxLineBytes);
          wasmNeedleSearch.enabled = true;
          expect({ maxLineBytes, needles, wasm, stats: fastParts.stats, warnings: fastParts.warnings }).toEqual({ maxLineBytes, needles, wasm, stats: plainParts.stats, warnings: plainParts.warnings });
        }
      }
    }
  });

  it("count only the skipped lines in a time range, as a read without needles does", async () => {
    // Lines with their own time, lines that take it from the line before (a plain line, a JSON
    // line without a time key, a file's banner), envelopes, a CloudWatch export in gzip.
    const next = seededRandom(11);
    const line = (n: number): string => {
      const x = next();
      const id = next() < 0.1 ? ID : "0d7576b3-1290-4f55-9a38-98c67ebc0e11";
      if (x < 0.1) return `untimed ${id}`;
      if (x < 0.2) return `{"request_id":"${id}","n":${n}}`;
      if (x < 0.3) return envelope(n, "svc", `{"request_id":"${id}","note":"caf\u00e9 \\ \"q\""}`);
      if (x < 0.4) return `${iso(n)} INFO text ${id}`;
      if (x < 0.45) return "";
      return `{"timestamp":"${iso(n)}","request_id":"${id}","n":${n}}`;
    };
    const text = (count: number) => Array.from({ length: count }, (_, n) => line(n));
    dir.write("svc/a.jsonl", ["banner without a time", ...text(4000)].join("\n") + "\n");
    dir.write("svc/b.log", text(1500).join("\r\n") + "\r\n");
    dir.write("svc/000000.gz", text(800).join("\n") + "\n", { gzip: true });
    for (const [start, end] of [
      [T0 + 300_000, T0 + 2_000_000],
      [-Infinity, T0 + 500_000],
      [T0 + 3_000_000, Infinity],
    ]) {
      for (const wasm of [true, false]) {
        wasmNeedleSearch.enabled = wasm;
        const plain = await whole({ start, end }, 1024 * 1024);
        const fast = await whole({ needles: [ID], start, end }, 1024 * 1024);
        wasmNeedleSearch.enabled = true;
        expect({ start, end, wasm, stats: fast.stats, warnings: fast.warnings }).toEqual({ start, end, wasm, stats: plain.stats, warnings: plain.warnings });
        const holding = (events: Seen["events"]) => events.filter(([message]) => message.includes(ID));
        expect(holding(fast.events)).toEqual(holding(plain.events));
        // In parts, whose first lines take their time from the part before (the lead time).
        wasmNeedleSearch.enabled = wasm;
        const plainParts = await inParts({ start, end }, 1024 * 1024);
        const fastParts = await inParts({ needles: [ID], start, end }, 1024 * 1024);
        wasmNeedleSearch.enabled = true;
        expect({ start, end, wasm, stats: fastParts.stats, warnings: fastParts.warnings }).toEqual({ start, end, wasm, stats: plainParts.stats, warnings: plainParts.warnings });
        expect(holding(fastParts.events)).toEqual(holding(plainParts.events));
      }
    }
  });

  it("find the needle at every offset against a read's end", async () => {
    // A file of lines that end just before, at and after each byte of the needle meets 1 MiB.
    const filler = `{"timestamp":"${iso(0)}","request_id":"0d7576b3-1290-4f55-9a38-98c67ebc0e11"}`;
    for (const shift of [-40, -37, -36, -20, -1, 0, 1, 35, 36]) {
      const head: string[] = [];
      let bytes = 0;
      while (bytes + filler.length + 1 < 1024 * 1024 + shift - 20) {
        head.push(filler);
        bytes += filler.length + 1;
      }
      const pad = 1024 * 1024 + shift - 20 - bytes;
      head.push(`{"p":"${"x".repeat(Math.max(0, pad - 8))}"}`);
      dir.write("svc/a.jsonl", [...head, `{"r":"${ID}"}`, filler, ""].join("\n"));
      const [fast, plain] = await both(whole, { needles: [ID] }, 1024 * 1024);
      expect({ shift, ...fast }).toEqual({ shift, ...plain });
      expect(fast.events.map(([message]) => message)).toEqual([`{"r":"${ID}"}`]);
    }
  });
});
