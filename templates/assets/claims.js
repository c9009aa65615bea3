// Filters and sorting for the claims table.
//
// The table is complete without this script; the script only adds the
// filter form (hidden in the HTML until now), sortable column headers, a
// live count, and keeps the state in the address so a filtered view can be
// shared. Everything it reads comes from data attributes on the rows.
//
// A long table is split over pages (`data-rows` on the table names the
// script holding every row). There the filters and sorting work on every
// claim: the first time the reader touches them, that script is loaded and
// a row is made for each claim from the page's own first row, with the
// same cells claims.html renders (tests/browser/site.test.mjs compares the
// two); with the filters cleared, the page shows its own rows again.
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
  var own = Array.prototype.slice.call(tbody.rows);
  own.forEach(function (row, i) { row.dataset.order = String(i); });
  var rows = own;
  // The split table's every row, once loaded; null before.
  var split = table.dataset.rows;
  var all = null;
  var loading = null;
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

  function filtering() {
    var v = values();
    return fields.some(function (name) { return v[name]; }) || sort.key;
  }

  function apply() {
    if (split) {
      var wanted = filtering();
      if (wanted && !all) { loadAll().then(apply); return; }
      rows = wanted ? all : own;
      Array.prototype.forEach.call(document.querySelectorAll("nav.parts, .parts-shown"), function (el) {
        el.hidden = !!wanted;
      });
      tbody.textContent = "";
      rows.forEach(function (row) { tbody.appendChild(row); });
    }
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
    count.textContent = rows === own && split ? ""
      : shown === rows.length
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

  // The split table's rows, from the script the build wrote: a promise.
  function loadAll() {
    if (!loading) {
      loading = new Promise(function (resolve) {
        window.BRIEFING_CLAIMS_TABLE = function (data) {
          all = data.rows.map(function (r, i) { return made(data, r, i); });
          offer(form.elements.entity, data.entities);
          offer(form.elements.source, data.sources);
          resolve();
        };
        var script = document.createElement("script");
        script.src = split;
        script.onerror = function () { loading = null; all = own; resolve(); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  // The choices of a filter the split page leaves empty.
  function offer(select, choices) {
    if (select.options.length > 1) return;
    var value = select.value;
    choices.forEach(function (c) {
      var option = document.createElement("option");
      option.value = c[0];
      option.textContent = c[1];
      select.appendChild(option);
    });
    select.value = value;
  }

  // A row as claims.html renders it, from one of the script's rows:
  // [id, path, statement, topic, status, verdict, supports, qualifies,
  // disputes, sources, figure (raw), figure (shown), names, sources], the
  // names and sources by their place in the script's lists of them.
  function made(data, r, i) {
    var d = table.dataset;
    var row = own[0].cloneNode(true);
    var status = data.statuses[r[4]];
    row.id = r[0];
    row.className = "status-" + status[0];
    row.dataset.status = status[0];
    row.dataset.statusRank = String(status[1]);
    row.dataset.topic = data.topics[r[3]];
    row.dataset.entities = r[12].map(function (k) { return data.entities[k][0] + " "; }).join("");
    row.dataset.sources = r[13].map(function (k) { return data.sources[k][0]; }).join(" ");
    row.dataset.evidence = String(r[6] + r[7] + r[8]);
    row.dataset.sourceCount = String(r[9]);
    row.dataset.figure = r[10] === null ? "" : String(r[10]);
    row.dataset.order = String(i);
    var link = row.cells[0].querySelector("a");
    link.href = (d.root || "") + r[1];
    link.textContent = r[2];
    row.cells[1].textContent = data.topics[r[3]] || "\u2014";
    var cell = row.cells[2];
    cell.textContent = "";
    var badge = document.querySelector(".status-counts .status-" + status[0]);
    if (badge) cell.appendChild(badge.cloneNode(true));
    if (r[5]) {
      var mark = document.createElement("span");
      mark.className = "verdict-mark";
      mark.title = d.verdictTitle || "";
      mark.textContent = d.verdict || "verdict";
      cell.appendChild(document.createTextNode(" "));
      cell.appendChild(mark);
    }
    var counts = row.cells[3].querySelectorAll("span");
    [[d.for, r[6]], [d.qualify, r[7]], [d.against, r[8]]].forEach(function (w, k) {
      if (counts[k]) counts[k].textContent = fill(w[0] || "{count}", { count: w[1] });
    });
    row.cells[4].textContent = String(r[9]);
    row.cells[5].textContent = r[10] === null ? "\u2014" : r[11];
    row.hidden = false;
    return row;
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
  if (split) {
    // Load every row as soon as the reader reaches for a filter, so that
    // the names and sources are there to choose from.
    form.addEventListener("focusin", function () { loadAll(); });
  }
  form.addEventListener("input", function () { apply(); save(); });
  form.addEventListener("change", function () { apply(); save(); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("reset", function () {
    sort.key = "";
    setTimeout(function () { apply(); save(); }, 0);
  });
  var asked = new URLSearchParams(location.search);
  if (split && fields.concat(["sort"]).some(function (name) { return asked.get(name); })) {
    // A shared address with filters: every row first, then its choices.
    loadAll().then(function () { load(); apply(); });
  } else {
    load();
    apply();
  }
})();
