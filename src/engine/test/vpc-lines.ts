/**
 * Random VPC flow log lines for tests: records in the default format (with `-` fields, NODATA
 * and SKIPDATA records, numbers too long for a double, IPv6 addresses), and lines that only
 * look like them (a word too many or too few, a bad value, odd blanks, bytes beyond ASCII,
 * flow log headers, other formats' lines). Shared by the byte reader's tests and the local
 * source's, which compare reading them from bytes with reading their text.
 */
import { seededRandom } from "../../prng.js";

const ADDRESSES = ["10.0.1.5", "10.0.2.31", "172.31.16.139", "203.0.113.112", "0.0.0.0", "255.255.255.255", "fe80::1ff:fe23:4567:890a", "2001:db8::", "::1"];
const BAD_WORDS = ["1a.2.3.4", "300.1.1.1", "1.2.3", "01.2.3.4", "a:b", "abc", "-1", "1.5", "4x2", "DENY", "ok", "caf\u00e9", "\u0001"];
const SEPARATORS = [" ", " ", " ", " ", "  ", "\t", " \t ", "\r", " \r"];

export type Random = () => number;

export function vpcLineMaker(seed: number): { random: Random; line: () => string } {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const digits = (max: number): string => String(Math.floor(random() * max));
  const count = (): string => (random() < 0.03 ? "1234567890123456787" : random() < 0.03 ? "12345678901234567" : digits(random() < 0.5 ? 100 : 1e7));
  // Now and then a dotted quad of odd parts: leading zeros, over 255, too many digits, empty.
  const part = (): string => (random() < 0.8 ? String(Math.floor(random() * 256)) : pick(["0", "00", "05", "255", "256", "999", "1000", "0255", ""]));
  const oddQuad = (): string => Array.from({ length: random() < 0.9 ? 4 : pick([3, 5]) }, part).join(".");
  const address = (): string => (random() < 0.65 ? `10.0.${Math.floor(random() * 4)}.${Math.floor(random() * 40)}` : random() < 0.6 ? oddQuad() : pick(ADDRESSES));

  function words(): string[] {
    const status = random();
    if (status < 0.05) return ["2", "123456789012", "eni-0a1b2c3d", "-", "-", "-", "-", "-", "-", "-", digits(2e9), digits(2e9), "-", random() < 0.5 ? "NODATA" : "SKIPDATA"];
    const account = random() < 0.9 ? "123456789012" : pick(["unknown", "-", "12345678901", "12345678901x"]);
    const eni = random() < 0.9 ? `eni-0${Math.floor(random() * 50).toString(16)}` : pick(["-", "eni-caf\u00e9", "eni-0\u0001x", "x-1", "eni"]);
    return ["2", account, eni, address(), address(), digits(65536), pick(["443", "22", "5432", digits(65536)]), pick(["6", "17", "1"]), count(), count(), digits(2e9), digits(2e9), pick(["ACCEPT", "REJECT", "ACCEPT", "-"]), pick(["OK", "OK", "OK", "NODATA", "SKIPDATA"])];
  }

  function line(): string {
    const kind = random();
    if (kind < 0.02) return "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";
    if (kind < 0.03) return JSON.stringify({ srcAddr: address(), bytes: Number(digits(1e4)) });
    if (kind < 0.04) return `1.0 2017-12-13T08:16:02.130Z Z123412341234 example.com A NOERROR UDP FRA6 ${address()} -`;
    if (kind < 0.05) return "";
    const w = words();
    const damage = random();
    if (damage < 0.04) w.splice(3 + Math.floor(random() * 11), 1);
    else if (damage < 0.08) w.push(pick(["x", "-", "OK"]));
    else if (damage < 0.16) w[1 + Math.floor(random() * 13)] = pick(BAD_WORDS);
    else if (damage < 0.18) w[0] = pick(["3", "-", "20", "2x"]);
    const first = random() < 0.03 ? "\t" : " ";
    const text = w.map((word, i) => (i === 0 ? word : i === 1 ? first + word : (random() < 0.9 ? " " : pick(SEPARATORS)) + word)).join("");
    const lead = random() < 0.02 ? " " : "";
    const trail = random() < 0.05 ? pick([" ", "\t", " \r"]) : "";
    return lead + text + trail;
  }

  return { random, line };
}
