/* Indicator charts: reads the series the page put in a json_script element (id given by data-series on the
   chart's container) and draws it with the vendored ECharts — bars per year or per province. The same figures
   are in the table beside the chart, so nothing depends on this script. Plain ES5, no inline code (CSP). */
(function () {
  "use strict";

  function draw(box) {
    if (!window.echarts) { return; }
    var source = document.getElementById(box.getAttribute("data-series"));
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var labels = [], values = [];
    for (var i = 0; i < data.points.length; i++) {
      labels.push(data.points[i].label);
      values.push(data.points[i].value === null ? null : Number(data.points[i].value));
    }
    var horizontal = data.group_by === "province";
    var category = { type: "category", data: labels, axisLabel: { interval: 0, rotate: horizontal ? 0 : 45 } };
    // the page's language decides the number style: "100.000.000" in Vietnamese, "100,000,000" in English
    var lang = document.documentElement.getAttribute("lang") || "vi";
    var fmt = window.Intl ? new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }) : null;
    var shown = function (v) { return v === null || v === undefined || !fmt ? v : fmt.format(v); };
    var number = { type: "value", name: data.unit, axisLabel: { formatter: shown } };
    box.style.height = horizontal ? Math.max(320, labels.length * 22) + "px" : "320px";
    var chart = window.echarts.init(box, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: horizontal ? 200 : 80, right: 30, top: 40, bottom: horizontal ? 30 : 80 },
      tooltip: { trigger: "axis", valueFormatter: shown, renderMode: "richText" },  // the HTML tooltip is styled inline, which the CSP refuses
      xAxis: horizontal ? number : category,
      yAxis: horizontal ? category : number,
      series: [{ type: "bar", data: values, name: data.title }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function init() {
    var boxes = document.querySelectorAll("[data-series]");
    for (var i = 0; i < boxes.length; i++) { draw(boxes[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
