import { toText } from "../functions/coerce.js";
import type { CidrIndex } from "./cidr.js";
import { writeOutputs, type LookupOutput } from "./lookup.js";
import { streaming, type StageFactory } from "./stage.js";

/** `cidrlookup table ipField ... OUTPUT|OUTPUTNEW ...`: the table row whose range holds the address. */
export function cidrLookupStage(index: CidrIndex<readonly string[]>, ipField: string, outputs: readonly LookupOutput[], onlyNew: boolean): StageFactory {
  return streaming((next) => ({
    push: (row) => {
      const ip = toText(row.get(ipField));
      writeOutputs(row, ip === null ? undefined : index.find(ip), outputs, onlyNew);
      next.push(row);
    },
    end: () => next.end(),
  }));
}
