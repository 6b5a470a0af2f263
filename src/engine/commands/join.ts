import type { Value } from "../values.js";
import { Row } from "../record.js";
import { toText } from "../functions/coerce.js";
import { streaming, type StageFactory } from "./stage.js";

/**
 * A row of `join`: the left row, with `left.f` reading the left row's `f` and `right.f` the
 * matched right row's (missing after a left join without a match); names without either
 * alias read the left row.
 */
export class JoinedRow extends Row {
  private readonly own = new Map<string, Value>();

  constructor(
    private readonly leftRow: Row,
    private readonly rightRow: Row | undefined,
    private readonly leftPrefix: string,
    private readonly rightPrefix: string,
  ) {
    super(leftRow.event, leftRow.seq);
  }

  override get(name: string): Value {
    const own = this.own.get(name);
    if (own !== undefined) return own;
    if (name.startsWith(this.rightPrefix)) return this.rightRow?.get(name.slice(this.rightPrefix.length)) ?? null;
    if (name.startsWith(this.leftPrefix)) return this.leftRow.get(name.slice(this.leftPrefix.length));
    return this.leftRow.get(name);
  }

  override set(name: string, value: Value): void {
    this.own.set(name, value);
  }

  /** A joined row's names are answered by `get` alone. */
  override plainFields(): undefined {
    return undefined;
  }

  override time(): number {
    const v = this.own.get("@timestamp");
    return v instanceof Date ? v.getTime() : this.leftRow.time();
  }

  override timestampMillis(): number | null {
    return this.own.has("@timestamp") ? super.timestampMillis() : this.leftRow.timestampMillis();
  }

  override copy(): Row {
    const row = new JoinedRow(this.leftRow, this.rightRow, this.leftPrefix, this.rightPrefix);
    for (const [k, v] of this.own) row.own.set(k, v);
    return row;
  }
}

export interface JoinSpec {
  type: "inner" | "left";
  leftAlias: string;
  rightAlias: string;
  leftKey: string;
  /** The right rows by the text of their key, in the subquery's order. */
  right: ReadonlyMap<string, readonly Row[]>;
}

/**
 * `join`: each left row once per right row whose key has the same text (exact, case-sensitive);
 * a left join keeps an unmatched left row once, with no right fields.
 */
export function joinStage(spec: JoinSpec): StageFactory {
  const leftPrefix = `${spec.leftAlias}.`;
  const rightPrefix = `${spec.rightAlias}.`;
  return streaming((next) => ({
    push: (row) => {
      const key = toText(row.get(spec.leftKey));
      const matches = key === null ? undefined : spec.right.get(key);
      if (matches && matches.length > 0) for (const right of matches) next.push(new JoinedRow(row, right, leftPrefix, rightPrefix));
      else if (spec.type === "left") next.push(new JoinedRow(row, undefined, leftPrefix, rightPrefix));
    },
    end: () => next.end(),
  }));
}
