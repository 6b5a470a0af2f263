import net from "node:net";

/**
 * The address the service is to listen on cannot be used: a problem of the machine, not of the
 * service (exit 1). The message names the address and what to do; it is shown as it is.
 */
export class ListenAddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ListenAddressError";
  }
}

/**
 * Fails when `host:port` cannot be listened on (another process holds it, a port below 1024, a
 * HOST that is not this machine's), before the slow part of a start (initdb, Postgres, the
 * migrations). Port 0 (any free port) is not checked. The listen itself reports the same way,
 * for a port taken in between.
 */
export async function ensurePortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const problem = await tryListen(host, port);
  if (problem) throw await listenError(problem, host, port);
}

/** The error of listening on host:port, or undefined when it can be listened on (and is released again). */
function tryListen(host: string, port: number): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.unref();
    probe.once("error", (err: NodeJS.ErrnoException) => resolve(err));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(undefined)));
  });
}

/** A free port near `port` to suggest, if one of the next few is. */
async function freeNear(host: string, port: number): Promise<number | undefined> {
  for (let candidate = port + 1; candidate <= Math.min(port + 20, 65535); candidate++) {
    if ((await tryListen(host, candidate)) === undefined) return candidate;
  }
  return undefined;
}

/** Turns a listen failure into what the user can do about it; other errors are returned as they are. */
export async function listenError(err: unknown, host: string, port: number): Promise<unknown> {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const address = `${host.includes(":") ? `[${host}]` : host}:${port}`;
  switch (code) {
    case "EADDRINUSE": {
      const other = (await freeNear(host, port)) ?? port + 1;
      return new ListenAddressError(
        `${address} is already in use by another process: stop that process (lsof -nP -iTCP:${port} -sTCP:LISTEN shows which), or start TaskOverflow on another port, e.g. PORT=${other} npm start -w service`,
      );
    }
    case "EACCES":
      return new ListenAddressError(`${address}: not allowed to listen on port ${port} (ports below 1024 need root): set PORT to 1024 or more, e.g. PORT=6400`);
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new ListenAddressError(
        `HOST=${host} is not an address of this machine: leave HOST unset for 127.0.0.1, or set HOST=0.0.0.0 to listen on every interface`,
      );
    default:
      return err;
  }
}
