import { App, type AppProps } from "aws-cdk-lib";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * An App that synthesizes into a temporary directory of its own, for `discardOutput` to remove:
 * CDK's default, a `cdk.out*` directory under the system's temporary directory, is never removed.
 */
export function testApp(props: Omit<AppProps, "outdir"> = {}): App {
  return new App({ ...props, outdir: mkdtempSync(join(tmpdir(), "infra-synth-")) });
}

/** Removes what the app synthesized, once the templates a test reads are loaded. */
export function discardOutput(app: App): void {
  rmSync(app.outdir, { recursive: true, force: true });
}
