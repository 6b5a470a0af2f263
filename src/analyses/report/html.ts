/** HTML text from log-derived strings: every one goes through `esc`, so a log line cannot add markup. */
export function esc(text: string | number | undefined): string {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** JSON inside a `<script>` element: `<` escaped so that no text can close the element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** A table: `header` cells, then rows of already-escaped cells; `numeric` columns align right. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], numeric: readonly boolean[] = []): string {
  const head = header.map((cell, i) => `<th${numeric[i] ? ' class="n"' : ""}>${esc(cell)}</th>`).join("");
  const body = rows.map((row) => `<tr>${row.map((cell, i) => `<td${numeric[i] ? ' class="n"' : ""}>${cell}</td>`).join("")}</tr>`).join("\n");
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export function section(id: string, title: string, body: string): string {
  return `<section id="${esc(id)}"><h2>${esc(title)}</h2>\n${body}\n</section>`;
}
