// Draws each chart of the page with plotly.js (served from our own static files, never a CDN).
// The figure (data and layout) is built on the server by reports/charts.py and written into
// the page by json_script; this script only hands it to Plotly, fitted to the chart's width.
// Without JavaScript the table beneath each chart carries the same figures.
(function () {
  if (!window.Plotly) return;
  // Plotly.js 4 offers to upload the chart to its cloud from the mode bar; a council chart stays here.
  // responsive: the chart follows its box's width (layouts set a height, never a width).
  var config = {displaylogo: false, responsive: true, showSendToCloud: false, plotlyServerURL: ""};
  // plotly.js draws a title's lines (split at <br>) as they come and cuts off what passes the
  // chart's edge. Titles are written for a desktop's width; on a phone they are wrapped again.
  var CHARACTER = 8.5; // px: the widest average of a 14 px Arial character
  var LINE = 20; // px: a line of an axis title, 14 px text with its leading
  var TITLE_LINE = 26; // px: a line of the chart's title, plotly.js's 1.4 times the text

  function shown(line) {
    return line.replace(/&[#\w]+;/g, "x").replace(/<[^>]*>/g, ""); // the entities plotly_text writes
  }

  // The title's lines, each no longer than `room` px (a word longer than that keeps its own line).
  function wrapped(text, room) {
    var most = Math.max(8, Math.floor(room / CHARACTER));
    var lines = text.split("<br>");
    if (lines.every(function (line) { return shown(line).length <= most; })) return lines;
    var words = lines.join(" ").split(/\s+/).filter(Boolean);
    var result = [];
    var line = "";
    words.forEach(function (word) {
      if (line && shown(line + " " + word).length > most) {
        result.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    result.push(line);
    return result;
  }

  // Sets a title's text wrapped to `room` px: the number of lines it gained.
  function rewrap(title, room) {
    if (!title || !title.text) return 0;
    var before = title.text.split("<br>").length;
    var lines = wrapped(title.text, room);
    title.text = lines.join("<br>");
    return lines.length - before;
  }

  var NARROW = 600; // px: below this, the legend rows and wrapped titles need their own room

  // The figure's layout for a chart `width` px wide: its title wrapped to that width, and on a
  // narrow chart its legend at the foot of the chart, below the axis (which keeps the room its
  // ticks and title need), one row per line, the chart taller by as much.
  function fitted(layout, width, rows) {
    var fit = JSON.parse(JSON.stringify(layout));
    fit.margin = fit.margin || {};
    if (rewrap(fit.title, width - 20) > 0) {
      // Wrapped again: hung from the top of the chart, the plot below its last line. (plotly.js
      // anchors a title of several lines by its first: the pad makes room for that line.)
      var lines = fit.title.text.split("<br>").length;
      fit.title = Object.assign(fit.title, {y: 1, yref: "container", yanchor: "top", pad: {t: TITLE_LINE}});
      fit.margin.t = TITLE_LINE * (lines + 1);
    }
    if (width < NARROW && fit.legend) {
      ["xaxis", "yaxis"].forEach(function (name) {
        var axis = fit[name] = fit[name] || {};
        axis.automargin = true;
        // Without a standoff, plotly.js 4 draws an automargin axis's title over its tick labels
        // once the legend is placed in the chart's container.
        if (axis.title && axis.title.standoff === undefined) axis.title.standoff = 10;
      });
      fit.legend = {orientation: "h", x: 0, xanchor: "left", xref: "container", y: 0, yanchor: "bottom",
                    yref: "container"};
      fit.margin.b = (fit.margin.b || 80) + rows * LINE + 10;
      fit.height = (fit.height || 450) + rows * LINE;
    }
    return fit;
  }

  // Once drawn, the plot's own width and height (after the axes took the room their tick labels
  // need) decide the wrapping of the axis titles: drawn afresh if it changed (a relayout leaves
  // an automargin's axis title over its tick labels).
  function fitAxisTitles(element, data, layout) {
    var size = element._fullLayout && element._fullLayout._size;
    if (!size) return;
    var changed = false;
    [["xaxis", size.w, "b"], ["yaxis", size.h, "l"]].forEach(function (axis) {
      var title = layout[axis[0]] && layout[axis[0]].title;
      if (!title || !title.text) return;
      var gained = rewrap(title, axis[1]);
      if (!gained) return;
      changed = true;
      layout.margin[axis[2]] = (layout.margin[axis[2]] || 80) + LINE * gained;
      if (axis[0] === "xaxis") layout.height = (layout.height || 450) + LINE * gained;
    });
    if (changed) window.Plotly.newPlot(element, data, layout, config);
  }

  function draw(element, figure, rows) {
    var layout = fitted(figure.layout, element.clientWidth, rows);
    return window.Plotly.newPlot(element, figure.data, layout, config).then(function () {
      fitAxisTitles(element, figure.data, layout);
    });
  }

  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source) return;
    var figure = JSON.parse(source.textContent);
    var rows = figure.data.filter(function (trace) { return trace.showlegend !== false; }).length;
    var width = element.clientWidth;
    draw(element, figure, rows);
    // A phone turned on its side: fitted again to the new width.
    var waiting = null;
    window.addEventListener("resize", function () {
      clearTimeout(waiting);
      waiting = setTimeout(function () {
        if (element.clientWidth === width) return;
        width = element.clientWidth;
        draw(element, figure, rows);
      }, 200);
    });
  });
})();
