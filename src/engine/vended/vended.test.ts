import { describe, expect, test } from "vitest";
import { discoverFields } from "../discover.js";
import { DeclaredFormats, LogFormatError, parseLogFormat, splitGroupFormat, vendedFieldHint } from "./log-format.js";
import { FormatTallies } from "./tally.js";
import { defaultFormatProblem, defaultVpcReader } from "./vpc-flow.js";
import { seededRandom } from "../../prng.js";

const plain = (fields: object) => ({ ...fields });

const REPORT =
  "REPORT RequestId: 8fc6f963-411b-58b5-8483-a32130c0f45d\tDuration: 201.67 ms\tBilled Duration: 202 ms\tMemory Size: 2048 MB\tMax Memory Used: 81 MB\tInit Duration: 480.25 ms\t\nXRAY TraceId: 1-61c86fa4-59b3c6d959653c527fd10966\tSegmentId: 107ea78a5750a811\tSampled: true\t";
const VPC = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
const ROUTE53 = "1.0 2017-12-13T08:16:02.130Z Z123412341234 example.com A NOERROR UDP FRA6 192.168.1.1 -";

function tallied(message: string, specs?: Record<string, string>) {
  const tallies = new FormatTallies();
  const declared = specs ? new DeclaredFormats(specs).of("g") : undefined;
  const fields = discoverFields(message, { declared, tally: tallies.forStream("g", "s") });
  return { fields: plain(fields), counts: tallies.counts()[0] };
}

describe("Lambda text lines", () => {
  test("REPORT: durations in ms, memory in bytes, X-Ray ids", () => {
    expect(plain(discoverFields(REPORT))).toEqual({
      "@type": "REPORT",
      "@requestId": "8fc6f963-411b-58b5-8483-a32130c0f45d",
      "@duration": 201.67,
      "@billedDuration": 202,
      "@memorySize": 2048_000_000,
      "@maxMemoryUsed": 81_000_000,
      "@initDuration": 480.25,
      "@xrayTraceId": "1-61c86fa4-59b3c6d959653c527fd10966",
      "@xraySegmentId": "107ea78a5750a811",
    });
  });

  test("REPORT written with spaces, and with parts a newer runtime adds", () => {
    const line = "REPORT RequestId: abc Duration: 3000.00 ms Billed Duration: 3000 ms Memory Size: 128 MB Max Memory Used: 64 MB Status: timeout";
    expect(plain(discoverFields(line))).toMatchObject({ "@type": "REPORT", "@duration": 3000, "@memorySize": 128e6 });
  });

  test("START and END", () => {
    expect(plain(discoverFields("START RequestId: abc-1 Version: $LATEST"))).toEqual({ "@type": "START", "@requestId": "abc-1" });
    expect(plain(discoverFields("END RequestId: abc-1"))).toEqual({ "@type": "END", "@requestId": "abc-1" });
  });

  test("a REPORT line with a unit missing is not half-parsed", () => {
    const { fields, counts } = tallied("REPORT RequestId: abc Duration: 102.25 Billed Duration: 103 ms Memory Size: 128 MB Max Memory Used: 70 MB");
    expect(fields).toEqual({});
    expect(counts.nearMisses).toEqual({ lambda: 1 });
    expect(counts.first?.reason).toBe("a REPORT line, but Duration has no unit ms");
  });

  test("a REPORT line without Max Memory Used is a near miss", () => {
    const { fields, counts } = tallied("REPORT RequestId: abc Duration: 1 ms Billed Duration: 1 ms Memory Size: 128 MB");
    expect(fields).toEqual({});
    expect(counts.first?.reason).toContain("no Max Memory Used");
  });

  test("other lines starting with START/END/REPORT words are not Lambda lines", () => {
    expect(plain(discoverFields("START of the batch"))).toEqual({});
    expect(plain(discoverFields("REPORTING done"))).toEqual({});
  });

  test("the runtime's JSON after a prefix is still discovered", () => {
    expect(plain(discoverFields('2020-11-03T02:52:20.873Z\tabc\tINFO\t{"user":"ann","n":2}'))).toEqual({ user: "ann", n: 2 });
  });
});

describe("Lambda JSON log format", () => {
  test("platform.report gets the REPORT fields besides its own", () => {
    const line = JSON.stringify({
      time: "2024-05-08T15:33:07.255Z",
      type: "platform.report",
      record: {
        requestId: "r-1",
        metrics: { durationMs: 2.08, billedDurationMs: 3, memorySizeMB: 128, maxMemoryUsedMB: 68, initDurationMs: 190.5 },
        tracing: { spanId: "5a1e1a4b2c3d4e5f", type: "X-Amzn-Trace-Id", value: "Root=1-6639a5a3-1c3d2b4a5e6f708192a3b4c5;Parent=5a1e1a4b2c3d4e5f;Sampled=1" },
        status: "success",
      },
    });
    expect(plain(discoverFields(line))).toMatchObject({
      type: "platform.report",
      "record.metrics.durationMs": 2.08,
      "@type": "REPORT",
      "@requestId": "r-1",
      "@duration": 2.08,
      "@billedDuration": 3,
      "@memorySize": 128e6,
      "@maxMemoryUsed": 68e6,
      "@initDuration": 190.5,
      "@xrayTraceId": "1-6639a5a3-1c3d2b4a5e6f708192a3b4c5",
      "@xraySegmentId": "5a1e1a4b2c3d4e5f",
    });
  });

  test("platform.start is START; other platform records get no @ fields", () => {
    expect(plain(discoverFields('{"type":"platform.start","record":{"requestId":"r-2","version":"$LATEST"}}'))).toMatchObject({ "@type": "START", "@requestId": "r-2" });
    expect(Object.keys(discoverFields('{"type":"platform.initStart","record":{"phase":"init"}}'))).toEqual(["type", "record.phase"]);
  });
});

describe("VPC flow logs", () => {
  test("the default format, by CloudWatch's names; numbers are numbers", () => {
    expect(plain(discoverFields(VPC))).toEqual({
      version: 2,
      accountId: "123456789010",
      interfaceId: "eni-1235b8ca123456789",
      srcAddr: "172.31.16.139",
      dstAddr: "172.31.16.21",
      srcPort: 20641,
      dstPort: 22,
      protocol: 6,
      packets: 20,
      bytes: 4249,
      startTime: 1418530010,
      endTime: 1418530070,
      action: "ACCEPT",
      logStatus: "OK",
    });
  });

  test("a NODATA record's dashes are missing values", () => {
    const fields = plain(discoverFields("2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA"));
    expect(fields).toMatchObject({ srcAddr: null, bytes: null, action: null, startTime: 1431280876, logStatus: "NODATA" });
  });

  test("a count a double cannot hold keeps its digits, as a JSON number does", () => {
    const line = VPC.replace("4249", "1234567890123456787");
    expect(plain(discoverFields(line))).toMatchObject({ bytes: "1234567890123456787", packets: 20 });
    expect(plain(discoverFields(line, { readVpc: defaultVpcReader(["bytes"]) }))).toEqual({ bytes: "1234567890123456787" });
  });

  test("a query may ask for only the fields it reads", () => {
    expect(plain(discoverFields(VPC, { readVpc: defaultVpcReader(["bytes", "srcAddr"]) }))).toEqual({ srcAddr: "172.31.16.139", bytes: 4249 });
  });

  test("a line of 13 fields keeps only the system fields, and is counted", () => {
    const { fields, counts } = tallied(VPC.split(" ").slice(0, 13).join(" "));
    expect(fields).toEqual({});
    expect(counts.nearMisses).toEqual({ vpc: 1 });
    expect(counts.first?.reason).toBe("13 fields, the default format has 14");
  });

  test("the character-code check of a record agrees with the word-by-word one that explains near misses", () => {
    // Each word of a good record replaced in turn by each of these: the line is read exactly when
    // the word-by-word check finds nothing wrong, and a near miss always says what is wrong.
    const palette = ["-", "0", "65535", "4249", "1a.2.3.4", "300.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "::1", "fe80::1ff:fe23:4567:890a", "2001:db8::", "a:b", "abc", "eni-0", "unknown", "123456789012", "12345678901x", "ACCEPT", "REJECT", "OK", "NODATA", "SKIPDATA", "-1", "1.5"];
    // Addresses that a dotted-quad reading rejects part-way but that are IPv6 (and that are neither).
    palette.push("1234::1", "..::", "1.2.3.4::", "256::1", "1.2.3.4:", "0.0.0.0", "255.255.255.255", "00::1", "1..2::", "1.2.3.4.", ".1.2.3.4", "1.2.3.04");
    const random = seededRandom(9);
    for (let n = 0; n < 300; n++) palette.push(Array.from({ length: 1 + Math.floor(random() * 12) }, () => "0123456789.:afAFgx"[Math.floor(random() * 18)]).join(""));
    const words = VPC.split(" ");
    for (let i = 3; i < words.length; i++) {
      for (const word of palette) {
        const line = [...words.slice(0, i), word, ...words.slice(i + 1)].join(" ");
        const { fields, counts } = tallied(line);
        const problem = defaultFormatProblem(line.split(" "));
        expect(Object.keys(fields).length > 0, `${line}: ${problem ?? "no problem"}`).toBe(problem === undefined);
        if (problem !== undefined) expect(counts.first?.reason, line).toBe(problem);
      }
    }
  });

  test("words are separated by any run of spaces, tabs and carriage returns, and nothing else", () => {
    const random = seededRandom(13);
    const words = VPC.split(" ");
    const separators = [" ", "  ", "\t", " \t ", "\r", " \r"];
    for (let n = 0; n < 200; n++) {
      // A control character below the space inside the interface id is part of the word.
      const own = random() < 0.3 ? [...words.slice(0, 2), `${words[2]}\u0001x`, ...words.slice(3)] : words;
      // The version is followed by one space (what the line is recognised by).
      const line = own.map((w, i) => (i === 0 ? w : i === 1 ? ` ${w}` : separators[Math.floor(random() * separators.length)] + w)).join("");
      const fields = tallied(line + (random() < 0.2 ? " \t" : "")).fields as Record<string, unknown>;
      expect(fields.interfaceId, JSON.stringify(line)).toBe(own[2]);
      expect(fields.bytes).toBe(4249);
      expect(fields.logStatus).toBe("OK");
    }
  });

  test("a bad value is a near miss too", () => {
    expect(tallied(VPC.replace("4249", "42x9")).counts.first?.reason).toBe('bytes is "42x9", not a number');
    expect(tallied(VPC.replace("ACCEPT", "DENY")).counts.first?.reason).toContain("action");
  });

  test("a declared custom field list", () => {
    const line = "5 vpc-0a1b eni-0c2d 10.0.1.5 10.0.2.9 443 49152 6 12 3400 egress 1";
    const { fields, counts } = tallied(line, { "*": "vpc:${version} ${vpc-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${flow-direction} ${traffic-path}" });
    expect(fields).toEqual({
      version: 5,
      vpcId: "vpc-0a1b",
      interfaceId: "eni-0c2d",
      srcAddr: "10.0.1.5",
      dstAddr: "10.0.2.9",
      srcPort: 443,
      dstPort: 49152,
      protocol: 6,
      packets: 12,
      bytes: 3400,
      flowDirection: "egress",
      trafficPath: 1,
    });
    expect(counts.recognised).toEqual({ "vpc-declared": 1 });
  });

  test("a declared list with a line of the wrong length", () => {
    const { fields, counts } = tallied("10.0.1.5 10.0.2.9", { "*": "vpc:${srcaddr} ${dstaddr} ${bytes}" });
    expect(fields).toEqual({});
    expect(counts.first?.reason).toBe("2 fields, the declared format has 3");
  });
});

describe("Route 53", () => {
  test("public DNS query logs", () => {
    expect(plain(discoverFields(ROUTE53))).toEqual({
      version: "1.0",
      queryTimestamp: "2017-12-13T08:16:02.130Z",
      hostZoneId: "Z123412341234",
      queryName: "example.com",
      queryType: "A",
      responseCode: "NOERROR",
      protocol: "UDP",
      edgeLocation: "FRA6",
      resolverIp: "192.168.1.1",
      ednsClientSubnet: null,
    });
  });

  test("a line cut short is a near miss", () => {
    expect(tallied(ROUTE53.split(" ").slice(0, 8).join(" ")).counts.first?.reason).toBe("8 fields, the format has 10");
  });
});

describe("declared formats", () => {
  test("text turns recognition off", () => {
    expect(tallied(VPC, { "*": "text" }).fields).toEqual({});
  });

  test("a group declared route53 counts a VPC line as not matching", () => {
    expect(tallied(VPC, { g: "route53" }).counts.nearMisses).toEqual({ route53: 1 });
  });

  test("bad declarations name the problem", () => {
    expect(() => parseLogFormat("vcp")).toThrow(LogFormatError);
    expect(() => parseLogFormat("vpc:${srcadr}")).toThrow(/unknown flow log field \$\{srcadr\}/);
    expect(() => parseLogFormat("vpc:srcaddr")).toThrow(/is not a \$\{field\}/);
    expect(() => parseLogFormat("lambda:${x}")).toThrow(/takes no field list/);
  });

  test("GROUP=FORMAT or a format for every group", () => {
    expect(splitGroupFormat("vpc:${srcaddr}")).toEqual({ group: "*", spec: "vpc:${srcaddr}" });
    expect(splitGroupFormat("/vpc/flows=vpc")).toEqual({ group: "/vpc/flows", spec: "vpc" });
  });
});

test("JSON lines are discovered as before", () => {
  expect(plain(discoverFields('{"srcAddr":"x","n":1}'))).toEqual({ srcAddr: "x", n: 1 });
});

describe("the no-rows hint for VPC fields", () => {
  test("names the flow log fields and --log-format when one of them is a flow log's own", () => {
    expect(vendedFieldHint(["srcAddr", "bytes", "stauts"])).toMatch(/^srcAddr, bytes are VPC flow log fields: .*--log-format vpc:/);
    expect(vendedFieldHint(["flowDirection"])).toMatch(/^flowDirection is a VPC flow log field/);
  });
  test("says nothing for names many logs use, or for other fields", () => {
    expect(vendedFieldHint(["bytes", "action", "version"])).toBeUndefined();
    expect(vendedFieldHint(["route"])).toBeUndefined();
  });
});
