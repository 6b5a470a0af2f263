/**
 * The report's own styles: readable on a projector (large type, strong contrast, no colour that
 * carries meaning alone: the time split also shows its parts in text), printable on A4.
 */
export const REPORT_CSS = `
:root { --ink: #1a1a1a; --muted: #5a5a5a; --line: #d0d0d0; --wait: #d1495b; --sql: #00798c; --other: #9aa5b1; --before: #edae49; }
* { box-sizing: border-box; }
body { font: 17px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1200px; padding: 24px 32px 64px; }
h1 { font-size: 30px; margin: 0 0 4px; }
h2 { font-size: 23px; margin: 40px 0 12px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 18px; margin: 20px 0 6px; }
.meta, .note, .muted { color: var(--muted); }
.meta { margin: 0 0 16px; }
.headline { font-size: 21px; font-weight: 600; margin: 12px 0 20px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
.card .v { font-size: 28px; font-weight: 700; }
.card .k { color: var(--muted); font-size: 15px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 20px 28px; }
.chart h3 { margin-top: 0; }
.chart .plot { width: 100%; min-height: 240px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 15px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code, .sql { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 14px; }
.sql { word-break: break-word; }
.bar { display: flex; height: 16px; min-width: 180px; border: 1px solid var(--line); }
.bar span { display: block; height: 100%; }
.wait { background: var(--wait); } .sqlc { background: var(--sql); } .other { background: var(--other); } .before { background: var(--before); }
.legend span.key { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 14px; vertical-align: -1px; }
.waterfall td.track { width: 36%; min-width: 200px; }
.waterfall td:nth-child(3) { min-width: 320px; }
.waterfall .lane { position: relative; height: 16px; }
.waterfall .lane span { position: absolute; top: 2px; height: 12px; min-width: 2px; }
.waterfall .mark { background: var(--ink); }
.missing li { margin: 4px 0; }
pre.cmd { background: #f4f4f4; padding: 6px 10px; overflow-x: auto; margin: 4px 0 10px; }
@media print { body { font-size: 12px; max-width: none; } .charts { grid-template-columns: 1fr 1fr; } h2 { break-after: avoid; } section { break-inside: avoid-page; } }
`;
