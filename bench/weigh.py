#!/usr/bin/env python3
"""Where a built site's bytes go: by kind of file (the pages of each kind,
the data exports, the search index, the other assets) and, across every
page, by the parts each page repeats (the head's metadata, the masthead,
each quote's evidence line...). Prints two Markdown tables.

Usage: python3 bench/weigh.py PUBLIC
"""
import collections
import os
import re
import sys

site = sys.argv[1]

# Parts of a page, by the markup the default theme gives them. They may
# overlap (a quote's check line is inside its figure); each is counted
# on its own.
PARTS = [
    ("the masthead: title, search box, sections", r'<header class="masthead">.*?</header>'),
    ("a quote's \"Read in context\" link, with its text fragment", r'<a class="in-context".*?</a>'),
    ("a quote's check line (verified, unverified and why)", r'<span class="check[^"]*">.*?</span>\n?'),
    ("citation_* metadata (Zotero, Google Scholar)", r'<meta name="citation_[^>]*>\n?'),
    ("Open Graph metadata", r'<meta property="og:[^>]*>\n?'),
    ("the other head elements (stylesheets, icon, feeds, CSP, referrer)", r'<(?:link [^>]*|meta (?:http-equiv|name="(?:referrer|description|viewport|twitter:card)")[^>]*)>\n?'),
    ("\"Cite this\" blocks", r'<section class="cite-this".*?</section>'),
    ("previous / next links", r'<nav class="pager".*?</nav>'),
    ("breadcrumbs", r'<nav class="breadcrumbs".*?</nav>'),
    ("the footer", r'<footer class="colophon">.*?</footer>'),
    ("schema.org JSON-LD", r'<script type="application/ld\+json">.*?</script>'),
    ("highlighted code blocks", r'<pre class="code".*?</pre>'),
]


def kind_of(rel):
    parts = rel.split("/")
    if rel.endswith(".html"):
        if len(parts) == 1:
            return "pages: front page, 404"
        section = parts[0]
        if "page" in parts[1:-1] and len(parts) >= 4 and parts[-3] == "page":
            owner = "a name's" if section == "entities" and len(parts) > 4 else "list"
            return f"pages: {section} ({owner} pages 2 and on)"
        if len(parts) == 2:
            return f"pages: {section} (list)"
        return f"pages: {section} (one per record)"
    if parts[0] == "data":
        return "data exports (data/)"
    if parts[0] == "assets" and len(parts) > 2 and parts[1] == "search":
        return "search index shards (assets/search/)"
    if parts[0] == "assets":
        return "other assets (styles, scripts, the split table's rows)"
    return "feeds, sitemap, robots"


kinds = collections.Counter()
files = collections.Counter()
parts = collections.Counter()
pages = 0
total = 0
for root, _, names in os.walk(site):
    for name in names:
        path = os.path.join(root, name)
        rel = os.path.relpath(path, site)
        size = os.path.getsize(path)
        total += size
        kind = kind_of(rel)
        kinds[kind] += size
        files[kind] += 1
        if name.endswith(".html"):
            pages += 1
            text = open(path, encoding="utf-8").read()
            for label, pattern in PARTS:
                for m in re.finditer(pattern, text, re.S):
                    parts[label] += len(m.group(0).encode())

print(f"{total / 1e6:,.1f} MB in {sum(files.values()):,} files ({pages:,} pages), not counting folders.\n")
print("| files | count | MB | share |")
print("| --- | ---: | ---: | ---: |")
for kind, size in kinds.most_common():
    print(f"| {kind} | {files[kind]:,} | {size / 1e6:,.1f} | {100 * size / total:.0f}% |")
print("\n| part of the pages | MB | bytes a page |")
print("| --- | ---: | ---: |")
for label, size in parts.most_common():
    print(f"| {label} | {size / 1e6:,.1f} | {size / pages:,.0f} |")
