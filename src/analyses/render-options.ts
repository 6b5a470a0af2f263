import type { ChalkInstance } from "chalk";

/** What every table renderer needs: colours (level 0 for none) and the terminal width. */
export interface RenderOptions {
  chalk: ChalkInstance;
  /** Columns available; tables size their widest text column to fit. @default 120 */
  width?: number;
}

export const DEFAULT_WIDTH = 120;

/** cli-table3 settings without its own colours, so that colour is only ever chalk's decision. */
export const PLAIN_TABLE_STYLE = { head: [] as string[], border: [] as string[], compact: true };
