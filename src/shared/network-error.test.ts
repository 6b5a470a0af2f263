import { describe, expect, it } from "vitest";
import { describeNetworkError } from "./network-error.js";

const errno = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);

describe("network errors", () => {
  it("says what could not be reached and why, for each kind of failure", () => {
    const cases: [Error, string][] = [
      [errno("getaddrinfo ENOTFOUND logs.us-east-1.amazonaws.com", { code: "ENOTFOUND", hostname: "logs.us-east-1.amazonaws.com" }), "at logs.us-east-1.amazonaws.com: its name does not resolve (DNS) (ENOTFOUND)"],
      [errno("connect ETIMEDOUT 10.0.0.1:443", { code: "ETIMEDOUT", address: "10.0.0.1", port: 443 }), "at 10.0.0.1:443: the connection timed out (ETIMEDOUT)"],
      [errno("read ECONNRESET", { code: "ECONNRESET" }), "CloudWatch Logs: the connection was reset (ECONNRESET)"],
      [errno("certificate has expired", { code: "CERT_HAS_EXPIRED" }), "its TLS certificate was not accepted (CERT_HAS_EXPIRED)"],
      [Object.assign(new Error("Connection timed out after 1000 ms"), { name: "TimeoutError", $metadata: { attempts: 1 } }), "the request timed out."],
      [new AggregateError([errno("connect ECONNREFUSED ::1:4588", { code: "ECONNREFUSED", address: "::1", port: 4588 })], ""), "at ::1:4588: the connection was refused"],
      [new Error("fetch failed", { cause: errno("getaddrinfo EAI_AGAIN proxy.local", { code: "EAI_AGAIN", hostname: "proxy.local" }) }), "at proxy.local: its name could not be resolved right now (DNS)"],
    ];
    for (const [error, expected] of cases) expect(describeNetworkError(error)?.message).toContain(expected);
  });

  it("leaves other errors alone: AWS service errors (a timeout with a response) and bugs", () => {
    expect(describeNetworkError(Object.assign(new Error("slow"), { name: "TimeoutError", $metadata: { httpStatusCode: 504 } }))).toBeUndefined();
    expect(describeNetworkError(new TypeError("x is undefined"))).toBeUndefined();
    expect(describeNetworkError(errno("no such file", { code: "ENOENT" }))).toBeUndefined();
  });

  it("mentions a proxy only when one is set", () => {
    const error = errno("connect ECONNREFUSED 127.0.0.1:3128", { code: "ECONNREFUSED", address: "127.0.0.1", port: 3128 });
    expect(describeNetworkError(error, { HTTPS_PROXY: "http://127.0.0.1:3128" })?.hint).toContain("a proxy is set (HTTPS_PROXY)");
    expect(describeNetworkError(error, {})?.hint).toContain("a proxy or firewall may be in the way");
  });
});
