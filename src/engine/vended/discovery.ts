import type { LogEvent } from "../source.js";
import { discoverFields, type DiscoveredFields } from "../discover.js";
import { DeclaredFormats, type DeclaredFormat, type LogFormatSpecs } from "./log-format.js";
import { FormatTallies } from "./tally.js";

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

  constructor(specs: LogFormatSpecs | undefined) {
    const formats = specs && Object.keys(specs).length > 0 ? new DeclaredFormats(specs) : undefined;
    this.formats = formats?.empty ? undefined : formats;
  }

  fieldsOf(event: LogEvent): DiscoveredFields {
    const message = event.message;
    if (message.charCodeAt(0) === 123 /* { */) return discoverFields(message);
    return discoverFields(message, this.declared(event.logGroup), this.tallies.forStream(event.logGroup, event.logStream));
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
