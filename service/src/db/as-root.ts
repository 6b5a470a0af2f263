import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Account } from "./cluster.js";
import type { PostgresBinaries } from "./postgres-binaries.js";

/**
 * Postgres refuses to run as root, so a service running as root runs it as the `postgres` user
 * (created if missing, as a container needs). That user must reach the binaries and the data
 * directory, which a checkout under a directory only root may enter (root's home, a 0700 temp
 * directory) does not allow. Then the binaries are copied, and the cluster placed, under
 * RUNTIME_DIR (`/var/tmp/taskoverflow-postgres`), which root owns and everyone may enter.
 */
const POSTGRES_USER = "postgres";
export const RUNTIME_DIR = path.join(existsSync("/var/tmp") ? "/var/tmp" : os.tmpdir(), "taskoverflow-postgres");

export class RootSetupError extends Error {}

const exec = promisify(execFile);

/** The user Postgres runs as, created when missing. */
export async function postgresAccount(): Promise<Account> {
  const lookUp = async (): Promise<Account> => {
    const [uid, gid] = await Promise.all([exec("id", ["-u", POSTGRES_USER]), exec("id", ["-g", POSTGRES_USER])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()), name: POSTGRES_USER };
  };
  try {
    return await lookUp();
  } catch {
    // no such user yet
  }
  try {
    await exec("groupadd", [POSTGRES_USER]).catch(() => undefined); // it may exist without the user
    await exec("useradd", ["-g", POSTGRES_USER, POSTGRES_USER]);
    return await lookUp();
  } catch (error) {
    throw new RootSetupError(
      `running as root, the embedded Postgres must run as a user named "${POSTGRES_USER}", and creating it failed (${(error as Error).message.split("\n")[0]}). ` +
        `Create that user (useradd ${POSTGRES_USER}), or run the service as a user other than root, or give it a database with DATABASE_URL.`,
    );
  }
}

/** Whether `account` may do `test <flag> <target>` (e.g. -x: run it, or enter it, through every parent). */
export async function canAs(account: Account, flag: "-x" | "-w" | "-r", target: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn("/bin/sh", ["-c", 'test "$1" "$2"', "sh", flag, target], { uid: account.uid, gid: account.gid, stdio: "ignore" });
    child.once("error", () => resolve(false));
    child.once("exit", (code) => resolve(code === 0));
  });
}

/** A directory under RUNTIME_DIR that only root can write; refuses one that someone else could have planted. */
async function runtimeDir(...parts: string[]): Promise<string> {
  let dir = RUNTIME_DIR;
  for (const part of ["", ...parts]) {
    dir = part ? path.join(dir, part) : dir;
    await fs.mkdir(dir, { mode: 0o755 }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw setupError(dir, error);
    });
    const st = await fs.lstat(dir);
    if (!st.isDirectory() || st.uid !== 0 || (st.mode & 0o022) !== 0) {
      throw new RootSetupError(`${dir} is not a directory that only root can write (owner ${st.uid}, mode ${(st.mode & 0o777).toString(8)}): remove it, then start again.`);
    }
    await fs.chmod(dir, 0o755);
  }
  return dir;
}

/** Binaries `account` can run: the package's own, else a copy of them under RUNTIME_DIR. */
export async function reachableBinaries(binaries: PostgresBinaries, account: Account): Promise<string> {
  if (await canAs(account, "-x", path.join(binaries.nativeDir, "bin", "postgres"))) return binaries.nativeDir;
  const parent = await runtimeDir();
  const copy = path.join(parent, `bin-${binaries.version}`);
  if (!existsSync(path.join(copy, "bin", "postgres"))) {
    const partial = await fs.mkdtemp(path.join(parent, ".copy-"));
    try {
      await fs.cp(binaries.nativeDir, partial, { recursive: true, verbatimSymlinks: true });
      await readableByAll(partial);
      await fs.rename(partial, copy).catch((error: NodeJS.ErrnoException) => {
        if (!existsSync(path.join(copy, "bin", "postgres"))) throw error; // else another start made it first
      });
    } catch (error) {
      throw setupError(copy, error as NodeJS.ErrnoException);
    } finally {
      await fs.rm(partial, { recursive: true, force: true });
    }
  }
  if (!(await canAs(account, "-x", path.join(copy, "bin", "postgres")))) {
    throw new RootSetupError(`the user "${account.name}" cannot run the Postgres binaries copied to ${copy}. Check that directory's permissions, or run the service as a user other than root.`);
  }
  return copy;
}

/**
 * Where the cluster of `dataDir` lives when `account` cannot reach `dataDir`: a directory under
 * RUNTIME_DIR named after it, the same for every start from the same place.
 */
export async function reachableDataDir(dataDir: string, account: Account): Promise<string> {
  const parent = path.dirname(dataDir);
  await fs.mkdir(parent, { recursive: true });
  if (await canAs(account, "-x", parent)) return dataDir;
  await runtimeDir(path.basename(relocationDir(dataDir)));
  return path.join(relocationDir(dataDir), path.basename(dataDir));
}

/** The directory under RUNTIME_DIR that holds `dataDir`'s cluster when it is relocated. */
export function relocationDir(dataDir: string): string {
  const parent = path.dirname(dataDir);
  const hash = createHash("sha256").update(dataDir).digest("hex").slice(0, 12);
  const name = `${path.basename(path.dirname(parent))}-${path.basename(parent)}-${path.basename(dataDir)}`.replace(/[^\w.-]/g, "_");
  return path.join(RUNTIME_DIR, `data-${name}-${hash}`);
}

/** Directories 0755 and files readable (and runnable where they were) by everyone. */
async function readableByAll(dir: string): Promise<void> {
  await fs.chmod(dir, 0o755);
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await readableByAll(full);
    else if (entry.isFile()) {
      const { mode } = await fs.stat(full);
      await fs.chmod(full, (mode & 0o777) | 0o444 | (mode & 0o100 ? 0o111 : 0));
    }
  }
}

function setupError(dir: string, error: NodeJS.ErrnoException): RootSetupError {
  return new RootSetupError(
    `running as root, the embedded Postgres must run from ${dir}, which could not be made (${error.code ?? error.message}). ` +
      `Make ${RUNTIME_DIR} writable for root, or run the service as a user other than root, or give it a database with DATABASE_URL.`,
  );
}
