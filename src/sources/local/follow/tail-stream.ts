import type { ReadStatistics } from "../../../engine/source.js";
import { FileIssues } from "../file-issues.js";
import { LineBatcher } from "../line-batcher.js";
import type { LineDecoder } from "../line-decoder.js";
import type { LocalEvent } from "../local-event.js";
import type { LocalFile } from "../local-file.js";
import { liveDecoder, type TailOptions } from "./tail-file.js";

const NL = 0x0a;
/** Bytes held before the stream is paused until the next poll takes them (bounded memory on a fast writer). */
const HIGH_WATER = 8 * 1024 * 1024;

/** stdin or a pipe (`<(kubectl logs -f ...)`) followed as lines arrive; its end ends nothing but its lines. */
export class TailedStream {
  private chunks: Buffer[] = [];
  private held = 0;
  private ended = false;
  private base = 0;
  private readonly issues = new FileIssues();
  private readonly decoder: LineDecoder;
  private readonly onData = (chunk: Buffer | string): void => {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    this.chunks.push(bytes);
    this.held += bytes.length;
    if (this.held > HIGH_WATER) this.stream.pause();
  };
  private readonly onEnd = (): void => {
    this.ended = true;
  };

  constructor(
    readonly file: LocalFile,
    private readonly stream: NodeJS.ReadableStream,
    private readonly options: TailOptions,
    private readonly stats: ReadStatistics,
  ) {
    stream.on("data", this.onData);
    stream.on("end", this.onEnd);
    stream.on("error", (error: Error) => options.onWarning(`stopped reading ${file.display}: ${error.message}`));
    this.decoder = liveDecoder(file, options, stats, this.issues);
  }

  /** The complete lines that arrived since the last poll (and the last one once the stream ended). */
  async poll(): Promise<{ events: LocalEvent[]; behind: boolean }> {
    if (this.held === 0) return { events: [], behind: false };
    const view = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    this.decoder.setBuffer(view);
    const batcher = new LineBatcher(this.decoder, { ...this.options, needles: [] }, this.issues, this.stats);
    const lastNL = view.lastIndexOf(NL);
    if (lastNL >= 0) batcher.all(view, lastNL, this.base, 0);
    let used = lastNL + 1;
    if (this.ended && used < view.length) {
      batcher.line(view, used, view.length, this.base, true);
      used = view.length;
    } else if (view.length - used > this.options.maxLineBytes) {
      this.issues.addOversized(this.base + used);
      used = view.length;
    }
    const rest = view.subarray(used);
    this.base += used;
    this.chunks = rest.length > 0 ? [Buffer.from(rest)] : [];
    this.held = rest.length;
    this.stream.resume();
    return { events: batcher.out, behind: false };
  }

  async close(): Promise<void> {
    this.stream.off("data", this.onData);
    this.stream.off("end", this.onEnd);
    this.stream.pause();
    // A pipe tolog opened is destroyed; stdin is left to the process.
    if (this.file.display !== "stdin") (this.stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
  }
}
