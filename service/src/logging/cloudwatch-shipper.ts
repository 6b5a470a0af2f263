import type { CloudWatchLogsClient, InputLogEvent } from "@aws-sdk/client-cloudwatch-logs";

/**
 * Sends the service's log lines to a CloudWatch Logs group with PutLogEvents, in batches, as
 * watchtower does for the Python practical. Writing a line never waits: lines go into a bounded
 * buffer and a background loop ships them; when the buffer is full, new lines are dropped and
 * counted, and the count is reported (through `onDropped`) when it is non-zero. `close()` ships
 * what is left, for shutdown.
 *
 * Works against CloudWatch and against `tolog serve` (set `endpoint`, or
 * AWS_ENDPOINT_URL_CLOUDWATCH_LOGS for the SDK). The SDK is loaded only when shipping is on.
 */
export interface CloudWatchShipperConfig {
  logGroup: string;
  logStream: string;
  /** Another endpoint than CloudWatch's, e.g. `tolog serve`'s http://127.0.0.1:4588. */
  endpoint?: string;
  region?: string;
}

export interface CloudWatchShipperOptions extends CloudWatchShipperConfig {
  /** Lines waiting to be sent at most; beyond, new lines are dropped (default 10,000). */
  maxBufferedLines?: number;
  /** How often buffered lines are sent (default 1 s); a full batch is sent at once. */
  flushIntervalMs?: number;
  /** A ready client (tests); by default one is made from `endpoint`/`region` and the SDK's credential chain. */
  client?: Pick<CloudWatchLogsClient, "send" | "destroy">;
  /** Where the number of dropped lines goes when it is non-zero (the service logs it as a warning). */
  onDropped?: (dropped: number) => void;
  /** Where a failure to send is described (not a log line: that would feed the loop). */
  onError?: (message: string) => void;
}

/** PutLogEvents' limits: 10,000 events and 1,048,576 bytes (message bytes + 26 each) per batch, 24 h span. */
const MAX_BATCH_EVENTS = 10_000;
const MAX_BATCH_BYTES = 1_048_576;
const EVENT_OVERHEAD = 26;
const MAX_SPAN_MS = 24 * 3600_000;
const MAX_EVENT_BYTES = 256 * 1024 - EVENT_OVERHEAD;
/** Attempts to ship what is left at close before giving up (and counting it as dropped). */
const CLOSE_ATTEMPTS = 3;

interface Pending {
  timestamp: number;
  message: string;
  bytes: number;
}

export class CloudWatchShipper {
  /** Lines dropped so far (buffer full, rejected by CloudWatch, or unsendable at close). */
  dropped = 0;
  /** Lines CloudWatch acknowledged. */
  sent = 0;
  private reported = 0;
  private buffer: Pending[] = [];
  private lastTimestamp = 0;
  private sending: Promise<void> | undefined;
  private ready: Promise<Pick<CloudWatchLogsClient, "send" | "destroy">> | undefined;
  private readonly timer: NodeJS.Timeout;
  private closed = false;
  private readonly maxBuffered: number;
  private report: ((dropped: number) => void) | undefined;

  constructor(private readonly options: CloudWatchShipperOptions) {
    this.maxBuffered = options.maxBufferedLines ?? 10_000;
    this.report = options.onDropped;
    this.timer = setInterval(() => this.tick(), options.flushIntervalMs ?? 1000);
    this.timer.unref();
  }

  /** A pino destination: one or more complete lines per call. Never blocks. */
  write(chunk: string): void {
    if (this.closed) return;
    for (const raw of chunk.split("\n")) {
      const line = raw.trimEnd();
      if (line === "") continue;
      if (this.buffer.length >= this.maxBuffered) {
        this.dropped++;
        continue;
      }
      // PutLogEvents wants time order within a batch; the clock can step back.
      const timestamp = Math.max(Date.now(), this.lastTimestamp);
      this.lastTimestamp = timestamp;
      const message = truncate(line);
      this.buffer.push({ timestamp, message, bytes: Buffer.byteLength(message) + EVENT_OVERHEAD });
    }
    if (this.buffer.length >= MAX_BATCH_EVENTS) void this.ship();
  }

  /** Starts sending what is buffered, without waiting. */
  flush(): void {
    void this.ship();
  }

  /** Stops the timer and sends everything buffered (bounded retries); reports drops. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    for (let attempt = 0; attempt < CLOSE_ATTEMPTS && this.buffer.length > 0; attempt++) await this.ship();
    await this.sending;
    if (this.buffer.length > 0) {
      this.dropped += this.buffer.length;
      this.buffer = [];
    }
    this.reportDrops();
    if (this.ready) (await this.ready.catch(() => undefined))?.destroy();
  }

  /** Where drop counts go, when the reporter (the service's logger) exists only after the shipper. */
  reportDropsTo(report: (dropped: number) => void): void {
    this.report = report;
  }

  private tick(): void {
    this.reportDrops();
    void this.ship();
  }

  private reportDrops(): void {
    if (this.dropped > this.reported) {
      const count = this.dropped - this.reported;
      this.reported = this.dropped;
      this.report?.(count);
    }
  }

  /** Sends batches until the buffer is empty or a send fails; one send at a time. */
  private ship(): Promise<void> {
    this.sending ??= this.sendAll().finally(() => {
      this.sending = undefined;
    });
    return this.sending;
  }

  private async sendAll(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.takeBatch();
      try {
        await this.put(batch);
      } catch (error) {
        // Keep the batch for the next tick, ahead of newer lines, within the buffer's bound.
        const room = Math.max(0, this.maxBuffered - this.buffer.length);
        this.dropped += Math.max(0, batch.length - room);
        this.buffer.unshift(...batch.slice(batch.length - Math.min(room, batch.length)));
        this.options.onError?.(`cloudwatch shipper: PutLogEvents failed (${describe(error)}); will retry`);
        return;
      }
    }
  }

  private takeBatch(): Pending[] {
    let bytes = 0;
    let n = 0;
    const first = this.buffer[0].timestamp;
    while (
      n < this.buffer.length &&
      n < MAX_BATCH_EVENTS &&
      bytes + this.buffer[n].bytes <= MAX_BATCH_BYTES &&
      this.buffer[n].timestamp - first <= MAX_SPAN_MS
    ) {
      bytes += this.buffer[n++].bytes;
    }
    return this.buffer.splice(0, n);
  }

  private async put(batch: Pending[]): Promise<void> {
    const client = await this.client();
    const { PutLogEventsCommand } = await import("@aws-sdk/client-cloudwatch-logs");
    const logEvents: InputLogEvent[] = batch.map((p) => ({ timestamp: p.timestamp, message: p.message }));
    const send = () =>
      client.send(
        new PutLogEventsCommand({ logGroupName: this.options.logGroup, logStreamName: this.options.logStream, logEvents }),
      );
    let answer;
    try {
      answer = await send();
    } catch (error) {
      // The group or stream was deleted (or never made): make them, then try once more.
      if ((error as Error).name !== "ResourceNotFoundException") throw error;
      await this.createDestination(client);
      answer = await send();
    }
    const rejected = answer.rejectedLogEventsInfo;
    let lost = 0;
    if (rejected) {
      const oldEnd = Math.max(rejected.tooOldLogEventEndIndex ?? 0, rejected.expiredLogEventEndIndex ?? 0);
      const newStart = rejected.tooNewLogEventStartIndex ?? batch.length;
      lost = oldEnd + (batch.length - newStart);
    }
    this.dropped += lost;
    this.sent += batch.length - lost;
  }

  private client(): Promise<Pick<CloudWatchLogsClient, "send" | "destroy">> {
    this.ready ??= (async () => {
      // The SDK's Node-version notice (9 lines on Node 20, which the service supports) is not
      // for the people reading the service's stderr; the SDK's own switch turns off only it.
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
      const sdk = await import("@aws-sdk/client-cloudwatch-logs");
      const client =
        this.options.client ??
        new sdk.CloudWatchLogsClient({
          ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
          ...(this.options.region ? { region: this.options.region } : {}),
        });
      await this.createDestination(client);
      return client;
    })();
    // A failed start (no credentials, endpoint down) is retried on the next send.
    this.ready.catch(() => (this.ready = undefined));
    return this.ready;
  }

  /** Creates the log group and stream, as watchtower's create_log_group does; existing ones are fine. */
  private async createDestination(client: Pick<CloudWatchLogsClient, "send">): Promise<void> {
    const { CreateLogGroupCommand, CreateLogStreamCommand } = await import("@aws-sdk/client-cloudwatch-logs");
    const ignoreExisting = (error: unknown) => {
      if ((error as Error).name !== "ResourceAlreadyExistsException") throw error;
    };
    await client.send(new CreateLogGroupCommand({ logGroupName: this.options.logGroup })).catch(ignoreExisting);
    await client
      .send(new CreateLogStreamCommand({ logGroupName: this.options.logGroup, logStreamName: this.options.logStream }))
      .catch(ignoreExisting);
  }
}

/** A line over CloudWatch's event size is cut (on a character boundary) rather than lost. */
function truncate(line: string): string {
  if (line.length * 3 <= MAX_EVENT_BYTES || Buffer.byteLength(line) <= MAX_EVENT_BYTES) return line;
  return Buffer.from(line).subarray(0, MAX_EVENT_BYTES).toString("utf8").replace(/\uFFFD$/, "");
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
