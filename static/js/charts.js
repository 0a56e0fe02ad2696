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
  // chart's edge. reports/charts.py writes each title on one line; once drawn, one wider than its
  // room is wrapped here, to the width it has (a desktop's or a phone's): the one place that wraps.
  var LINE = 20; // px: a line of an axis title, 14 px text with its leading
  var TITLE_LINE = 26; // px: a line of the chart's title, plotly.js's 1.4 times the text
  var NARROW = 600; // px: below this, the legend goes to the foot of the chart, a row an entry

  function shown(line) {
    return line.replace(/&[#\w]+;/g, "x").replace(/<[^>]*>/g, ""); // the entities plotly_text writes
  }

  // The text's lines, each of at most `most` characters (a longer word keeps a line of its own).
  function wrapped(text, most) {
    var words = text.split("<br>").join(" ").split(/\s+/).filter(Boolean);
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

  // Sets the title's text wrapped to `room` px, given the width plotly.js drew it at: the number
  // of lines it gained (none when it fitted).
  function rewrap(title, drawnWidth, room) {
    if (!title || !title.text || drawnWidth <= room) return 0;
    var lines = title.text.split("<br>");
    var longest = Math.max.apply(null, lines.map(function (line) { return shown(line).length; }));
    var most = Math.max(8, Math.floor(longest * room / drawnWidth));
    var fitted = wrapped(title.text, most);
    title.text = fitted.join("<br>");
    return fitted.length - lines.length;
  }

  function drawnWidth(element, selector) {
    var text = element.querySelector(selector);
    return text ? text.getBBox().width : 0;
  }

  // On a narrow chart the legend goes to its foot, below the axis (which keeps the room its ticks
  // and title need), one row an entry, the chart taller by as much.
  function fitted(layout, width, rows) {
    var fit = JSON.parse(JSON.stringify(layout));
    fit.margin = fit.margin || {};
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

  // Once drawn, each title wider than its room (the chart for its title, the plot's own width
  // and height, after the axes took what their tick labels need, for the axis titles) is
  // wrapped again and the chart drawn afresh (a relayout leaves an automargin's axis title over
  // its tick labels).
  function fitTitles(element, data, layout) {
    var size = element._fullLayout && element._fullLayout._size;
    if (!size) return;
    var changed = false;
    var titleLines = rewrap(layout.title, drawnWidth(element, ".g-gtitle text"), element.clientWidth - 20);
    if (titleLines > 0) {
      changed = true;
      // Hung from the top of the chart, the plot below its last line. (plotly.js anchors a title
      // of several lines by its first: the pad makes room for that line.)
      // The room the layout left above the plot (the title's one line, a change of process's name)
      // grows by a line for each line the title gained.
      layout.title = Object.assign(layout.title, {y: 1, yref: "container", yanchor: "top", pad: {t: TITLE_LINE}});
      layout.margin.t = (layout.margin.t || 80) + TITLE_LINE * titleLines;
    }
    var below = rewrap(layout.xaxis && layout.xaxis.title, drawnWidth(element, ".g-xtitle text"), size.w);
    if (below > 0) {
      changed = true;
      layout.margin.b = (layout.margin.b || 80) + LINE * below;
      layout.height = (layout.height || 450) + LINE * below;
    }
    var beside = rewrap(layout.yaxis && layout.yaxis.title, drawnWidth(element, ".g-ytitle text"), size.h);
    if (beside > 0) {
      changed = true;
      layout.margin.l = (layout.margin.l || 80) + LINE * beside;
    }
    if (changed) window.Plotly.newPlot(element, data, layout, config);
  }

  function draw(element, figure, rows) {
    var layout = fitted(figure.layout, element.clientWidth, rows);
    return window.Plotly.newPlot(element, figure.data, layout, config).then(function () {
      fitTitles(element, figure.data, layout);
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
