/* Province map: a choropleth of one figure per province, drawn with the vendored ECharts. The page puts the
   figures in a json_script element (id given by data-province-map on the map's container), with the address of
   the boundaries (GET /api/v1/map/provinces?era=…, a GeoJSON FeatureCollection with code and name). Hoàng Sa
   and Trường Sa are features of their own carrying their province's code: they take its colour and are always
   labelled. A click opens the province's page. The same figures are in the table below the map, so nothing
   depends on this script. Plain ES5, no inline code (CSP). */
(function () {
  "use strict";

  var COLOURS = ["#cfe1f2", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];
  // no figure: pale grey with hatching, so it never reads as the lowest value (not by colour alone)
  var NO_DATA = { areaColor: "#f7f7f7",
                  decal: { symbol: "rect", dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: -0.785,
                           color: "rgba(0, 0, 0, 0.12)" } };

  // an archipelago's name goes just north of its islands (ECharts puts a region's label at `properties.cp`)
  function labelPoint(geometry) {
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    var west = 180, east = -180, north = -90;
    for (var p = 0; p < polygons.length; p++) {
      var ring = polygons[p][0];
      for (var k = 0; k < ring.length; k++) {
        west = Math.min(west, ring[k][0]);
        east = Math.max(east, ring[k][0]);
        north = Math.max(north, ring[k][1]);
      }
    }
    return [(west + east) / 2, north + 0.45];
  }

  function draw(box, data, geojson) {
    var mapName = "ngoaivu-" + data.era;
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
      if (value === null) { item.itemStyle = NO_DATA; }
      if (props.archipelago) {
        item.label = { show: true, fontSize: 12, fontWeight: "bold", color: "#222", textBorderColor: "#fff",
                       textBorderWidth: 2 };
        props.cp = labelPoint(geojson.features[i].geometry);
      }
      items.push(item);
    }
    window.echarts.registerMap(mapName, geojson);
    var many = geojson.features.length > 40;
    var option = {
      animation: false,
      tooltip: {
        trigger: "item",
        // drawn inside the chart, not as an HTML element: ECharts styles its HTML tooltip inline, which the
        // page's CSP (style-src 'self') refuses
        renderMode: "richText",
        formatter: function (p) {
          var d = p.data || {};
          var head = d.archipelago ? p.name + " (" + data.text.belongs_to + " " + d.owner + ")" : p.name;
          if (d.successor && !d.archipelago) { head += " — " + data.text.now_in + " " + d.successor; }
          var v = d.value === null || d.value === undefined ? data.text.no_data : shown(d.value) + " " + data.unit;
          return head + "\n" + v + "\n" + data.text.open;
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
        label: { show: !many, fontSize: 9, color: "#222", textBorderColor: "#fff", textBorderWidth: 2 },
        labelLayout: { hideOverlap: true },
        emphasis: { label: { show: true, fontSize: 11, color: "#000" }, itemStyle: { areaColor: "#f5c04a" } },
        itemStyle: { areaColor: "#f7f7f7", borderColor: "#888", borderWidth: 0.6 },
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
    // the country is about as tall as the map is wide, with the archipelagos
    box.style.height = Math.round(Math.min(900, Math.max(420, box.clientWidth))) + "px";
    window.fetch(data.geojson, { credentials: "same-origin", headers: { "Accept": "application/json" } })
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
