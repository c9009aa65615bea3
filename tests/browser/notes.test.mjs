// Claims cited inline, as a reader sees them on a case page: the notes
// stand in the margin beside their paragraph on a wide screen, under it
// on a phone (with no sideways scrolling), and as numbered notes under it
// in print; they are in the page without JavaScript, and each numbered
// reference has its note.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launch, PAGES, serve } from "./harness.mjs";

let browser;
let server;

before(async () => {
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(server.base + path, { waitUntil: "load" });
  return { page, context };
}

/** Per paragraph that cites claims: where its text and its notes are,
 * and how many numbered references and notes it has. */
function layout(page) {
  return page.$$eval("p.cites", (ps) =>
    ps.map((p) => {
      const box = (el) => {
        const r = el.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      };
      return {
        said: box(p.querySelector(".said")),
        notes: box(p.querySelector(".notes")),
        numbered: p.querySelectorAll(".said a.ref-claim:not(.again)").length,
        noted: p.querySelectorAll(".notes .note").length,
        described: [...p.querySelectorAll(".said a.ref-claim[aria-describedby]")].every((a) =>
          document.getElementById(a.getAttribute("aria-describedby")),
        ),
      };
    }),
  );
}

for (const kind of ["bull", "bear", "front"]) {
  test(`${kind}: margin notes at 1280 px, beside their paragraph`, async () => {
    const { page, context } = await open(PAGES[kind], { viewport: { width: 1280, height: 900 } });
    const paragraphs = await layout(page);
    assert.ok(paragraphs.length > 0, "no paragraph cites a claim");
    for (const p of paragraphs) {
      assert.equal(p.numbered, p.noted, "each numbered reference has its note");
      assert.ok(p.described, "every reference points at a note that exists");
      assert.ok(p.notes.left >= p.said.right, `notes beside the text: ${JSON.stringify(p)}`);
      assert.ok(Math.abs(p.notes.top - p.said.top) < 16, `notes level with the text: ${JSON.stringify(p)}`);
    }
    const wide = await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth);
    assert.ok(wide, "no sideways scrolling at 1280 px");
    await context.close();
  });

  test(`${kind}: notes folded under their paragraph at 360 px, no sideways scrolling`, async () => {
    const { page, context } = await open(PAGES[kind], {
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    for (const p of await layout(page)) {
      assert.ok(p.notes.top >= p.said.bottom - 1, `notes under the text: ${JSON.stringify(p)}`);
      assert.ok(p.notes.right <= 360, `notes inside the screen: ${JSON.stringify(p)}`);
    }
    const fits = await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth);
    assert.ok(fits, "no sideways scrolling at 360 px");
    await context.close();
  });
}

test("without JavaScript the references and their notes are all there", async () => {
  const { page, context } = await open(PAGES.bull, { javaScriptEnabled: false });
  const counts = await page.evaluate(() => ({
    refs: document.querySelectorAll("a.ref-claim").length,
    notes: document.querySelectorAll(".notes .note").length,
  }));
  assert.ok(counts.refs > 10 && counts.notes > 10, JSON.stringify(counts));
  await context.close();
});

test("in print the notes are numbered, under their paragraph", async () => {
  const { page, context } = await open(PAGES.bull, { viewport: { width: 1280, height: 900 } });
  await page.emulateMedia({ media: "print" });
  const paragraphs = await layout(page);
  for (const p of paragraphs) {
    assert.ok(p.notes.top >= p.said.bottom - 1, `notes under the text in print: ${JSON.stringify(p)}`);
  }
  const numbering = await page.evaluate(() => ({
    note: getComputedStyle(document.querySelector(".notes .note"), "::before").content,
    ref: getComputedStyle(
      document.querySelector("a.ref-claim:not(.again) .ref-status"),
      "::after",
    ).content,
  }));
  assert.match(numbering.note, /counter\(note-text\)/);
  assert.match(numbering.ref, /counter\(note\)/);
  const pdf = await page.pdf({ format: "A4" });
  assert.ok(pdf.length > 10_000, "a print of the page");
  await context.close();
});
