/**
 * `tolog serve`'s expected failures, told as what the user can change. Values are read before
 * anything is made, so a typo creates no directory; a value that cannot be read at all is the
 * command line's fault (`usage`: the CLI exits 2 with the help), one the machine refuses
 * (an address it does not have, a file where the directory goes) is the environment's (exit 1).
 * Failures of making the directory and of listening arrive as Node's errno errors: they are
 * matched by what was being done (`syscall`), never by one errno alone.
 */
import { lstatSync, statSync } from "node:fs";
import { isIP } from "node:net";
import { networkInterfaces } from "node:os";
import path from "node:path";
import { DEFAULT_PORT } from "./default-port.js";
import { parseFaults, type Faults } from "./faults.js";

export class ServeProblem extends Error {
  constructor(
    message: string,
    readonly hint: string,
    /** The command line is wrong (a value that cannot be read), not the machine's state. */
    readonly usage = false,
  ) {
    super(message);
  }
}

const usage = (message: string, hint: string) => new ServeProblem(message, hint, true);
const quoted = (value: string | number) => JSON.stringify(String(value));

const DIR_EXAMPLE = "e.g. --dir .tolog/cloudwatch (the default)";
const HOST_HINT = "Give an address of this machine: 127.0.0.1 (the default: this machine only), ::1, or 0.0.0.0 for every interface.";
const FAULTS_EXAMPLE = "Example: --inject throttle=0.2,latency=300ms,fail=0.05,query-time=2s";

export function faultsFrom(inject: string | undefined): Faults {
  try {
    return parseFaults(inject);
  } catch (error) {
    throw usage((error as Error).message, FAULTS_EXAMPLE);
  }
}

/** Text as typed, or a number from a caller in code; digits only, so `1e3` and `0x10` are refused too. */
function wholeNumber(value: number | string): number | undefined {
  const text = String(value);
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

export function portFrom(value: number | string): number {
  const port = wholeNumber(value);
  if (port === undefined || port > 65535) {
    throw usage(
      `--port ${quoted(value)} is not a port number.`,
      `Give a whole number from 0 to 65535, e.g. --port ${DEFAULT_PORT} (the default); --port 0 picks any free port.`,
    );
  }
  return port;
}

export function maxQueriesFrom(value: number | string | undefined, byDefault: number): number {
  if (value === undefined) return byDefault;
  const max = wholeNumber(value);
  if (max === undefined || max < 1) {
    throw usage(`--max-queries ${quoted(value)} is not a whole number from 1 up.`, `For example --max-queries 10 (the default is ${byDefault}).`);
  }
  return max;
}

const LABEL = "[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?";
const HOST_NAME = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*\\.?$`, "i");

/**
 * The address to listen on, brackets taken off an IPv6 address as a URL writes it. Dotted
 * numbers must be a whole IPv4 address: the resolver would read `256.1.1.1` as a name, and
 * `127.1` as 127.0.0.1 by the old shorthand, neither of which anyone means. An empty value
 * would listen on every interface, the opposite of the default's intent.
 */
export function hostFrom(value: string): string {
  const host = /^\[(.*)\]$/.exec(value)?.[1] ?? value;
  if (isIP(host) !== 0) return host;
  if (/^[\d.]+$/.test(host)) throw usage(`--host ${quoted(value)} is not an IP address: the four numbers of an IPv4 address are 0-255.`, HOST_HINT);
  if (!HOST_NAME.test(host)) throw usage(`--host ${quoted(value)} is neither an IP address nor a host name.`, HOST_HINT);
  return host;
}

export function dirFrom(dir: string): string {
  if (dir === "") throw usage('--dir "" names no directory.', `Give a directory (it is made if missing), ${DIR_EXAMPLE}.`);
  return dir;
}

/** A failure to resolve `--host` or to listen, as a problem with `--host` or `--port`; undefined for anything else. */
export function listenProblem(error: unknown, host: string, port: number): ServeProblem | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, syscall } = error as NodeJS.ErrnoException;
  if (syscall === "getaddrinfo") {
    return new ServeProblem(
      `--host ${host} does not resolve to an address here (${code}).`,
      "Give an IP address of this machine (127.0.0.1, the default, for this machine only), or a name that resolves to one here (/etc/hosts, DNS).",
    );
  }
  if (syscall !== "listen" && syscall !== "bind") return undefined;
  const where = `${host.includes(":") ? `[${host}]` : host}:${port}`;
  switch (code) {
    case "EADDRINUSE":
      return new ServeProblem(`Port ${port} on ${host} is already in use.`, "Pick another with --port, or --port 0 for any free port.");
    case "EADDRNOTAVAIL":
      return new ServeProblem(
        `--host ${host} is not an address of this machine, so nothing can listen on it.`,
        `Listen on 127.0.0.1 (the default: this machine only), 0.0.0.0 (every interface) or one of this machine's addresses: ${machineAddresses().join(", ")}.`,
      );
    case "EACCES":
    case "EPERM":
      return port > 0 && port < 1024
        ? new ServeProblem(
            `Port ${port} is privileged: below 1024, only root (or a process with CAP_NET_BIND_SERVICE) may listen on it.`,
            `Pick a port from 1024 up, e.g. --port ${DEFAULT_PORT} (the default), or --port 0 for any free port.`,
          )
        : new ServeProblem(`This user may not listen on ${where} (${code}).`, "Pick another --port (or --port 0 for any free port); a security policy forbids this one.");
    default:
      return new ServeProblem(
        `Cannot listen on ${where}: ${error.message}.`,
        `Check --host and --port; the defaults (--host 127.0.0.1 --port ${DEFAULT_PORT}) listen on this machine only.`,
      );
  }
}

/** Where one can listen: link-local IPv6 addresses are left out, as they need an interface named too. */
function machineAddresses(): string[] {
  const all = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
  return [...new Set(all.filter((a) => a.family === "IPv4" || !a.address.toLowerCase().startsWith("fe80")).map((a) => a.address))];
}

/**
 * A failure of the file system while the store is made or read at start, as a problem with
 * `--dir`; undefined for what is not a file system error (a bug stays a bug).
 */
export function dirProblem(error: unknown, dir: string): ServeProblem | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, syscall, path: at } = error as NodeJS.ErrnoException;
  if (code === undefined || at === undefined) return undefined;
  const writable = `Give a directory on a disk this user can write to, ${DIR_EXAMPLE}.`;
  switch (code) {
    case "EEXIST":
    case "ENOTDIR": {
      // mkdir refuses a file where the directory goes (EEXIST) or above it (ENOTDIR): name it.
      const blocker = notADirectory(dir);
      if (blocker === undefined) break;
      const what = `${blocker.path} is ${blocker.kind}, not a directory.`;
      return new ServeProblem(
        blocker.path === path.resolve(dir) ? `--dir ${dir} is ${blocker.kind}, not a directory.` : `--dir ${dir} cannot be made: ${what}`,
        `Give a directory (it is made if missing), ${DIR_EXAMPLE}, or move the ${blocker.noun} away.`,
      );
    }
    case "ENOENT":
      if (syscall === "mkdir") return new ServeProblem(`--dir ${dir} cannot be made: no such file or directory (mkdir ${at}).`, writable);
      return new ServeProblem(`--dir ${dir}: ${at} went away while it was read.`, "Was it moved or deleted meanwhile? Start tolog serve again.");
    case "EACCES":
    case "EPERM":
      return new ServeProblem(`--dir ${dir}: permission denied (${syscall ?? "open"} ${at}).`, `${writable} Or change its permissions (ls -ld ${at}).`);
    case "EROFS":
      return new ServeProblem(`--dir ${dir} is on a read-only file system.`, writable);
    case "ENOSPC":
      return new ServeProblem(`No space left on the device of --dir ${dir}.`, "Free some disk space, or give another --dir.");
  }
  return undefined;
}

/** The first entry on the way down to `dir` that exists and is no directory, with what it is. */
function notADirectory(dir: string): { path: string; kind: string; noun: string } | undefined {
  const full = path.resolve(dir);
  const chain = [full];
  for (let at = full; path.dirname(at) !== at; at = path.dirname(at)) chain.unshift(path.dirname(at));
  for (const at of chain) {
    const entry = lstatSync(at, { throwIfNoEntry: false });
    if (entry === undefined) return undefined;
    if (entry.isDirectory()) continue;
    if (entry.isSymbolicLink()) {
      if (statSync(at, { throwIfNoEntry: false })?.isDirectory()) continue;
      return { path: at, kind: "a symbolic link to no directory", noun: "link" };
    }
    return entry.isFile() ? { path: at, kind: "a file", noun: "file" } : { path: at, kind: "a device, a socket or a FIFO", noun: "special file" };
  }
  return undefined;
}
