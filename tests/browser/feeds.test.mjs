// The Atom feed, read by a real feed parser: Python's feedparser (Debian's
// python3-feedparser, which .ci/run installs) reads the example's feed.xml
// without complaint, and finds one entry per recorded edition. (That
// feedparser does not read JSON Feed: tests/editions.rs reads both feeds
// with the feed-rs crate.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
// Debian's Python, which has Debian's feedparser (a python3 earlier on
// the PATH, such as pyenv's, may not).
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const editions = readdirSync(path.join(repo, 'content/editions')).filter((f) => /^\d+\.json$/.test(f));

/** What feedparser makes of a feed file: its version, whether it found
 * the file ill-formed, and each entry's title, link and content. */
function parse(file) {
  const script = `
import feedparser, json, sys
d = feedparser.parse(sys.argv[1])
print(json.dumps({
  "version": d.version,
  "bozo": bool(d.bozo),
  "problem": str(d.get("bozo_exception", "")),
  "title": d.feed.get("title"),
  "entries": [{
    "id": e.get("id"),
    "title": e.get("title"),
    "link": e.get("link"),
    "content": (e.get("content") or [{}])[0].get("value", ""),
    "updated": e.get("updated") or e.get("published"),
  } for e in d.entries],
}))
`;
  const run = spawnSync(python, ['-c', script, path.join(repo, 'public', file)], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}

test('the example has recorded editions', () => {
  assert.ok(editions.length >= 1, 'no content/editions/*.json');
});

for (const [file, version] of [['feed.xml', 'atom10']]) {
  test(`feedparser reads ${file} as a well-formed feed with an entry per edition`, () => {
    const feed = parse(file);
    assert.equal(feed.bozo, false, feed.problem);
    assert.equal(feed.version, version);
    assert.ok(feed.title, 'no feed title');
    const own = feed.entries.filter((e) => /(^|\/)editions\/\d+\/$/.test(e.link));
    assert.equal(own.length, editions.length, JSON.stringify(feed.entries.map((e) => e.link)));
    for (const e of own) {
      assert.match(e.title, /^Edition \d+/);
      assert.ok(e.id, `${e.title}: no id`);
      assert.ok(e.updated, `${e.title}: no date`);
    }
    // Every entry has an id, a title and a link; ids are distinct.
    const ids = new Set(feed.entries.map((e) => e.id));
    assert.equal(ids.size, feed.entries.length);
    for (const e of feed.entries) {
      assert.ok(e.title && e.link, JSON.stringify(e));
    }
  });
}
