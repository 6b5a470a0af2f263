import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import semver from "semver";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const read = (file: string) => JSON.parse(readFileSync(join(root, file), "utf8")) as Record<string, unknown>;

describe("the dependencies' Node versions", () => {
  it("every package the lockfile installs accepts the oldest Node tolog supports", () => {
    const oldest = semver.minVersion((read("package.json").engines as { node: string }).node)!.version;
    const packages = read("package-lock.json").packages as Record<string, { version?: string; engines?: { node?: string } | string[] }>;
    const refusing = Object.entries(packages)
      .filter(([, p]) => !Array.isArray(p.engines) && p.engines?.node !== undefined && !semver.satisfies(oldest, p.engines.node))
      .map(([path, p]) => `${path}@${p.version} wants node ${(p.engines as { node: string }).node}`);
    // A package listed makes `npm ci` warn EBADENGINE on that Node, and may not run there: pin an older one (package.json overrides).
    expect(refusing).toEqual([]);
  });
});
