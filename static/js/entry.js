// Statuses update as the officer types. The server decides them, with the same rules and
// words as the "Check" button; this script only asks and shows.
(function () {
  var form = document.getElementById("month-form");
  if (!form || !window.fetch) return;
  var timer = null;
  form.querySelectorAll(".status").forEach(function (cell) { cell.setAttribute("aria-live", "polite"); });
  function update() {
    var data = new FormData(form);
    data.set("action", "check");
    fetch(window.location.href, {method: "POST", body: data, headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (statuses) {
        if (!statuses) return;
        Object.keys(statuses).forEach(function (code) {
          var row = document.getElementById("row-" + code);
          if (!row) return;
          row.querySelector('[data-status="month"]').textContent = statuses[code].month;
          row.querySelector('[data-status="quarter"]').textContent = statuses[code].quarter;
        });
      });
  }
  form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 400); });
})();
