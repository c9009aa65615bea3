// The print edition (/print/): the whole briefing on one page, printed by
// headless Chromium to PDF on A4 and on Letter paper. Every claim is in it
// once, with no navigation, and every link points inside the document.
// The PDF's text is read with Poppler's pdftotext (Debian's poppler-utils,
// which .ci/run installs).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SITE, launch } from './harness.mjs';

const claims = JSON.parse(readFileSync(path.join(SITE, 'data/claims.json'), 'utf8')).items;
const file = pathToFileURL(path.join(SITE, 'print/index.html')).href;

test('the print page holds every claim once, no navigation, and links only inside itself', async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(file);
    assert.equal(await page.locator('.print-claim').count(), claims.length);
    for (const c of claims) {
      assert.equal(await page.locator(`[id="claim-${c.id}"]`).count(), 1, c.id);
    }
    for (const chrome of ['.masthead', '.site-search', '.pager', '.colophon', '.skip-link', '.breadcrumbs']) {
      assert.equal(await page.locator(chrome).count(), 0, chrome);
    }
    const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')));
    assert.ok(hrefs.length > claims.length, `${hrefs.length} links`);
    for (const href of hrefs) {
      if (/^(https?:|mailto:)/.test(href)) continue;
      assert.ok(href.startsWith('#'), `a link out of the document: ${href}`);
      assert.equal(await page.locator(`[id="${href.slice(1)}"]`).count(), 1, `no target for ${href}`);
    }
    const ids = await page.$$eval('[id]', (els) => els.map((e) => e.id));
    assert.equal(new Set(ids).size, ids.length, 'an id is used twice');
  } finally {
    await browser.close();
  }
});

for (const format of ['A4', 'Letter']) {
  test(`printed to PDF on ${format}, every claim is in it once`, async () => {
    const browser = await launch();
    try {
      const page = await browser.newPage();
      await page.goto(file);
      const pdf = path.join(mkdtempSync(path.join(tmpdir(), 'print-')), `${format}.pdf`);
      await page.pdf({ path: pdf, format, printBackground: true });
      const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
      const pages = Number(/Pages:\s+(\d+)/.exec(info)[1]);
      assert.ok(pages >= 8, `${pages} pages`);
      const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
      const [w, h] = [Number(size[1]), Number(size[2])];
      // A4 is 595.3 x 841.9 points, Letter 612 x 792 (Chromium rounds to
      // its own units, within a point or two).
      const [ew, eh] = format === 'A4' ? [595.3, 841.9] : [612, 792];
      assert.ok(Math.abs(w - ew) < 2 && Math.abs(h - eh) < 2, `${w} x ${h} pts for ${format}`);
      const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      for (let n = 1; n <= claims.length; n++) {
        const found = text.match(new RegExp(`Claim C${n}:`, 'g')) || [];
        assert.equal(found.length, 1, `Claim C${n}: found ${found.length} times`);
      }
      assert.doesNotMatch(text, new RegExp(`Claim C${claims.length + 1}:`));
      for (const chrome of ['Skip to content', 'Search claims, sources', 'Previous and next']) {
        assert.ok(!text.includes(chrome), `navigation in the PDF: ${chrome}`);
      }
    } finally {
      await browser.close();
    }
  });
}
