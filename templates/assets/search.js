// Search over the index the build writes: assets/search-index.js, a small
// manifest every search page loads, and shards under assets/search/ that a
// query loads as it needs them, by adding script elements. (Browsers refuse
// fetch for pages opened from disk; a script loads from disk and from any
// host alike.)
//
// Every word of the query must match a word of a record: exactly, as a
// prefix (words of three letters or more), or with one typing mistake after
// the third letter (words of four letters or more); matches in the title
// count double. The first three letters of a word choose the term shards it
// loads; the records a result shows come from record shards. Results are
// built with textContent only, so nothing from the index is ever parsed as
// HTML.
(function () {
  "use strict";
  var index = window.BRIEFING_SEARCH || { terms: [], per_shard: 64, prefix: 3 };
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!form || !input || !list || !status) return;
  var root = list.dataset.root || "";
  var base = root + "assets/search/";
  var SHOWN = 60;
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

  // The same cut as the build's (src/render/search.rs, `words`).
  function words(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .split(/[^\p{Alphabetic}\p{N}]+/u).filter(Boolean);
  }

  // Shards, loaded once each. A shard's script calls back with its data.
  var loading = {};
  var waiting = {};
  window.BRIEFING_SEARCH_SHARD = function (name, data) {
    var done = waiting[name];
    delete waiting[name];
    if (done) done(data);
  };
  function load(name) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve) {
        waiting[name] = resolve;
        var script = document.createElement("script");
        script.src = base + name + ".js";
        script.onerror = function () {
          // Missing (a site half copied?): nothing found there, tried again
          // by the next query.
          delete loading[name];
          delete waiting[name];
          resolve(null);
        };
        document.head.appendChild(script);
      });
    }
    return loading[name];
  }

  // The term shard a word would be in: the last whose first term is not
  // after it (the build cuts them in this same order).
  var firsts = index.terms;
  function shardOf(word) {
    var lo = 0, hi = firsts.length - 1, at = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (firsts[mid] <= word) { at = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return at;
  }
  // Every term shard that may hold a word starting with `prefix`.
  function shardsFrom(prefix) {
    var first = shardOf(prefix), end = prefix + "\uffff", all = [first];
    for (var i = first + 1; i < firsts.length && firsts[i] < end; i++) all.push(i);
    return all;
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

  // Postings are differences; each is 2 x record, plus 1 in a title.
  function credit(scores, postings, score) {
    var p = 0;
    for (var i = 0; i < postings.length; i++) {
      p += postings[i];
      var s = p & 1 ? 2 * score : score, id = p >> 1;
      if (!(scores.get(id) >= s)) scores.set(id, s);
    }
  }

  // The records one query word matches, with their best score.
  function match(word) {
    var chars = Array.from(word);
    var short = chars.length < index.prefix;
    var prefix = short ? word : chars.slice(0, index.prefix).join("");
    var names = (short ? [shardOf(word)] : shardsFrom(prefix)).map(function (i) { return "t" + i; });
    return Promise.all(names.map(load)).then(function (shards) {
      var scores = new Map();
      shards.forEach(function (terms) {
        if (!terms) return;
        if (short) {
          if (Object.prototype.hasOwnProperty.call(terms, word)) credit(scores, terms[word], 3);
          return;
        }
        for (var term in terms) {
          if (term.lastIndexOf(prefix, 0) !== 0) continue;
          var s = term === word ? 3 : term.lastIndexOf(word, 0) === 0 ? 2 : chars.length >= 4 && nearly(word, term) ? 1 : 0;
          if (s) credit(scores, terms[term], s);
        }
      });
      return scores;
    });
  }

  // Records matching every word, best first; equal scores in the build's
  // order (kind, then title).
  function search(query) {
    var terms = words(query);
    if (!terms.length) return Promise.resolve([]);
    return Promise.all(terms.map(match)).then(function (maps) {
      maps.sort(function (a, b) { return a.size - b.size; });
      var hits = [];
      maps[0].forEach(function (score, id) {
        var total = score;
        for (var i = 1; i < maps.length; i++) {
          var s = maps[i].get(id);
          if (!s) return;
          total += s;
        }
        hits.push({ id: id, score: total });
      });
      hits.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
      return hits;
    });
  }

  // The records the hits shown stand for, from their record shards.
  function records(hits) {
    var per = index.per_shard, names = [];
    hits.forEach(function (hit) {
      var name = "d" + Math.floor(hit.id / per);
      if (names.indexOf(name) < 0) names.push(name);
    });
    return Promise.all(names.map(load)).then(function (shards) {
      return hits.map(function (hit) {
        var shard = shards[names.indexOf("d" + Math.floor(hit.id / per))];
        return shard && shard[hit.id % per];
      }).filter(Boolean);
    });
  }

  function render(query, count, found) {
    list.textContent = "";
    status.textContent = count === 0 ? fill(said.none || "Nothing matches \u201c{query}\u201d.", { query: query })
      : count === 1 ? (said.one || "1 result") : fill(said.many || "{count} results", { count: count });
    found.forEach(function (r) {
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
      snippet.textContent = r.x;
      li.appendChild(kind);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(link);
      li.appendChild(snippet);
      list.appendChild(li);
    });
  }

  // Only the latest query is shown: an earlier one whose shards arrive
  // later is dropped.
  var latest = 0;
  function show(query) {
    var asked = ++latest;
    if (!query.trim()) {
      list.textContent = "";
      status.textContent = "";
      list.removeAttribute("aria-busy");
      return;
    }
    list.setAttribute("aria-busy", "true");
    search(query).then(function (hits) {
      if (asked !== latest) return null;
      return records(hits.slice(0, SHOWN)).then(function (found) {
        if (asked !== latest) return;
        render(query, hits.length, found);
        list.removeAttribute("aria-busy");
      });
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
