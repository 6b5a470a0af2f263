import { transform } from "esbuild";
import fs from "node:fs"; import path from "node:path";
const dir = path.resolve(process.argv[2]);
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".js"));
const esm = new Set();
const out = new Map();
for (const f of files) {
  let src = fs.readFileSync(path.join(dir, f), "utf8");
  src = src.replace(/^import \{ createRequire as __tologRequire \} from "node:module"; const require = __tologRequire\(import\.meta\.url\);/, "");
  src = src.replace(/import\("\.\/([\w-]+)\.js"\)/g, 'Promise.resolve().then(() => require("./$1.js"))');
  try {
    const r = await transform(src, { format: "cjs", platform: "node", target: "node20.19", define: { "import.meta.url": "__tologUrl" }, banner: '"use strict";const __tologUrl = require("node:url").pathToFileURL(__filename).href;', logLevel: "silent" });
    out.set(f, r.code);
  } catch (e) { esm.add(f); console.log("esm:", f, e.errors?.[0]?.text); }
}
for (const [f, code] of out) fs.writeFileSync(path.join(dir, f), code);
fs.writeFileSync(path.join(dir, "package.json"), '{"type":"commonjs"}\n');
console.log("converted", out.size, "kept", esm.size);
