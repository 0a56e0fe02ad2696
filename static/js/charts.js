// Draws each chart of the page with plotly.js (served from our own static files, never a CDN).
// The figure (data and layout) is built on the server by reports/charts.py and written into
// the page by json_script; this script only hands it to Plotly. Without JavaScript the
// table beneath each chart carries the same figures.
(function () {
  if (!window.Plotly) return;
  // Plotly.js 4 offers to upload the chart to its cloud from the mode bar; a council chart stays here.
  var config = {displaylogo: false, responsive: true, showSendToCloud: false, plotlyServerURL: ""};
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source) return;
    var figure = JSON.parse(source.textContent);
    window.Plotly.newPlot(element, figure.data, figure.layout, config);
  });
})();
