/**
 * Deterministic VPC flow logs for the bench: the default format (version 2, 14 fields separated
 * by spaces), one stream file per network interface of one log group directory, until a size is
 * reached. 64 hosts of a VPC talk to 512 outside addresses and to each other; about one record
 * in a thousand is a NODATA record (dashes), as an idle interface writes them.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import { Prng } from "../prng.js";
import { drain, SEED } from "./generate.js";

export const VPC_GENERATOR_VERSION = 1;
export const VPC_GROUP = "vpc-flow-logs";
const ACCOUNT = "123456789012";
const INTERFACES = Array.from({ length: 8 }, (_, i) => `eni-0${(0x5a1b2c3d + i * 0x1111).toString(16)}${"0".repeat(8)}`);
/** The files `generateVpc` writes in the group directory. */
export const VPC_STREAM_FILES = INTERFACES.map((eni) => `${eni}-all.log`);
const START_S = Date.parse("2026-11-21T08:00:00.000Z") / 1000;
const INSIDE = Array.from({ length: 64 }, (_, i) => `10.0.${i >> 4}.${10 + (i & 15) * 7}`);
const NETWORKS = ["198.51.100", "203.0.113", "192.0.2"];
const OUTSIDE = Array.from({ length: 512 }, (_, i) => `${NETWORKS[i % 3]}.${((i * 37) % 254) + 1}`);
const SERVICE_PORTS = [443, 443, 443, 80, 22, 5432, 6379, 53];

export interface VpcManifest {
  generator: number;
  seed: number;
  targetBytes: number;
  bytes: number;
  events: number;
  groupDir: string;
}

/** Writes about `targetBytes` of flow logs under `dir`/vpc-flow-logs; returns what it wrote. */
export function generateVpc(dir: string, targetBytes: number, seed = SEED): VpcManifest {
  return drain(generatingVpc(dir, targetBytes, seed));
}

/** `generateVpc`, pausing after each megabyte written, as `generating` does. */
export function* generatingVpc(dir: string, targetBytes: number, seed = SEED): Generator<void, VpcManifest> {
  const rng = new Prng(seed);
  const groupDir = path.join(dir, VPC_GROUP);
  mkdirSync(groupDir, { recursive: true });
  const fds = VPC_STREAM_FILES.map((name) => openSync(path.join(groupDir, name), "w"));
  const pending = INTERFACES.map(() => [] as string[]);
  const pendingBytes = INTERFACES.map(() => 0);
  let bytes = 0;
  let events = 0;
  let clock = START_S;
  try {
    while (bytes < targetBytes) {
      const i = rng.int(INTERFACES.length);
      clock += rng.int(2);
      const line = rng.chance(0.001) ? noData(INTERFACES[i], clock) : flow(rng, INTERFACES[i], clock);
      const text = line + "\n";
      pending[i].push(text);
      pendingBytes[i] += text.length;
      bytes += text.length;
      events++;
      if (pendingBytes[i] > 1 << 20) {
        writeSync(fds[i], pending[i].join(""));
        pending[i] = [];
        pendingBytes[i] = 0;
        yield;
      }
    }
    INTERFACES.forEach((_, i) => writeSync(fds[i], pending[i].join("")));
  } finally {
    fds.forEach((fd) => closeSync(fd));
  }
  const manifest: VpcManifest = { generator: VPC_GENERATOR_VERSION, seed, targetBytes, bytes, events, groupDir: VPC_GROUP };
  writeFileSync(path.join(dir, "vpc-manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  return manifest;
}

function flow(rng: Prng, eni: string, start: number): string {
  const host = rng.pick(INSIDE);
  const peer = rng.chance(0.2) ? rng.pick(INSIDE) : rng.pick(OUTSIDE);
  const service = rng.pick(SERVICE_PORTS);
  const ephemeral = 32768 + rng.int(28000);
  const inbound = rng.chance(0.5);
  const udp = service === 53;
  const packets = 1 + Math.floor(rng.logNormal(8, 1.2));
  const bytes = packets * (40 + rng.int(1400));
  const action = rng.chance(0.04) ? "REJECT" : "ACCEPT";
  const [src, dst, sport, dport] = inbound ? [peer, host, ephemeral, service] : [host, peer, service, ephemeral];
  return `2 ${ACCOUNT} ${eni} ${src} ${dst} ${sport} ${dport} ${udp ? 17 : 6} ${packets} ${bytes} ${start} ${start + 1 + rng.int(59)} ${action} OK`;
}

function noData(eni: string, start: number): string {
  return `2 ${ACCOUNT} ${eni} - - - - - - - ${start} ${start + 60} - NODATA`;
}
