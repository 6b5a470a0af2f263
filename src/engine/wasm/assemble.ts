/**
 * A small WebAssembly assembler: instructions written as folded expressions (operands first, as
 * the text format's `(i32.add (local.get 0) (i32.const 1))`), named block labels resolved to
 * branch depths, and the binary sections of a module of exported functions over one memory.
 * It holds only what tolog's scanners use; no toolchain, no binary in the repository.
 */

/** What tolog uses of the WebAssembly API, which only the DOM lib declares. */
export const WasmApi = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => object; Instance: new (module: object) => { exports: unknown } } })
  .WebAssembly;
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** A byte of code, or a marker the assembler resolves (label scopes and branches to them). */
type Item = number | { open: string } | { close: true } | { branch: number; label: string };
/**
 * Code as a tree: each instruction holds its operands' code as they are, flattened once by
 * `resolve`. (Copied into flat arrays at every level, as spreads did, the module took 20-40 ms
 * to assemble in each thread of every process that scanned JSON.)
 */
export type Code = Array<Item | Code>;

export const I32 = 0x7f;
export const I64 = 0x7e;
export const V128 = 0x7b;
const EMPTY_BLOCK = 0x40;

const flat = (parts: Array<Code | Item>): Code => parts;

export const i32 = (n: number): Code => [0x41, sleb(n)];
export const get = (local: number): Code => [0x20, uleb(local)];
export const set = (local: number, value: Code): Code => [value, 0x21, uleb(local)];
export const tee = (local: number, value: Code): Code => [value, 0x22, uleb(local)];

const binary = (opcode: number) => (a: Code, b: Code): Code => [a, b, opcode];
const unary = (opcode: number) => (a: Code): Code => [a, opcode];
export const eqz = unary(0x45);
export const eq = binary(0x46);
export const ne = binary(0x47);
export const ltU = binary(0x49);
export const gtU = binary(0x4b);
export const leU = binary(0x4d);
export const geU = binary(0x4f);
export const ctz = unary(0x68);
export const add = binary(0x6a);
export const sub = binary(0x6b);
export const mul = binary(0x6c);
export const and = binary(0x71);
export const or = binary(0x72);
export const shl = binary(0x74);
export const shrU = binary(0x76);
export const xor = binary(0x73);
export const popcnt = unary(0x69);

export const i64Eqz = unary(0x50);
export const i64Eq = binary(0x51);
export const i64Ctz = unary(0x7a);
export const i64And = binary(0x83);
export const i64Or = binary(0x84);
export const i64Shl = binary(0x86);
export const i64ShrU = binary(0x88);
/** The low 32 bits of an i64. */
export const wrap = unary(0xa7);
/** An i32 as an unsigned i64. */
export const extendU = unary(0xad);
export const i64 = (n: number): Code => [0x42, sleb(n)];

/** Byte `address + offset`, zero-extended. */
export const load8 = (address: Code, offset = 0): Code => [address, 0x2d, 0x00, uleb(offset)];
/** Two bytes at `address + offset` (little-endian), zero-extended. */
export const load16 = (address: Code, offset = 0): Code => [address, 0x2f, 0x01, uleb(offset)];
export const load32 = (address: Code, offset = 0): Code => [address, 0x28, 0x02, uleb(offset)];
export const load64 = (address: Code, offset = 0): Code => [address, 0x29, 0x03, uleb(offset)];
export const store32 = (address: Code, value: Code, offset = 0): Code => [address, value, 0x36, 0x02, uleb(offset)];

export const v128Load = (address: Code, offset = 0): Code => [address, 0xfd, 0x00, 0x00, uleb(offset)];
export const v128Store = (address: Code, value: Code, offset = 0): Code => [address, value, 0xfd, 0x0b, 0x00, uleb(offset)];
export const i8x16Splat = (byte: number): Code => [i32(byte), 0xfd, 0x0f];
export const i8x16Eq = (a: Code, b: Code): Code => [a, b, 0xfd, 0x23];
export const i8x16LtU = (a: Code, b: Code): Code => [a, b, 0xfd, 0x26];
/** Lane-wise unsigned minimum. */
export const i8x16MinU = (a: Code, b: Code): Code => [a, b, 0xfd, 0x77];
/** Lane-wise `a - b`, saturating at 0. */
export const i8x16SubSatU = (a: Code, b: Code): Code => [a, b, 0xfd, 0x73];
/** Lane-wise `a - b`, wrapping. */
export const i8x16Sub = (a: Code, b: Code): Code => [a, b, 0xfd, 0x71];
/** Sums of adjacent pairs of unsigned byte lanes, as 8 16-bit lanes. */
export const i16x8ExtaddPairwiseU = (a: Code): Code => [a, 0xfd, 0x7d];
/** Sums of adjacent pairs of unsigned 16-bit lanes, as 4 32-bit lanes. */
export const i32x4ExtaddPairwiseU = (a: Code): Code => [a, 0xfd, 0x7f];
export const i32x4ExtractLane = (a: Code, lane: number): Code => [a, 0xfd, 0x1b, lane];
export const v128Or = (a: Code, b: Code): Code => [a, b, 0xfd, 0x50];
export const v128And = (a: Code, b: Code): Code => [a, b, 0xfd, 0x4e];
/** 1 when any bit of the vector is set. */
export const anyTrue = (a: Code): Code => [a, 0xfd, 0x53];
/** Every byte lane set to the low byte of an i32 computed at run time. */
export const i8x16SplatOf = (byte: Code): Code => [byte, 0xfd, 0x0f];
/** A bit per byte lane, set where the lane's top bit is. */
export const i8x16Bitmask = (a: Code): Code => [a, 0xfd, 0x64];

/** A block to break out of by `label`. */
export const block = (label: string, ...body: Array<Code | Item>): Code => [0x02, EMPTY_BLOCK, { open: label }, flat(body), { close: true }, 0x0b];
/** A loop to go round again by branching to `label`. */
export const loop = (label: string, ...body: Array<Code | Item>): Code => [0x03, EMPTY_BLOCK, { open: label }, flat(body), { close: true }, 0x0b];
export const when = (condition: Code, ...body: Array<Code | Item>): Code => [condition, 0x04, EMPTY_BLOCK, { open: "" }, flat(body), { close: true }, 0x0b];
export const ifElse = (condition: Code, then: Code, otherwise: Code): Code => [
  condition, 0x04, EMPTY_BLOCK, { open: "" }, then, 0x05, otherwise, { close: true }, 0x0b,
];
export const br = (label: string): Code => [{ branch: 0x0c, label }];
export const brIf = (label: string, condition: Code): Code => [condition, { branch: 0x0d, label }];
export const ret = (value: Code): Code => [value, 0x0f];
/** `condition ? a : b`, both evaluated. */
export const select = (a: Code, b: Code, condition: Code): Code => [a, b, condition, 0x1b];
export const seq = (...parts: Array<Code | Item>): Code => flat(parts);

/** Replaces each branch's label by its depth: how many scopes out its target is. */
function resolve(code: Code): number[] {
  const scopes: string[] = [];
  const out: number[] = [];
  const walk = (items: Code): void => {
    for (const item of items) {
      if (typeof item === "number") out.push(item);
      else if (Array.isArray(item)) walk(item);
      else if ("open" in item) scopes.push(item.open);
      else if ("close" in item) scopes.pop();
      else {
        const at = scopes.lastIndexOf(item.label);
        if (at < 0 || item.label === "") throw new Error(`no enclosing block or loop named ${item.label}`);
        out.push(item.branch, ...uleb(scopes.length - 1 - at));
      }
    }
  };
  walk(code);
  if (scopes.length !== 0) throw new Error("unbalanced blocks");
  return out;
}

export interface FunctionSpec {
  name: string;
  params: number[];
  result: number | undefined;
  /** Types of the locals after the parameters, in order. */
  locals: number[];
  body: Code;
}

/** A module exporting `memory` (of `pages` 64 KiB pages at first) and each function. */
export function assembleModule(pages: number, functions: FunctionSpec[]): Uint8Array {
  const types = functions.flatMap((f) => [0x60, ...uleb(f.params.length), ...f.params, ...(f.result === undefined ? [0] : [1, f.result])]);
  const exports = functions.flatMap((f, i) => [...name(f.name), 0x00, ...uleb(i)]);
  const bodies = functions.flatMap((f) => {
    const code = [...localRuns(f.locals), ...resolve(f.body), 0x0b];
    return [...uleb(code.length), ...code];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [...uleb(functions.length), ...types]),
    ...section(3, [...uleb(functions.length), ...functions.flatMap((_, i) => uleb(i))]),
    ...section(5, [1, 0x00, ...uleb(pages)]),
    ...section(7, [...uleb(functions.length + 1), ...name("memory"), 0x02, 0, ...exports]),
    ...section(10, [...uleb(functions.length), ...bodies]),
  ]);
}

/** Locals as the code section declares them: how many runs, then (count, type) per run. */
function localRuns(types: number[]): number[] {
  const runs: number[] = [];
  let count = 0;
  for (let i = 0; i < types.length; count++) {
    let j = i;
    while (j < types.length && types[j] === types[i]) j++;
    runs.push(...uleb(j - i), types[i]);
    i = j;
  }
  return [...uleb(count), ...runs];
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

const section = (id: number, content: number[]): number[] => [id, ...uleb(content.length), ...content];
const name = (text: string): number[] => [...uleb(text.length), ...Buffer.from(text, "latin1")];
