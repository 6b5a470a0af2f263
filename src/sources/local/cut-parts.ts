import type { LocalFile } from "./local-file.js";

/** The lines of a file that start in its byte range `[from, to)` (`to` Infinity: to its end). */
export interface FileSlice {
  file: LocalFile;
  from: number;
  to: number;
}

export interface SizedFile {
  file: LocalFile;
  size: number;
  /** A gzip file cannot be entered mid-way, so it is never cut. */
  gzip: boolean;
}

/**
 * Consecutive parts of `files` (in read order) sized by `shares` (weights of each part): a plain
 * file may be cut at any byte (each part then takes the lines that start in its range), a gzip
 * file goes whole into one part. Parts that would get nothing are left out.
 */
export function cutParts(files: SizedFile[], shares: number[]): FileSlice[][] {
  const total = files.reduce((sum, f) => sum + f.size, 0);
  const weight = shares.reduce((sum, s) => sum + s, 0);
  const parts: FileSlice[][] = [];
  let part: FileSlice[] = [];
  let room = (total * shares[0]) / weight;
  const nextPart = () => {
    if (part.length > 0) parts.push(part);
    part = [];
    const index = parts.length;
    room += index < shares.length - 1 ? (total * shares[index]) / weight : Infinity;
  };
  for (const { file, size, gzip } of files) {
    let from = 0;
    do {
      if (room <= 0) nextPart();
      const take = gzip ? size : Math.min(size - from, Math.ceil(room));
      const to = from + take >= size ? Infinity : from + take;
      part.push({ file, from, to });
      room -= take;
      from += take;
    } while (from < size);
  }
  if (part.length > 0) parts.push(part);
  return parts;
}
