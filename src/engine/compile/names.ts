import type { Projection } from "../ast.js";

/** The column a projection makes: its alias, the field it names, or its text (`count(*)`). */
export function projectionName(p: Projection): string {
  if (p.alias) return p.alias.name;
  return p.expr.kind === "field" ? p.expr.name : p.text;
}
