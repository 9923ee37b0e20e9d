/* Province map: a choropleth of one figure per province, drawn with the vendored ECharts. The page puts the
   figures in a json_script element (id given by data-province-map on the map's container), with the address of
   the boundaries (GET /api/v1/map/provinces?era=…, a GeoJSON FeatureCollection with code and name). Hoàng Sa
   and Trường Sa are features of their own carrying their province's code: they take its colour and are always
   labelled. A click opens the province's page. The same figures are in the table below the map, so nothing
   depends on this script. Plain ES5, no inline code (CSP). */
(function () {
  "use strict";

  var COLOURS = ["#e8f1fa", "#b9d3ec", "#7fb0dc", "#3f84c4", "#175a9c"];

  function draw(box, data, geojson) {
    var mapName = "ngoaivu-" + data.era;
    window.echarts.registerMap(mapName, geojson);
    var lang = document.documentElement.getAttribute("lang") || "vi";
    var fmt = window.Intl ? new Intl.NumberFormat(lang, { maximumFractionDigits: data.places }) : null;
    var shown = function (v) { return v === null || v === undefined ? "" : (fmt ? fmt.format(v) : String(v)); };
    var items = [], max = 0, min = null;
    for (var i = 0; i < geojson.features.length; i++) {
      var props = geojson.features[i].properties;
      var entry = data.values[props.code] || {};
      var value = data.available && entry.value !== undefined ? entry.value : null;
      if (value !== null) {
        max = Math.max(max, value);
        min = min === null ? value : Math.min(min, value);
      }
      var item = { name: props.name, value: value, code: props.code, archipelago: !!props.archipelago,
                   owner: entry.name || "", successor: entry.successor || "", profile: entry.profile || "" };
      if (props.archipelago) {
        item.label = { show: true, fontSize: 12, fontWeight: "bold", color: "#222", position: "right" };
      }
      items.push(item);
    }
    var many = geojson.features.length > 40;
    var option = {
      animation: false,
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          var d = p.data || {};
          var head = d.archipelago ? p.name + " (" + data.text.belongs_to + " " + d.owner + ")" : p.name;
          if (d.successor && !d.archipelago) { head += " — " + data.text.now_in + " " + d.successor; }
          var v = d.value === null || d.value === undefined ? data.text.no_data : shown(d.value) + " " + data.unit;
          return head + "<br>" + v + "<br><small>" + data.text.open + "</small>";
        }
      },
      series: [{
        type: "map",
        map: mapName,
        roam: false,
        aspectScale: 0.95,
        layoutCenter: ["50%", "50%"],
        layoutSize: "96%",
        selectedMode: false,
        label: { show: !many, fontSize: 9, color: "#333" },
        emphasis: { label: { show: true, fontSize: 11 }, itemStyle: { areaColor: "#f5c04a" } },
        itemStyle: { areaColor: "#eeeeee", borderColor: "#888", borderWidth: 0.6 },
        data: items
      }]
    };
    if (data.available && min !== null) {
      option.visualMap = {
        type: "continuous",
        min: Math.min(0, min),
        max: max > 0 ? max : 1,
        left: 10,
        bottom: 20,
        calculable: false,
        text: [shown(max) + " " + data.unit, shown(Math.min(0, min))],
        formatter: function (v) { return shown(v); },
        inRange: { color: COLOURS },
        outOfRange: { color: "#eeeeee" },
        seriesIndex: 0
      };
    }
    var chart = window.echarts.init(box, null, { renderer: "svg" });
    chart.setOption(option);
    chart.on("click", function (p) {
      if (p.data && p.data.profile) { window.location.href = p.data.profile; }
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function init(box) {
    if (!window.echarts || !window.fetch) { return; }
    var source = document.getElementById(box.getAttribute("data-province-map"));
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    box.style.width = "100%";
    box.style.maxWidth = "760px";
    box.style.height = Math.min(900, Math.max(560, Math.round(window.innerHeight * 0.9))) + "px";
    window.fetch(data.geojson, { credentials: "same-origin", headers: { "Accept": "application/geo+json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (geojson) { if (geojson) { draw(box, data, geojson); } });
  }

  function start() {
    var boxes = document.querySelectorAll("[data-province-map]");
    for (var i = 0; i < boxes.length; i++) { init(boxes[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
