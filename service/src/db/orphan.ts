/**
 * A service killed outright (SIGKILL, an OOM kill: no exit hook runs) leaves its embedded
 * Postgres running, holding the data directory's lock, and the next start would fail with
 * Postgres's "lock file already exists". So each start notes the Node process that owns the
 * cluster beside the data directory; a later start stops a cluster whose owner is gone, and
 * names the owner when it is still running.
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/** How long a left-over Postgres gets to shut down (a fast shutdown takes well under a second). */
const STOP_WAIT_MS = 30_000;

export class DataDirInUseError extends Error {}

const ownerFile = (dataDir: string) => `${dataDir}.owner`;

/** Notes this process as the owner of the cluster in `dataDir`. */
export async function claimDataDir(dataDir: string): Promise<void> {
  await writeFile(ownerFile(dataDir), `${process.pid}\n`);
}

export async function releaseDataDir(dataDir: string): Promise<void> {
  await rm(ownerFile(dataDir), { force: true });
}

/**
 * Stops the Postgres that still runs on `dataDir` when the process that started it is gone, and
 * returns its pid; undefined when none runs. Throws DataDirInUseError when its owner still runs.
 */
export async function stopOrphanedPostgres(dataDir: string): Promise<number | undefined> {
  const postmaster = await readLines(path.join(dataDir, "postmaster.pid"));
  const pid = Number(postmaster?.[0]);
  // No lock file, or a stale one (Postgres itself replaces a lock whose process is gone).
  if (!Number.isInteger(pid) || pid <= 1 || !isRunning(pid)) return undefined;
  const owner = Number((await readLines(ownerFile(dataDir)))?.[0]);
  if (Number.isInteger(owner) && owner > 1 && owner !== process.pid && isRunning(owner)) {
    throw new DataDirInUseError(
      `the embedded Postgres in ${dataDir} belongs to a service that is still running (process ${owner}): stop that service, or give this one its own directory with EMBEDDED_PG_DIR`,
    );
  }
  // SIGINT is Postgres's fast shutdown: it rolls back open transactions and stops cleanly.
  process.kill(pid, "SIGINT");
  const deadline = Date.now() + STOP_WAIT_MS;
  while (isRunning(pid)) {
    if (Date.now() > deadline) {
      throw new DataDirInUseError(`the embedded Postgres left running in ${dataDir} (process ${pid}) did not stop; stop it with: kill -QUIT ${pid}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return pid;
}

async function readLines(file: string): Promise<string[] | undefined> {
  try {
    return (await readFile(file, "utf8")).split("\n");
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
