/**
 * Where the bench's data lives: reused when its manifest says it is the data asked for, generated
 * otherwise. `--data DIR` may name a directory of someone's own files, so the bench writes only
 * into a missing or empty directory or over data it generated itself, and then replaces only its
 * own files (manifests, stream files, the field index it builds). Anything else is refused before
 * a byte is written: it once deleted a directory of recorded logs whose manifest.json was not its.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { UsageProblem } from "./args.js";
import { generating, GENERATOR_VERSION, GROUP, SEED, STREAM_FILES, type Manifest } from "./generate.js";
import { generatingVpc, VPC_GENERATOR_VERSION, VPC_GROUP, VPC_STREAM_FILES, type VpcManifest } from "./generate-vpc.js";

/** Where `tolog index` writes a group directory's field index (the bench builds one for the needle). */
export const INDEX_DIR = ".tolog-index";

interface Dataset<M extends { generator: number; seed: number; targetBytes: number }> {
  what: string;
  manifestFile: string;
  group: string;
  /** What its generator writes in the group directory, and what the bench adds there. */
  ownFiles: readonly string[];
  version: number;
  /** Whether a parsed manifest has the shape this dataset's generator writes. */
  isOwn(value: unknown): value is M;
  generate(dir: string, size: number): Generator<void, M>;
}

const hasNumbers = (value: unknown, keys: string[]): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && keys.every((key) => typeof (value as Record<string, unknown>)[key] === "number");

const TASKOVERFLOW: Dataset<Manifest> = {
  what: "TaskOverflow logs",
  manifestFile: "manifest.json",
  group: GROUP,
  ownFiles: [...STREAM_FILES, INDEX_DIR],
  version: GENERATOR_VERSION,
  isOwn: (value): value is Manifest =>
    hasNumbers(value, ["generator", "seed", "targetBytes", "bytes", "events", "requests"]) && value.groupDir === GROUP && typeof value.needleRequestId === "string",
  generate: generating,
};

const VPC: Dataset<VpcManifest> = {
  what: "VPC flow logs",
  manifestFile: "vpc-manifest.json",
  group: VPC_GROUP,
  ownFiles: VPC_STREAM_FILES,
  version: VPC_GENERATOR_VERSION,
  isOwn: (value): value is VpcManifest => hasNumbers(value, ["generator", "seed", "targetBytes", "bytes", "events"]) && value.groupDir === VPC_GROUP,
  generate: generatingVpc,
};

/** Every name the bench writes directly in its data directory. */
const OWN_NAMES = [TASKOVERFLOW, VPC].flatMap((d) => [d.manifestFile, d.group]);

export interface BenchData {
  manifest: Manifest;
  vpc?: VpcManifest;
}

/** The data in `dir`, generated where it is missing or of another size, seed or generator. */
export async function loadOrGenerate(dir: string, size: number, withVpc: boolean): Promise<BenchData> {
  const datasets = withVpc ? [TASKOVERFLOW, VPC] : [TASKOVERFLOW];
  const current = new Map(datasets.map((d) => [d, currentManifest(dir, d, size)] as const));
  const stale = datasets.filter((d) => current.get(d) === undefined);
  if (stale.length > 0) {
    const foreign = [...new Set([...foreignAtTop(dir), ...stale.flatMap((d) => foreignIn(dir, d))])];
    if (foreign.length > 0) refuse(dir, foreign);
  }
  for (const d of stale) {
    // First, so that an interrupted generation leaves no manifest vouching for the old files.
    rmSync(path.join(dir, d.manifestFile), { force: true });
    rmSync(path.join(dir, d.group, INDEX_DIR), { recursive: true, force: true });
    process.stderr.write(`generating ${(size / 1e6).toFixed(0)} MB of ${d.what} in ${dir} ...\n`);
    const started = performance.now();
    const manifest = await stepByStep(d.generate(dir, size));
    current.set(d, manifest);
    process.stderr.write(`  ${manifest.events.toLocaleString("en")} ${d === VPC ? "records" : "events"} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  return { manifest: current.get(TASKOVERFLOW) as Manifest, vpc: current.get(VPC) as VpcManifest | undefined };
}

/** Runs the steps, letting the event loop turn between them: a Ctrl-C is handled at once. */
async function stepByStep<T>(steps: Generator<void, T>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

function currentManifest<M extends { generator: number; seed: number; targetBytes: number }>(dir: string, d: Dataset<M>, size: number): M | undefined {
  const manifest = readJson(path.join(dir, d.manifestFile));
  return d.isOwn(manifest) && manifest.generator === d.version && manifest.seed === SEED && manifest.targetBytes === size ? manifest : undefined;
}

/**
 * What in `dir` says it is not the bench's data directory: a manifest.json of another kind, or,
 * without one (a new directory, or a generation that was interrupted), a name the bench never writes.
 */
function foreignAtTop(dir: string): string[] {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) throw new UsageProblem(`--data ${dir} is not a directory. Give --data an empty or new directory.`);
  const names = readdirSync(dir);
  if (!names.includes(TASKOVERFLOW.manifestFile)) return names.filter((name) => !OWN_NAMES.includes(name));
  if (TASKOVERFLOW.isOwn(readJson(path.join(dir, TASKOVERFLOW.manifestFile)))) return [];
  return names.map((name) => (name === TASKOVERFLOW.manifestFile ? `${name} (not the bench's)` : name));
}

/** What the bench would overwrite in replacing one dataset that is not its own. */
function foreignIn<M extends { generator: number; seed: number; targetBytes: number }>(dir: string, d: Dataset<M>): string[] {
  const foreign: string[] = [];
  const manifestPath = path.join(dir, d.manifestFile);
  if (existsSync(manifestPath) && !d.isOwn(readJson(manifestPath))) foreign.push(`${d.manifestFile} (not the bench's)`);
  const group = path.join(dir, d.group);
  if (!existsSync(group)) return foreign;
  if (!statSync(group).isDirectory()) return [...foreign, `${d.group} (not a directory)`];
  return [...foreign, ...readdirSync(group).filter((name) => !d.ownFiles.includes(name)).map((name) => `${d.group}/${name}`)];
}

function refuse(dir: string, foreign: string[]): never {
  const listed = foreign.length > 6 ? [...foreign.slice(0, 5), `and ${foreign.length - 5} more`] : foreign;
  throw new UsageProblem(
    `--data ${dir} holds files the bench did not generate: ${listed.join(", ")}.\n` +
      "The bench replaces only its own data; nothing was changed.\nGive --data an empty or new directory.",
  );
}
