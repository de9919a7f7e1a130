/* The indicator charts of cms/templates/cms/indicators/_trend.html, drawn by the vendored Apache ECharts
   (cms/static/vendor/echarts/) as SVG. Each chart container names its indicator (data-code) and its kind
   (data-chart: "trend" or "comparison"); the data comes from the page's json_script elements. The text
   alternative is on the container (role="img", aria-label) and in the table below it, so ECharts' own
   aria option stays off; animation is off too (nothing moves, and a chart is complete once drawn). */
(function () {
  "use strict";

  function readJson(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function byCode(data) {
    var found = {};
    (data ? data.series : []).forEach(function (series) { found[series.code] = series; });
    return found;
  }

  function colours(element) {
    var style = getComputedStyle(element);
    return {
      line: style.getPropertyValue("--indicator-line").trim() || "#0b4f8a",
      target: style.getPropertyValue("--indicator-target").trim() || "#b3261e",
      text: "#333333",
      grid: "#d0d7de",
    };
  }

  function numbers(list) {
    return list.filter(function (value) { return value !== null && value !== undefined; });
  }

  // A round upper bound above the values and targets, so the target line is always in view.
  function niceMax(values, unit) {
    var top = Math.max.apply(null, numbers(values).concat([0]));
    if (unit === "%") { return 100; }
    if (top <= 0) { return 1; }
    var magnitude = Math.pow(10, Math.floor(Math.log10(top)));
    return Math.ceil((top * 1.1) / magnitude * 2) / 2 * magnitude;
  }

  function distinct(values) {
    return numbers(values).filter(function (value, index, all) { return all.indexOf(value) === index; });
  }

  function targetLines(series, colour) {
    var lines = distinct(series.targets);
    if (!lines.length) { return undefined; }
    return {
      silent: true,
      symbol: "none",
      lineStyle: { color: colour, type: "dashed", width: 2 },
      // on a white ground, so the label stays legible where it crosses a bar
      label: {
        color: colour, formatter: "目标" + series.direction + "{c}" + series.unit, position: "insideEndTop",
        backgroundColor: "rgba(255, 255, 255, 0.9)", padding: [1, 3],
      },
      data: lines.map(function (value) { return { yAxis: value }; }),
    };
  }

  function base(series, colour) {
    var unit = series.unit;
    return {
      animation: false,
      aria: { enabled: false },
      textStyle: { color: colour.text, fontFamily: "system-ui, \"Noto Sans CJK SC\", \"WenQuanYi Micro Hei\", sans-serif" },
      grid: { left: 8, right: 28, top: 28, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", valueFormatter: function (value) { return value === null || value === undefined ? "—" : value + unit; } },
      yAxis: {
        type: "value", min: 0, max: niceMax(series.values.concat(series.targets), unit),
        axisLabel: { color: colour.text }, splitLine: { lineStyle: { color: colour.grid } },
      },
    };
  }

  function trendOption(months, series, colour) {
    var option = base(series, colour);
    option.xAxis = { type: "category", data: months, boundaryGap: false, axisLabel: { color: colour.text } };
    option.series = [{
      name: series.name, type: "line", data: series.values, connectNulls: false,
      symbol: "circle", symbolSize: 6, lineStyle: { color: colour.line, width: 2 }, itemStyle: { color: colour.line },
      markLine: targetLines(series, colour.target),
    }];
    return option;
  }

  function comparisonOption(regions, series, colour) {
    var option = base(series, colour);
    option.tooltip.axisPointer = { type: "shadow" };
    option.xAxis = { type: "category", data: regions, axisLabel: { color: colour.text, interval: 0, hideOverlap: true } };
    option.series = [{
      name: series.name, type: "bar", barMaxWidth: 40,
      // unmet in the target colour; the table and the tooltip say it in words too
      data: series.values.map(function (value, index) {
        return { value: value, itemStyle: { color: series.met[index] === false ? colour.target : colour.line } };
      }),
      markLine: targetLines(series, colour.target),
    }];
    return option;
  }

  function draw(element, option) {
    var chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption(option);
    if (window.ResizeObserver) {
      new ResizeObserver(function () { chart.resize(); }).observe(element);
    }
    element.dataset.drawn = "true";
  }

  function start() {
    if (!window.echarts) { return; }
    var trend = readJson("indicator-trend-data");
    var comparison = readJson("indicator-comparison-data");
    var trendSeries = byCode(trend);
    var comparisonSeries = byCode(comparison);
    document.querySelectorAll(".indicator-chart").forEach(function (element) {
      var colour = colours(element);
      var code = element.dataset.code;
      if (element.dataset.chart === "trend" && trendSeries[code]) {
        draw(element, trendOption(trend.months, trendSeries[code], colour));
      } else if (element.dataset.chart === "comparison" && comparisonSeries[code]) {
        draw(element, comparisonOption(comparison.regions, comparisonSeries[code], colour));
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
