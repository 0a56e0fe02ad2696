// The review queue's "Select all": a checkbox in the table's first header cell ticks or clears
// every row, and shows whether all, some (mixed) or none are ticked. Without this script the
// rows are ticked one by one and the page works the same.
(function () {
  var table = document.querySelector("[data-select-all-table]");
  if (!table) return;
  var cell = table.querySelector("[data-select-all]");
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody input[type=checkbox][name=reading]"));
  if (!cell || !rows.length) return;

  var group = document.createElement("div");
  group.className = "govuk-checkboxes govuk-checkboxes--small";
  var item = document.createElement("div");
  item.className = "govuk-checkboxes__item";
  var all = document.createElement("input");
  all.type = "checkbox";
  all.id = "select-all";
  all.className = "govuk-checkboxes__input";
  var label = document.createElement("label");
  label.className = "govuk-label govuk-checkboxes__label";
  label.htmlFor = all.id;
  var words = document.createElement("span");
  words.className = "govuk-visually-hidden";
  words.textContent = "Select all " + rows.length + " figures";
  label.appendChild(words);
  item.appendChild(all);
  item.appendChild(label);
  group.appendChild(item);
  cell.replaceChildren(group);

  function ticked() {
    return rows.filter(function (box) { return box.checked; }).length;
  }
  function show() {
    var count = ticked();
    all.checked = count === rows.length;
    all.indeterminate = count > 0 && count < rows.length;
  }
  all.addEventListener("change", function () {
    rows.forEach(function (box) { box.checked = all.checked; });
    show();
  });
  rows.forEach(function (box) { box.addEventListener("change", show); });
  show();  // the page may come back with some rows ticked (an error kept them)
})();
