import type { LogEvent } from "../source.js";
import { discoverFields, type DiscoveredFields } from "../discover.js";
import { DeclaredFormats, type DeclaredFormat, type LogFormatSpecs } from "./log-format.js";
import { FormatTallies, type VendedFormat } from "./tally.js";
import type { TextContext } from "./recognise.js";
import { defaultVpcReader } from "./vpc-flow.js";

/**
 * Field discovery for one run: each event's log group may have a declared format
 * (`RunOptions.logFormats`), and lines read as a vended text format are counted per stream, so
 * that the run can tell where lines almost matched one (`FormatTallies.nearMissReports`).
 */
export class RunDiscovery {
  readonly tallies = new FormatTallies();
  private readonly formats: DeclaredFormats | undefined;
  private lastGroup: string | undefined;
  private lastFormat: DeclaredFormat | undefined;
  /** Reused for every line (a new object per line would cost more than reading a VPC record). */
  private readonly text: TextContext;

  /**
   * `wanted`: the only non-system fields the run reads (`Plan.fields`), when known: a line of a
   * vended format need only make those.
   */
  constructor(specs: LogFormatSpecs | undefined, wanted?: readonly string[]) {
    const formats = specs && Object.keys(specs).length > 0 ? new DeclaredFormats(specs) : undefined;
    this.formats = formats?.empty ? undefined : formats;
    this.text = { declared: undefined, tally: undefined, readVpc: defaultVpcReader(wanted) };
  }

  fieldsOf(event: LogEvent): DiscoveredFields {
    const message = event.message;
    if (message.charCodeAt(0) === 123 /* { */) return discoverFields(message);
    const text = this.text;
    text.declared = this.declared(event.logGroup);
    text.tally = this.tallies.forStream(event.logGroup, event.logStream);
    return discoverFields(message, text);
  }

  /** Counts a line whose fields a source read as `format` (`LogEvent.vended`), as `fieldsOf` counts the lines it reads. */
  readAs(event: LogEvent, format: VendedFormat): void {
    this.recognisedIn(event.logGroup, event.logStream, format);
  }

  /** Counts a line of a stream that a source read as `format` without making its event (engine/vended/flow-stats.ts). */
  recognisedIn(group: string, stream: string, format: VendedFormat): void {
    this.tallies.forStream(group, stream).recognised(format);
  }

  private declared(group: string): DeclaredFormat | undefined {
    if (this.formats === undefined) return undefined;
    if (group !== this.lastGroup) {
      this.lastGroup = group;
      this.lastFormat = this.formats.of(group);
    }
    return this.lastFormat;
  }
}
