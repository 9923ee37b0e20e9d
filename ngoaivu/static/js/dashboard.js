/* Dashboard charts (reports/templates/reports/dashboard.html): each chart's figures come from a json_script
   element (id in data-dashboard-chart on the chart's box) and are drawn with the vendored ECharts. Clicking a bar
   or a point opens the list behind that figure (the same link as the table cell under the chart). Series are told
   apart by patterns (decals), the legend and the table, never by colour alone. Plain ES5, no inline code (CSP);
   without this script the page is the same figures in tables. */
(function () {
  "use strict";

  var lang = document.documentElement.getAttribute("lang") || "vi";
  var fmt = window.Intl ? new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }) : null;

  function shown(v) {
    return v === null || v === undefined || !fmt ? v : fmt.format(v);
  }

  // a legend that wraps (never cut or paged): the lines it needs at the box's width, roughly
  function legendLines(names, width) {
    var lines = 1, used = 0;
    for (var i = 0; i < names.length; i++) {
      var w = names[i].length * 7 + 40;
      if (used && used + w > width) { lines += 1; used = 0; }
      used += w;
    }
    return lines;
  }

  function draw(box) {
    if (!window.echarts) { return; }
    var source = document.getElementById(box.getAttribute("data-dashboard-chart"));
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var horizontal = data.kind === "hbar";
    var stacked = data.kind === "stacked";
    var twoAxes = data.kind === "bar_line";
    // large figures: the axis says "tỷ USD" and its ticks are in that unit (exact figures in the tooltip, table)
    var divisor = data.axis_divisor || 1;
    var tick = function (v) { return shown(v / divisor); };
    var incomplete = data.incomplete || [];
    var series = [];
    for (var i = 0; i < data.series.length; i++) {
      var s = data.series[i];
      if (stacked && s.total) { continue; } // the total is in the table; stacking it would double the bar
      var points = [];
      for (var j = 0; j < s.values.length; j++) {
        var point = { value: s.values[j], link: s.links[j] || "" };
        // a year with fewer provinces reporting: lighter, as the note above the chart says
        if (incomplete[j]) { point.itemStyle = { opacity: 0.35 }; }
        points.push(point);
      }
      series.push({
        type: s.line ? "line" : "bar",
        name: s.name,
        data: points,
        yAxisIndex: twoAxes ? s.axis : 0,
        stack: stacked ? "all" : undefined,
        symbol: s.line ? "diamond" : undefined,
        symbolSize: s.line ? 10 : undefined,
        connectNulls: false,
        label: s.line ? { show: true, formatter: function (p) { return p.value === null ? "" : shown(p.value) + " %"; } } : undefined,
        barMaxWidth: 36,
        cursor: "pointer"
      });
    }
    var category = {
      type: "category",
      data: data.categories,
      inverse: horizontal,
      axisLabel: { interval: 0, rotate: horizontal ? 0 : (data.categories.length > 8 ? 45 : 0), width: 180, overflow: "truncate" }
    };
    var count = { type: "value", minInterval: 1, axisLabel: { formatter: tick } };
    if (data.axis_name) { count.name = data.axis_name; count.nameTextStyle = { align: horizontal ? "right" : "left" }; }
    var yAxes = twoAxes
      ? [count, { type: "value", min: 0, max: 100, axisLabel: { formatter: function (v) { return shown(v) + " %"; } } }]
      : (horizontal ? category : count);
    var rows = horizontal ? data.categories.length * Math.max(1, series.length) : 0;
    box.style.height = horizontal ? Math.max(260, rows * 22 + 80) + "px" : "340px";
    var names = [];
    for (var k = 0; k < series.length; k++) { names.push(series[k].name); }
    var top = 16 + legendLines(names, (box.clientWidth || 600) - 20) * 24 + (data.axis_name ? 16 : 0);
    var chart = window.echarts.init(box, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      aria: { enabled: true, label: { enabled: false }, decal: { show: true } },
      legend: { top: 0, type: "plain" },
      grid: { left: 10, right: 20, top: top, bottom: 10, containLabel: true },
      // richText: the HTML tooltip is styled inline, which the CSP refuses
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: shown, renderMode: "richText" },
      xAxis: horizontal ? count : category,
      yAxis: yAxes,
      series: series
    });
    chart.on("click", function (p) {
      if (p.data && p.data.link) { window.location.assign(p.data.link); }
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function init() {
    var boxes = document.querySelectorAll("[data-dashboard-chart]");
    for (var i = 0; i < boxes.length; i++) { draw(boxes[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
