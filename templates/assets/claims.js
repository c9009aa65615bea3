// Filters and sorting for the claims table.
//
// The table is complete without this script; the script only adds the
// filter form (hidden in the HTML until now), sortable column headers, a
// live count, and keeps the state in the address so a filtered view can be
// shared. Everything it reads comes from data attributes on the rows.
(function () {
  "use strict";
  var form = document.getElementById("claim-filters");
  var table = document.getElementById("claims-table");
  var count = document.getElementById("claim-count");
  if (!form || !table || !count) return;
  // The count's words come from the page (briefing.yaml may set them).
  function fill(word, values) {
    return word.replace(/\{(\w+)\}/g, function (m, name) { return name in values ? values[name] : m; });
  }

  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  rows.forEach(function (row, i) { row.dataset.order = String(i); });
  var fields = ["q", "status", "topic", "entity", "source"];
  var sort = { key: "", dir: "asc" };

  function text(row) {
    return (row.cells[0].textContent + " " + row.dataset.topic + " " + row.id).toLowerCase();
  }

  function sortValue(row, key) {
    switch (key) {
      case "statement": return row.cells[0].textContent.trim().toLowerCase();
      case "topic": return row.dataset.topic.toLowerCase();
      case "status": return Number(row.dataset.statusRank);
      case "evidence": return Number(row.dataset.evidence);
      case "sources": return Number(row.dataset.sourceCount);
      case "figure": return row.dataset.figure === "" ? null : Number(row.dataset.figure);
      default: return Number(row.dataset.order);
    }
  }

  function compare(a, b) {
    var x = sortValue(a, sort.key);
    var y = sortValue(b, sort.key);
    // Rows without a value go last whatever the direction.
    if (x === null || y === null) {
      if (x === y) return Number(a.dataset.order) - Number(b.dataset.order);
      return x === null ? 1 : -1;
    }
    var order = x < y ? -1 : x > y ? 1 : 0;
    if (order === 0) return Number(a.dataset.order) - Number(b.dataset.order);
    return sort.dir === "desc" ? -order : order;
  }

  function values() {
    var v = {};
    fields.forEach(function (name) { v[name] = form.elements[name].value.trim(); });
    return v;
  }

  function apply() {
    var v = values();
    var words = v.q.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!v.status || row.dataset.status === v.status) &&
        (!v.topic || row.dataset.topic === v.topic) &&
        (!v.entity || (" " + row.dataset.entities + " ").indexOf(" " + v.entity + " ") >= 0) &&
        (!v.source || (" " + row.dataset.sources + " ").indexOf(" " + v.source + " ") >= 0) &&
        words.every(function (w) { return text(row).indexOf(w) >= 0; });
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    var sorted = rows.slice().sort(compare);
    sorted.forEach(function (row) { tbody.appendChild(row); });
    count.textContent = shown === rows.length
      ? fill(count.dataset.all || "All {count} claims", { count: rows.length })
      : fill(count.dataset.some || "{shown} of {count} claims", { shown: shown, count: rows.length });
    headers.forEach(function (th) {
      var key = th.dataset.sort;
      if (key === sort.key) {
        th.setAttribute("aria-sort", sort.dir === "asc" ? "ascending" : "descending");
      } else {
        th.removeAttribute("aria-sort");
      }
    });
  }

  function save() {
    var params = new URLSearchParams(location.search);
    var v = values();
    fields.forEach(function (name) {
      if (v[name]) params.set(name, v[name]); else params.delete(name);
    });
    if (sort.key) { params.set("sort", sort.key); params.set("dir", sort.dir); }
    else { params.delete("sort"); params.delete("dir"); }
    var query = params.toString();
    try {
      history.replaceState(null, "", (query ? "?" + query : location.pathname) + location.hash);
    } catch (e) {
      // Some browsers refuse to change the address of a file opened from
      // disk; the filters still work, only the address stays as it was.
    }
  }

  function load() {
    var params = new URLSearchParams(location.search);
    fields.forEach(function (name) {
      var value = params.get(name);
      if (value === null) return;
      var el = form.elements[name];
      if (el.tagName === "SELECT" && !Array.prototype.some.call(el.options, function (o) { return o.value === value; })) return;
      el.value = value;
    });
    var key = params.get("sort");
    if (key && headers.some(function (th) { return th.dataset.sort === key; })) {
      sort.key = key;
      sort.dir = params.get("dir") === "desc" ? "desc" : "asc";
    }
  }

  // Column headers become buttons: one press sorts ascending, the next
  // descending, the third restores the briefing's own order.
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells).filter(function (th) {
    return th.dataset.sort;
  });
  headers.forEach(function (th) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.textContent = th.textContent;
    var hint = document.createElement("span");
    hint.className = "visually-hidden";
    hint.textContent = ", sort";
    button.appendChild(hint);
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () {
      var key = th.dataset.sort;
      if (sort.key !== key) { sort.key = key; sort.dir = "asc"; }
      else if (sort.dir === "asc") { sort.dir = "desc"; }
      else { sort.key = ""; sort.dir = "asc"; }
      apply();
      save();
    });
  });

  form.hidden = false;
  form.addEventListener("input", function () { apply(); save(); });
  form.addEventListener("change", function () { apply(); save(); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("reset", function () {
    sort.key = "";
    setTimeout(function () { apply(); save(); }, 0);
  });
  load();
  apply();
})();
