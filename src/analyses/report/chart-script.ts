/**
 * The script that draws the report's charts with uPlot (inlined before it): every `.chart`
 * element names a panel of the JSON in `#report-data`; series are aligned on the union of their
 * times (uPlot's x is in seconds), gaps left as gaps (a point alone between two is drawn as a
 * dot). Kept as plain ES2017 text (no bundler runs on it), run once the page has its layout, and
 * redrawn at the new width when the window resizes (a projector's resolution differs from the
 * laptop's).
 */
export const CHART_SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var colors = ["#00798c", "#d1495b", "#edae49", "#66a182", "#2e4057", "#8d96a3"];
  function format(unit, v) {
    if (v == null) return "";
    if (unit === "ms") return Math.abs(v) >= 1000 ? (v / 1000).toPrecision(3).replace(/\\.?0+$/, "") + " s" : Math.round(v) + " ms";
    if (unit === "percent") return Math.round(v) + "%";
    if (unit === "bytes") return v >= 1e6 ? (v / 1e6).toPrecision(3) + " MB" : v >= 1e3 ? (v / 1e3).toPrecision(3) + " kB" : v + " B";
    if (Math.abs(v) >= 1000) return (v / 1000).toPrecision(3).replace(/\\.?0+$/, "") + "k";
    return String(Math.round(v * 100) / 100);
  }
  /** Times in UTC, as the rest of the report and tolog print them: 20:21:30, with the date when it changes. */
  function clock(seconds) {
    var iso = new Date(seconds * 1000).toISOString();
    return iso.slice(11, 19) === "00:00:00" ? iso.slice(0, 10) : iso.slice(11, 19);
  }
  function aligned(panel) {
    var times = {};
    panel.series.forEach(function (s) { s.points.forEach(function (p) { times[p[0]] = true; }); });
    var xs = Object.keys(times).map(Number).sort(function (a, b) { return a - b; });
    var index = {};
    xs.forEach(function (x, i) { index[x] = i; });
    var columns = [xs.map(function (x) { return x / 1000; })];
    panel.series.forEach(function (s) {
      var ys = xs.map(function () { return null; });
      s.points.forEach(function (p) { ys[index[p[0]]] = p[1]; });
      columns.push(ys);
    });
    return columns;
  }
  /** Where uPlot draws lines without their points: the points with a gap on both sides, else a line of one point is not drawn at all. */
  function isolated(u, seriesIdx, show) {
    if (show) return null;
    var ys = u.data[seriesIdx];
    var out = [];
    for (var i = 0; i < ys.length; i++) if (ys[i] != null && (i === 0 || ys[i - 1] == null) && (i === ys.length - 1 || ys[i + 1] == null)) out.push(i);
    return out.length > 0 ? out : null;
  }
  var plots = [];
  function draw() {
    plots.forEach(function (p) { p.destroy(); });
    plots.length = 0;
    Array.prototype.forEach.call(document.querySelectorAll(".chart .plot"), function (el) {
      var panel = data.panels[Number(el.getAttribute("data-panel"))];
      var width = Math.max(300, el.clientWidth);
      var opts = {
        width: width,
        height: 240,
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true }, y: { range: function (u, min, max) { return [Math.min(0, min), max > 0 ? max * 1.1 : 1]; } } },
        // A time label is about 55 px wide at 12 px: at least 80 px between them keeps them apart.
        axes: [{ space: 80, values: function (u, vals) { return vals.map(clock); } }, { size: 70, values: function (u, vals) { return vals.map(function (v) { return format(panel.unit, v); }); } }],
        series: [{ label: "time (UTC)", value: function (u, v) { return v == null ? "--" : clock(v); } }].concat(panel.series.map(function (s, i) {
          return { label: s.label, stroke: colors[i % colors.length], width: 2, spanGaps: false, points: { filter: isolated }, value: function (u, v) { return format(panel.unit, v); } };
        }))
      };
      plots.push(new uPlot(opts, aligned(panel), el));
    });
  }
  draw();
  // The charts, for a look from the browser's console (and the report's browser test).
  window.tologCharts = plots;
  var timer;
  window.addEventListener("resize", function () { clearTimeout(timer); timer = setTimeout(draw, 150); });
  document.documentElement.setAttribute("data-charts", String(plots.length));
})();
`;
