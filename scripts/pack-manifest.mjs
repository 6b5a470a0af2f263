// `npm pack` (prepack, postpack): the package.json packed without the `prepare` script.
//
// In a clone, `prepare` builds the bundle after `npm ci`. The package ships the bundle built, and
// npm never runs `prepare` for a tarball, yet npm 11 lists it among the install scripts a user must
// approve (`npm warn install-scripts`). So the packing sees package.json without it, and postpack
// puts the file back byte for byte. A pack that failed halfway (no postpack) left the copy: the
// next strip restores it first.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

const MANIFEST = "package.json";
const KEPT = "package.json.before-pack";

function restore() {
  if (existsSync(KEPT)) renameSync(KEPT, MANIFEST);
}

function strip() {
  restore();
  const text = readFileSync(MANIFEST, "utf8");
  const manifest = JSON.parse(text);
  if (manifest.scripts?.prepare === undefined) return;
  writeFileSync(KEPT, text);
  delete manifest.scripts.prepare;
  writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
}

const step = process.argv[2];
if (step === "strip") strip();
else if (step === "restore") restore();
else {
  process.stderr.write("usage: node scripts/pack-manifest.mjs strip|restore\n");
  process.exit(2);
}
