import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestInfo, ServeContext } from "./context.js";
import { AwsError, invalidParameter, serializationError, serviceUnavailable, unknownOperation } from "./errors.js";
import { UnsafeEntryError } from "./stream-file.js";
import type { FaultInjector } from "./faults.js";
import { OPERATIONS, TARGET_PREFIX } from "./operations.js";
import type { Body } from "./params.js";

/**
 * The AWS JSON 1.1 protocol: `POST /` with `X-Amz-Target: Logs_20140328.<Operation>` and a JSON
 * body; answers are JSON with status 200, errors `{"__type", "message"}` with 4xx/5xx. SigV4
 * signatures are accepted without being checked: the region is read from the credential scope.
 */

/** One request the endpoint received, for tests that assert what a client did. */
export interface RequestLogEntry {
  operation: string;
  /** HTTP status of the answer. */
  status: number;
  /** The AWS error code, when the answer was an error. */
  error?: string;
  /** The request body (parsed), so tests can check what a client sent. */
  body?: Body;
  time: number;
}

/** Request bodies above this are refused: a full PutLogEvents batch is about 1 MB plus JSON. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const DEFAULT_REGION = "us-east-1";

export interface ProtocolOptions {
  ctx: ServeContext;
  faults: FaultInjector;
  onRequest?: (entry: RequestLogEntry) => void;
  /** Where unexpected failures (bugs) are described. */
  log: (line: string) => void;
  /** Listening on a loopback address: requests addressed to any other name are refused (`addressedToLoopback`). */
  loopbackOnly?: boolean;
}

/**
 * Whether a request's Host header names this machine's loopback (or is absent). A page of any
 * site can make a browser send requests to 127.0.0.1 under its own name, by pointing that name's
 * DNS there (rebinding): the browser then lets the page read the answers. Only such a request
 * carries another name, so an endpoint that only this machine can reach refuses it.
 */
export function addressedToLoopback(host: string | undefined): boolean {
  if (host === undefined || host === "") return true;
  const name = (host.startsWith("[") ? host.slice(1, host.indexOf("]")) : host.replace(/:\d*$/, "")).toLowerCase();
  // A name written whole, with the root's dot ("localhost."), is the same name.
  return isLoopbackName(name.endsWith(".") ? name.slice(0, -1) : name);
}

/** localhost (and names under it, which resolve here), 127.0.0.0/8, ::1. */
export function isLoopbackName(name: string): boolean {
  return name === "localhost" || name.endsWith(".localhost") || name === "::1" || /^127(\.\d{1,3}){3}$/.test(name);
}

const notLoopback = (host: string): AwsError =>
  new AwsError(
    "AccessDeniedException",
    `This endpoint listens on a loopback address and answers only requests addressed to localhost, 127.0.0.1 or [::1], not to ${JSON.stringify(host)}; to reach it by another name, start it with --host.`,
    403,
  );

export function createHandler(options: ProtocolOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = randomUUID();
    const target = headerText(req.headers["x-amz-target"]);
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
    let body: Body | undefined;
    let status = 200;
    let payload: unknown;
    let errorCode: string | undefined;
    try {
      if (options.loopbackOnly && !addressedToLoopback(req.headers.host)) throw notLoopback(req.headers.host ?? "");
      const raw = await readBody(req);
      const handler = req.method === "POST" && target.startsWith(TARGET_PREFIX) ? OPERATIONS.get(operation) : undefined;
      if (!handler) throw unknownOperation(target);
      body = parseBody(raw);
      const injected = await options.faults.before();
      if (injected) throw injected;
      payload = await handler(body, options.ctx, requestInfo(req));
    } catch (error) {
      const aws = error instanceof AwsError ? error : unexpected(error, operation || "(no operation)", options.log);
      status = aws.status;
      payload = aws.body();
      errorCode = aws.code;
    }
    const text = JSON.stringify(payload ?? {});
    const headers: Record<string, string | number> = {
      "content-type": "application/x-amz-json-1.1",
      "content-length": Buffer.byteLength(text),
      "x-amzn-requestid": requestId,
    };
    if (errorCode) headers["x-amzn-errortype"] = errorCode;
    res.writeHead(status, headers);
    res.end(text);
    options.onRequest?.({
      operation: operation || "(none)",
      status,
      ...(errorCode ? { error: errorCode } : {}),
      ...(body ? { body } : {}),
      time: Date.now(),
    });
  };
}

/**
 * A failure that is not the client's: a 500 the SDKs retry. The file system's own refusals (a
 * full disk, a file size limit, permissions) are told in one line; anything else is a bug, told
 * with its stack.
 */
function unexpected(error: unknown, operation: string, log: (line: string) => void): AwsError {
  if (error instanceof UnsafeEntryError) {
    log(`tolog serve: ${operation} refused: ${error.message}`);
    return invalidParameter(error.message);
  }
  const errno = error as NodeJS.ErrnoException;
  if (error instanceof Error && typeof errno.code === "string" && typeof errno.syscall === "string") {
    log(`tolog serve: ${operation} failed: ${error.message}`);
    return serviceUnavailable(`The endpoint could not store the data (${errno.code}); see its log.`);
  }
  log(`tolog serve: ${operation} failed: ${error instanceof Error ? error.stack : String(error)}`);
  return serviceUnavailable("The endpoint failed unexpectedly; see its log.");
}

function headerText(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(serializationError(`Request body larger than ${MAX_BODY_BYTES} bytes.`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseBody(raw: string): Body {
  if (raw.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw serializationError("The request body is not valid JSON.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw serializationError("The request body must be a JSON object.");
  }
  return value as Body;
}

/** `Authorization: AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-west-1/logs/aws4_request, ...` */
function requestInfo(req: IncomingMessage): RequestInfo {
  const auth = headerText(req.headers.authorization);
  const match = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(auth);
  return { region: match?.[1] ?? DEFAULT_REGION };
}
