/** node:net, loaded by the first IP test a query makes: every query loads this module, few test addresses. */
let netModule: typeof import("node:net") | undefined;
const net = () => (netModule ??= process.getBuiltinModule("node:net"));

/**
 * CIDR ranges of a lookup table, matched by longest prefix: the most specific range holding an
 * address wins, and among equal ranges the first row (decision, DECISIONS.md).
 */
export class CidrIndex<T> {
  // prefix length -> network address -> the first row's value; prefixes longest first
  private readonly v4 = new Map<number, Map<bigint, T>>();
  private readonly v6 = new Map<number, Map<bigint, T>>();
  private readonly sorted = new Map<Map<number, Map<bigint, T>>, number[]>();

  /** Adds a range; returns false when `cidr` is not an IPv4 or IPv6 range (or address). */
  add(cidr: string, value: T): boolean {
    const [address, bits, ...rest] = cidr.trim().split("/");
    if (rest.length > 0) return false;
    const parsed = parseAddress(address);
    if (parsed === undefined) return false;
    const width = parsed.v6 ? 128 : 32;
    const prefix = bits === undefined ? width : /^\d{1,3}$/.test(bits) ? Number(bits) : -1;
    if (prefix < 0 || prefix > width) return false;
    const byPrefix = parsed.v6 ? this.v6 : this.v4;
    let networks = byPrefix.get(prefix);
    if (!networks) {
      byPrefix.set(prefix, (networks = new Map()));
      this.sorted.set(byPrefix, [...byPrefix.keys()].sort((a, b) => b - a));
    }
    const network = mask(parsed.value, prefix, width);
    if (!networks.has(network)) networks.set(network, value);
    return true;
  }

  find(ip: string): T | undefined {
    const parsed = parseAddress(ip.trim());
    if (parsed === undefined) return undefined;
    const width = parsed.v6 ? 128 : 32;
    const byPrefix = parsed.v6 ? this.v6 : this.v4;
    for (const prefix of this.sorted.get(byPrefix) ?? []) {
      const found = byPrefix.get(prefix)?.get(mask(parsed.value, prefix, width));
      if (found !== undefined) return found;
    }
    return undefined;
  }
}

function mask(value: bigint, prefix: number, width: number): bigint {
  const hostBits = BigInt(width - prefix);
  return (value >> hostBits) << hostBits;
}

function parseAddress(text: string): { v6: boolean; value: bigint } | undefined {
  if (net().isIPv4(text)) return { v6: false, value: text.split(".").reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n) };
  if (!net().isIPv6(text)) return undefined;
  let address = text;
  // An IPv4 tail (::ffff:10.0.0.1) becomes two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (v4) {
    const n = v4[1].split(".").map(Number);
    address = address.slice(0, v4.index) + `${((n[0] << 8) | n[1]).toString(16)}:${((n[2] << 8) | n[3]).toString(16)}`;
  }
  const [head, tail] = address.includes("::") ? address.split("::") : [address, undefined];
  const headGroups = head === "" ? [] : head.split(":");
  const tailGroups = tail === undefined || tail === "" ? [] : tail.split(":");
  const fill = tail === undefined ? [] : new Array<string>(8 - headGroups.length - tailGroups.length).fill("0");
  const groups = [...headGroups, ...fill, ...tailGroups];
  return { v6: true, value: groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n) };
}
