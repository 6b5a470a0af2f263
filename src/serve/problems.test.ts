import { describe, expect, test } from "vitest";
import { dirProblem, hostFrom, listenProblem, portFrom } from "./problems.js";

/** An error as Node's net and fs modules make them (these tests run as root, who gets no EACCES). */
const errno = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);

describe("listenProblem", () => {
  test("a privileged port names the limit and a port that works", () => {
    const problem = listenProblem(errno("listen EACCES: permission denied 127.0.0.1:80", { code: "EACCES", syscall: "listen", address: "127.0.0.1", port: 80 }), "127.0.0.1", 80);
    expect(problem?.message).toBe("Port 80 is privileged: below 1024, only root (or a process with CAP_NET_BIND_SERVICE) may listen on it.");
    expect(problem?.hint).toBe("Pick a port from 1024 up, e.g. --port 4588 (the default), or --port 0 for any free port.");
    expect(problem?.usage).toBe(false);
  });

  test("any other refusal to listen is told with the address, not reported as a bug", () => {
    const denied = listenProblem(errno("listen EACCES: permission denied ::1:8080", { code: "EACCES", syscall: "listen" }), "::1", 8080);
    expect(denied?.message).toBe("This user may not listen on [::1]:8080 (EACCES).");
    const other = listenProblem(errno("listen EAFNOSUPPORT: address family not supported ::1:8080", { code: "EAFNOSUPPORT", syscall: "listen" }), "::1", 8080);
    expect(other?.message).toBe("Cannot listen on [::1]:8080: listen EAFNOSUPPORT: address family not supported ::1:8080.");
    expect(other?.hint).toMatch(/^Check --host and --port/);
  });

  test("what did not come from listening is left alone", () => {
    expect(listenProblem(errno("EACCES: permission denied, mkdir '/x'", { code: "EACCES", syscall: "mkdir", path: "/x" }), "127.0.0.1", 80)).toBeUndefined();
    expect(listenProblem(new TypeError("x is undefined"), "127.0.0.1", 80)).toBeUndefined();
  });
});

describe("dirProblem", () => {
  test("permission denied and a read-only disk name --dir and the fix", () => {
    const denied = dirProblem(errno("EACCES: permission denied, mkdir '/srv/cw'", { code: "EACCES", syscall: "mkdir", path: "/srv/cw" }), "/srv/cw");
    expect(denied?.message).toBe("--dir /srv/cw: permission denied (mkdir /srv/cw).");
    expect(denied?.hint).toBe("Give a directory on a disk this user can write to, e.g. --dir .tolog/cloudwatch (the default). Or change its permissions (ls -ld /srv/cw).");
    const readOnly = dirProblem(errno("EROFS: read-only file system, mkdir '/mnt/cd/cw'", { code: "EROFS", syscall: "mkdir", path: "/mnt/cd/cw" }), "/mnt/cd/cw");
    expect(readOnly?.message).toBe("--dir /mnt/cd/cw is on a read-only file system.");
  });

  test("an error that is no file system's stays what it is (a bug, if it is one)", () => {
    expect(dirProblem(new RangeError("bad"), "/srv/cw")).toBeUndefined();
    expect(dirProblem(errno("EBADF: bad file descriptor", { code: "EBADF", syscall: "read", path: "/srv/cw/g/s.jsonl" }), "/srv/cw")).toBeUndefined();
  });
});

describe("values read before anything is made", () => {
  test("ports 0 and 65535 are ports; bracketed IPv6 and host names are addresses", () => {
    expect([portFrom("0"), portFrom("65535"), portFrom(4588)]).toEqual([0, 65535, 4588]);
    expect([hostFrom("[::1]"), hostFrom("::1"), hostFrom("localhost"), hostFrom("my-box.local."), hostFrom("0.0.0.0")]).toEqual(["::1", "::1", "localhost", "my-box.local.", "0.0.0.0"]);
    expect(() => hostFrom("127.1")).toThrow(/is not an IP address/);
  });
});
