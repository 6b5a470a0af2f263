import type { Expr, Name } from "../ast.js";
import type { NameToken } from "../tokens.js";

/**
 * Turns a name token into a field reference. Segments join into one dotted `FieldRef` name
 * (`a.b.0`, `` a.`b-c` `` -> `a.b-c`) until a backticked segment after the first holds a dot
 * (``m.`a.b` ``): that key cannot be told apart from a path once joined, so it and the segments
 * after it become `Access` nodes (all-digit segments there are list indexes).
 */
export function nameToExpr(token: NameToken): Expr {
  const { segments, span } = token;
  let split = segments.findIndex((s, i) => i > 0 && s.quoted && s.text.includes("."));
  if (split === -1) split = segments.length;
  let expr: Expr = { kind: "field", name: segments.slice(0, split).map((s) => s.text).join("."), span };
  for (const segment of segments.slice(split)) {
    const key = !segment.quoted && /^[0-9]+$/.test(segment.text) ? Number(segment.text) : segment.text;
    expr = { kind: "access", target: expr, key, span };
  }
  return expr;
}

/** An alias or output name (`as @user`, `into event`): the segments joined with dots. */
export function nameOf(token: NameToken): Name {
  return { name: token.segments.map((s) => s.text).join("."), span: token.span };
}
