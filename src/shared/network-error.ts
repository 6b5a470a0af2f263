/**
 * A failure to talk to CloudWatch over the network: DNS, a refused or reset connection, a
 * timeout, TLS, a proxy. It is the machine's or the network's state, never a bug: it is told as
 * what could not be reached and what to check.
 */

export interface NetworkProblem {
  message: string;
  hint: string;
}

const WHY: Record<string, string> = {
  ENOTFOUND: "its name does not resolve (DNS)",
  EAI_AGAIN: "its name could not be resolved right now (DNS)",
  EAI_FAIL: "its name could not be resolved (DNS)",
  ECONNREFUSED: "the connection was refused (nothing listens there)",
  ECONNRESET: "the connection was reset",
  ECONNABORTED: "the connection was aborted",
  EPIPE: "the connection was closed",
  ETIMEDOUT: "the connection timed out",
  ESOCKETTIMEDOUT: "the connection timed out",
  EHOSTUNREACH: "the host is unreachable",
  EHOSTDOWN: "the host is down",
  ENETUNREACH: "the network is unreachable",
  ENETDOWN: "the network is down",
  EPROTO: "the TLS handshake failed",
  UND_ERR_CONNECT_TIMEOUT: "the connection timed out",
  UND_ERR_SOCKET: "the connection failed",
};

/** Certificate problems (OpenSSL's codes as Node reports them). */
const TLS_CODE = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH)/;
/** The SDK's own timeouts (NodeHttpHandler's connection and socket timeouts). */
const TIMEOUT_NAMES = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException"]);

/** Undefined when `error` (or an error it wraps) is not a network failure. */
export function describeNetworkError(error: unknown, env: Record<string, string | undefined> = {}): NetworkProblem | undefined {
  const found = networkCause(error);
  if (found === undefined) return undefined;
  const { code, cause } = found;
  const where = target(cause);
  const why = WHY[code] ?? (TLS_CODE.test(code) ? `its TLS certificate was not accepted (${code})` : code === "timeout" ? "the request timed out" : code);
  const proxy = env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy;
  return {
    message: `cannot reach CloudWatch Logs${where ? ` at ${where}` : ""}: ${why}${code === why || code === "timeout" ? "" : ` (${code})`}.`,
    hint:
      "Check that this machine is online; " +
      (proxy !== undefined ? "a proxy is set (HTTPS_PROXY) that may be refusing or down; " : "a proxy or firewall may be in the way; ") +
      "--region (or AWS_REGION) picks the endpoint logs.<region>.amazonaws.com; " +
      "--endpoint-url points elsewhere (tolog serve: is it running, on that port?).",
  };
}

function networkCause(error: unknown, depth = 0): { code: string; cause: Error } | undefined {
  if (!(error instanceof Error) || depth > 5) return undefined;
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== undefined && (code in WHY || TLS_CODE.test(code))) return { code, cause: error };
  // A timeout with no HTTP response (the SDK's retry middleware adds $metadata to every error;
  // a status code means CloudWatch answered, and that is explained elsewhere).
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (TIMEOUT_NAMES.has(error.name) && status === undefined) return { code: "timeout", cause: error };
  // Happy eyeballs: one error per address tried, in an AggregateError.
  for (const inner of error instanceof AggregateError ? error.errors : []) {
    const found = networkCause(inner, depth + 1);
    if (found) return found;
  }
  return networkCause(error.cause, depth + 1);
}

/** `logs.us-east-1.amazonaws.com`, or `127.0.0.1:4588` for a refused connection. */
function target(error: Error): string | undefined {
  if (error instanceof AggregateError && error.errors[0] instanceof Error) return target(error.errors[0]);
  const { hostname, address, port, host } = error as Error & { hostname?: string; address?: string; port?: number; host?: string };
  if (hostname !== undefined) return hostname;
  if (address !== undefined) return port !== undefined ? `${address}:${port}` : address;
  if (host !== undefined) return host;
  return /\b(?:ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT)\s+(\S+)/.exec(error.message)?.[1];
}
