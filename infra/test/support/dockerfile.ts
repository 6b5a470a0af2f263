// A small reader of service/Dockerfile, so that tests perform the image's own steps.

export interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

export interface Stage {
  readonly name: string;
  readonly from: string;
  readonly instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs declared before the first FROM, with their defaults. */
  readonly globalArgs: Record<string, string>;
  readonly stages: Stage[];
}

export function parseDockerfile(text: string): Dockerfile {
  const logical = text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === "FROM") {
      const [, from, name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args) ?? [];
      stages.push({ name: name ?? String(stages.length), from, instructions: [] });
    } else if (stages.length === 0 && upper === "ARG") {
      const [name, value = ""] = args.split("=");
      globalArgs[name] = value;
    } else {
      stages.at(-1)?.instructions.push({ keyword: upper, args });
    }
  }
  return { globalArgs, stages };
}

/** ARG defaults and ENV values visible in a stage (its parent stages first), with ${VAR} expanded. */
export function stageVariables(file: Dockerfile, stage: Stage): { args: Record<string, string>; env: Record<string, string> } {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s; s = file.stages.find((p) => p.name === s?.from)) chain.unshift(s);
  const args: Record<string, string> = {};
  const env: Record<string, string> = {};
  const expand = (v: string) => v.replace(/\$\{(\w+)\}/g, (_, k: string) => env[k] ?? args[k] ?? "").replace(/^"(.*)"$/, "$1");
  for (const s of chain) {
    for (const { keyword, args: a } of s.instructions) {
      const [, name, value = ""] = /^(\w+)(?:=(.*))?$/.exec(a) ?? [];
      if (keyword === "ARG" && name) args[name] = expand(value);
      if (keyword === "ENV" && name) env[name] = expand(value);
    }
  }
  return { args, env };
}
