// Search over the index the build writes to assets/search-index.js.
//
// Every word of the query must match a word of a record, exactly, as a
// prefix, or (for longer words) with one typing mistake; matches in the
// title count double. Results are built with textContent only, so nothing
// from the index is ever parsed as HTML.
(function () {
  "use strict";
  var records = window.BRIEFING_SEARCH || [];
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!form || !input || !list || !status) return;
  var root = list.dataset.root || "";
  // The words come from the page (briefing.yaml may set them), with
  // English when a theme leaves them out.
  var d = list.dataset;
  var KINDS = {
    claim: d.kindClaim || "Claim", source: d.kindSource || "Source", entity: d.kindEntity || "Name",
    event: d.kindEvent || "Event", point: d.kindPoint || "Case point", page: d.kindPage || "Page"
  };
  var said = status.dataset;
  function fill(word, values) {
    return word.replace(/\{(\w+)\}/g, function (m, name) { return name in values ? values[name] : m; });
  }
  var ORDER = { claim: 0, point: 1, source: 2, entity: 3, event: 4, page: 5 };

  function words(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  // At most one insertion, deletion or substitution apart.
  function nearly(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0, j = 0, edits = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { i++; j++; continue; }
      if (++edits > 1) return false;
      if (a.length > b.length) i++;
      else if (a.length < b.length) j++;
      else { i++; j++; }
    }
    return edits + (a.length - i) + (b.length - j) <= 1;
  }

  function best(term, tokens) {
    var score = 0;
    for (var i = 0; i < tokens.length; i++) {
      var t = tokens[i];
      if (t === term) return 3;
      if (t.indexOf(term) === 0) score = Math.max(score, 2);
      else if (term.length >= 4 && score < 1 && nearly(term, t)) score = 1;
    }
    return score;
  }

  var prepared = records.map(function (r) {
    return { r: r, title: words(r.t), rest: words(r.x) };
  });

  function search(query) {
    var terms = words(query);
    if (!terms.length) return [];
    var hits = [];
    prepared.forEach(function (doc) {
      var total = 0;
      for (var i = 0; i < terms.length; i++) {
        var s = Math.max(2 * best(terms[i], doc.title), best(terms[i], doc.rest));
        if (!s) return;
        total += s;
      }
      hits.push({ doc: doc, score: total });
    });
    hits.sort(function (a, b) {
      return b.score - a.score || ORDER[a.doc.r.k] - ORDER[b.doc.r.k] ||
        a.doc.r.t.localeCompare(b.doc.r.t);
    });
    return hits;
  }

  function show(query) {
    list.textContent = "";
    var hits = search(query);
    if (!query.trim()) { status.textContent = ""; return; }
    status.textContent = hits.length === 0 ? fill(said.none || "Nothing matches \u201c{query}\u201d.", { query: query })
      : hits.length === 1 ? (said.one || "1 result") : fill(said.many || "{count} results", { count: hits.length });
    hits.slice(0, 60).forEach(function (hit) {
      var r = hit.doc.r;
      var li = document.createElement("li");
      li.className = "result result-" + r.k;
      var kind = document.createElement("span");
      kind.className = "result-kind";
      kind.textContent = KINDS[r.k] || r.k;
      var link = document.createElement("a");
      link.href = root + r.p;
      link.textContent = r.t;
      var snippet = document.createElement("p");
      snippet.className = "result-text";
      snippet.textContent = r.x.length > 180 ? r.x.slice(0, 180) + "\u2026" : r.x;
      li.appendChild(kind);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(link);
      li.appendChild(snippet);
      list.appendChild(li);
    });
  }

  var initial = new URLSearchParams(location.search).get("q") || "";
  input.value = initial;
  show(initial);
  input.addEventListener("input", function () {
    show(input.value);
    try {
      history.replaceState(null, "", input.value ? "?q=" + encodeURIComponent(input.value) : location.pathname);
    } catch (e) { /* an address opened from disk may be read-only */ }
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); show(input.value); });
})();
