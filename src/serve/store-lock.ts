import { randomInt } from "node:crypto";
import { hostname } from "node:os";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { link, readFile, rm, writeFile } from "node:fs/promises";

/**
 * One endpoint per store directory: two endpoints appending to the same stream files each keep
 * their own view of where the files end, and lose events between them. The owner's pid is kept
 * in `--dir/.lock` (a dot-file: the local file source and the store skip it); a lock whose
 * process is gone (a crash, kill -9) is taken over.
 */
export const LOCK_FILE = ".lock";

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

export class StoreLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly owner: LockOwner,
    readonly lockFile: string,
  ) {
    super(
      owner.host === hostname()
        ? `${dir} is in use by another tolog serve (pid ${owner.pid}, since ${owner.since}).`
        : `${dir} is in use by a tolog serve on ${owner.host} (pid ${owner.pid}, since ${owner.since}).`,
    );
  }

  get hint(): string {
    return this.owner.host === hostname()
      ? "Stop that endpoint first, or give this one another --dir."
      : `Stop that endpoint first, or give this one another --dir. If it is gone for good, delete ${this.lockFile}.`;
  }
}

export interface StoreLock {
  /** The process that held the lock before, when it had ended without letting it go. */
  tookOverFrom?: number;
  release(): Promise<void>;
}

/** Lock files this process holds: its own pid in one of them is not a stale lock. */
const held = new Set<string>();

export async function lockStore(dir: string): Promise<StoreLock> {
  const file = join(dir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  const text = JSON.stringify(me) + "\n";
  let tookOverFrom: number | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await create(file, text)) {
      held.add(file);
      return { ...(tookOverFrom !== undefined ? { tookOverFrom } : {}), release: () => release(file, text) };
    }
    const owner = await readOwner(file);
    if (owner && isAlive(owner, file)) throw new StoreLockedError(dir, owner, file);
    // The owner is gone (or the file is not a lock): take it over.
    tookOverFrom = owner?.pid;
    await rm(file, { force: true });
  }
  throw new Error(`could not lock ${dir}: ${file} keeps coming back`);
}

/**
 * Creates the lock file unless it exists. Written whole to a file of its own, then linked into
 * place: the link fails if a lock exists, so two endpoints starting at once cannot both get it,
 * and none reads half a file. Where the file system has no hard links, an exclusive create.
 */
async function create(file: string, text: string): Promise<boolean> {
  const temp = `${file}.${process.pid}.${randomInt(1e9)}.tmp`;
  await writeFile(temp, text);
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
  } finally {
    await rm(temp, { force: true });
  }
  try {
    await writeFile(file, text, { flag: "wx" });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

async function release(file: string, text: string): Promise<void> {
  held.delete(file);
  // Only our own lock: after a takeover by someone else (it should not happen) theirs stays.
  const now = await readFile(file, "utf8").catch(() => undefined);
  if (now === text) await rm(file, { force: true });
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    const value = JSON.parse(await readFile(file, "utf8")) as Partial<LockOwner>;
    if (Number.isSafeInteger(value.pid) && typeof value.host === "string") {
      return { pid: value.pid!, host: value.host, since: String(value.since ?? "an unknown time") };
    }
  } catch {
    // gone meanwhile, or not a lock we wrote
  }
  return undefined;
}

function isAlive(owner: LockOwner, file: string): boolean {
  if (owner.host !== hostname()) return true; // another machine's process cannot be checked
  // Our own pid in a lock we do not hold: a crashed run whose pid this process got again.
  if (owner.pid === process.pid) return held.has(file);
  try {
    process.kill(owner.pid, 0);
    return !hasEnded(owner.pid);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // alive, someone else's
  }
}

/**
 * Whether a process that signal 0 still reaches has in fact ended: right after a kill -9 it is a
 * zombie (or dying) until its parent reaps it. Linux says so in /proc; elsewhere, not known.
 */
function hasEnded(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat[stat.lastIndexOf(")") + 2];
    return state === "Z" || state === "X";
  } catch {
    return false;
  }
}
