import type { BlockList } from "node:net";
import type { Value } from "../values.js";
import type { CallTools, Evaluator } from "../compile/types.js";
import { type FunctionFamily, type ScalarFunction } from "./registry.js";
import { toText } from "./coerce.js";

/** node:net, loaded by the first IP test a query makes: every query loads this module, few test addresses. */
let netModule: typeof import("node:net") | undefined;
const net = () => (netModule ??= process.getBuiltinModule("node:net"));

/** IP address functions (reference §4.5). Invalid addresses are never in a subnet. */
type Family = "ipv4" | "ipv6";

function ipText(v: Value): string | null {
  const s = toText(v)?.trim();
  return s ? s : null;
}

function familyOf(ip: string): Family | null {
  return net().isIPv4(ip) ? "ipv4" : net().isIPv6(ip) ? "ipv6" : null;
}

function validity(name: string, accept: (ip: string) => boolean): ScalarFunction {
  return { name, min: 1, max: 1, fn: ([a]) => {
    const ip = ipText(a);
    return ip !== null && accept(ip);
  } };
}

/** A CIDR string as a BlockList, or a message saying what is wrong with it. */
function parseCidr(cidr: string, only?: Family): BlockList | string {
  const [address, prefixText] = cidr.trim().split("/");
  const family = familyOf(address ?? "");
  if (!family || (only && family !== only)) return `"${cidr}" is not an ${only ?? "IP"} subnet (CIDR)`;
  const max = family === "ipv4" ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return `bad prefix length in "${cidr}"`;
  const list = new (net().BlockList)();
  list.addSubnet(address, prefix, family);
  return list;
}

function inSubnet(list: BlockList, ip: string | null, only?: Family): boolean {
  if (ip === null) return false;
  const family = familyOf(ip);
  if (!family || (only && family !== only)) return false;
  return list.check(ip, family);
}

/** Distinct address texts whose answers a test keeps (a few hundred in a VPC flow log). */
const MEMO_MAX = 10_000;
/** The longest text kept: an IPv6 address with an IPv4 tail and a zone is under 64 characters. */
const MEMO_TEXT_MAX = 64;

/**
 * `answer`, kept by address text for the first `MEMO_MAX` texts of an address's length: a log
 * repeats its addresses on nearly every line, and node:net's check (its expressions and
 * BlockList) took about 2 µs an address, 20 s over the 9 million records of the bench's 1 GB of
 * flow logs. Longer texts (no address) are answered each time, so that memory stays small.
 */
function memoized<T>(answer: (ip: string | null) => T): (ip: string | null) => T {
  const known = new Map<string, T>();
  return (ip) => {
    if (ip === null || ip.length > MEMO_TEXT_MAX) return answer(ip);
    let found = known.get(ip);
    if (found === undefined && !known.has(ip)) {
      found = answer(ip);
      if (known.size < MEMO_MAX) known.set(ip, found);
    }
    return found as T;
  };
}

function subnetTest(name: string, only?: Family): ScalarFunction {
  return {
    name,
    min: 2,
    max: 2,
    compile: (t: CallTools): Evaluator | undefined => {
      const ip = t.arg(0);
      const literal = t.literal(1);
      if (typeof literal === "string") {
        const list = parseCidr(literal, only);
        if (typeof list === "string") {
          t.error("TL305", t.call.args[1].span, list, 'write a subnet such as "192.0.2.0/24" or "2001:db8::/32"');
          return undefined;
        }
        const test = memoized((text) => inSubnet(list, text, only));
        return (row) => test(ipText(ip(row)));
      }
      const cidr = t.arg(1);
      return (row) => {
        const text = toText(cidr(row));
        const list = text === null ? "" : parseCidr(text, only);
        return typeof list !== "string" && inSubnet(list, ipText(ip(row)), only);
      };
    },
  };
}

function blockList(cidrs: string[]): BlockList {
  const list = new (net().BlockList)();
  for (const c of cidrs) {
    const [address, prefix] = c.split("/");
    list.addSubnet(address, Number(prefix), familyOf(address) as Family);
  }
  return list;
}

// Built on first use: the lists check their addresses with node:net's IPv6 expression, whose
// compilation would otherwise be paid by every start of the engine (about 8 ms).
let privateList: BlockList | undefined;
let reservedList: BlockList | undefined;

// RFC 1918 and RFC 4193 (unique local) ranges.
const PRIVATE = () => (privateList ??= blockList(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"]));
// Special-purpose ranges (RFC 6890 and friends) that are neither private nor public.
const RESERVED = () => (reservedList ??= blockList([
  "0.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "192.0.0.0/24", "192.0.2.0/24",
  "192.88.99.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
  "::/128", "::1/128", "fe80::/10", "ff00::/8", "2001:db8::/32", "64:ff9b::/96", "100::/64",
]));

const classify = memoized(classifyText);

function classifyText(ip: string | null): "private" | "reserved" | "public" | null {
  if (ip === null) return null;
  const family = familyOf(ip);
  if (!family) return null;
  if (PRIVATE().check(ip, family)) return "private";
  return RESERVED().check(ip, family) ? "reserved" : "public";
}

export const ipFunctions: FunctionFamily = [
  validity("isValidIp", (ip) => familyOf(ip) !== null),
  validity("isValidIpV4", (ip) => net().isIPv4(ip)),
  validity("isValidIpV6", (ip) => net().isIPv6(ip)),
  subnetTest("isIpInSubnet"),
  subnetTest("isIpv4InSubnet", "ipv4"),
  subnetTest("isIpv6InSubnet", "ipv6"),
  {
    name: "ipv4ToNumber",
    min: 1,
    max: 1,
    fn: ([a]) => {
      const ip = ipText(a);
      if (ip === null || !net().isIPv4(ip)) return null;
      return ip.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
    },
  },
  { name: "isPrivateIP", min: 1, max: 1, fn: ([a]) => classify(ipText(a)) === "private" },
  { name: "isReservedIP", min: 1, max: 1, fn: ([a]) => classify(ipText(a)) === "reserved" },
  { name: "isPublicIP", min: 1, max: 1, fn: ([a]) => classify(ipText(a)) === "public" },
];
