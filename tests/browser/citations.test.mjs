// The bibliographies the site exports, read by the tools their users use:
// Pandoc's citeproc formats a document citing every source and the
// briefing from the .bib and from the .csl.json files without a warning,
// and citation.js (a maintained RIS reader) reads the .ris files to the
// same entries.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Cite, plugins } from '@citation-js/core';
import '@citation-js/plugin-ris';

const here = path.dirname(fileURLToPath(import.meta.url));
const data = path.resolve(here, '../../public/data');
const read = (name) => readFileSync(path.join(data, name), 'utf8');
const sources = JSON.parse(read('sources.csl.json'));
const briefing = JSON.parse(read('briefing.csl.json'));

/** Pandoc's plain-text rendering of a document citing every entry. */
function cite(bibliographies) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cite-'));
  const doc = path.join(dir, 'doc.md');
  const keys = [...sources, ...briefing].map((e) => `@${e.id}`).join('; ');
  writeFileSync(doc, `Everything we read [${keys}].\n`);
  const run = spawnSync(
    'pandoc',
    ['--citeproc', ...bibliographies.map((b) => `--bibliography=${path.join(data, b)}`), '-t', 'plain', doc],
    { encoding: 'utf8' },
  );
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stderr, '', 'pandoc warned');
  return run.stdout;
}

test('the example has sources and an edition to cite', () => {
  assert.ok(sources.length >= 5, `${sources.length} sources`);
  assert.equal(briefing.length, 1);
  assert.ok(briefing[0].edition, JSON.stringify(briefing[0]));
  assert.ok(execFileSync('pandoc', ['--version'], { encoding: 'utf8' }).startsWith('pandoc'));
});

for (const files of [
  ['sources.bib', 'briefing.bib'],
  ['sources.csl.json', 'briefing.csl.json'],
]) {
  test(`pandoc cites every entry of ${files.join(' and ')} without a warning`, () => {
    const text = cite(files);
    // An unresolved citation prints as "(???)" and a warning.
    assert.doesNotMatch(text, /\?\?\?/);
    // Each entry is in the bibliography, by its title's first words.
    // (The style may title-case them and curl their apostrophes.)
    const flat = text.replace(/\s+/g, ' ').replace(/’/g, "'").toLowerCase();
    for (const entry of [...sources, ...briefing]) {
      const start = entry.title.split(/\s+/).slice(0, 3).join(' ');
      assert.ok(flat.includes(start.replace(/’/g, "'").toLowerCase()), `${entry.id}: "${start}" not in:\n${text}`);
    }
  });
}

test('the RIS files read as the same entries', () => {
  assert.ok(plugins.input.has('@ris/file'));
  const ris = new Cite(read('sources.ris'), { forceType: '@ris/file' }).data;
  assert.deepEqual(
    ris.map((e) => e.title),
    sources.map((e) => e.title),
  );
  assert.deepEqual(
    ris.map((e) => e.issued?.['date-parts']?.[0]?.[0]),
    sources.map((e) => e.issued?.['date-parts']?.[0]?.[0]),
  );
  const one = new Cite(read('briefing.ris'), { forceType: '@ris/file' }).data;
  assert.equal(one.length, 1);
  assert.equal(one[0].title, briefing[0].title);
});
