import { invalidParameter } from "./errors.js";

/**
 * Pagination tokens: opaque to clients, but each one says which listing it belongs to and
 * where to continue (a cursor value where the order allows, so writes between pages do not
 * shift it).
 */
export function encodeToken(kind: string, cursor: unknown): string {
  return Buffer.from(JSON.stringify({ k: kind, c: cursor })).toString("base64url");
}

export function decodeToken<T>(kind: string, token: string | undefined): T | undefined {
  if (token === undefined) return undefined;
  try {
    const value = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { k?: unknown; c?: unknown };
    if (value.k === kind && value.c !== undefined) return value.c as T;
  } catch {
    // fall through
  }
  throw invalidParameter("The specified nextToken is invalid.");
}
