// Every quote's "Read in context" link carries a text fragment built from
// the quote; Chromium, opening a local copy of the page with that
// fragment, must find the passage and scroll to it (and highlight it).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { launch, serve, SITE } from "./harness.mjs";

let browser;
let site;

before(async () => {
  site = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

const escape = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A stand-in for the source's page: the passage deep inside an article,
 * well below the first screen. */
function copyOf(quote) {
  const filler = Array.from(
    { length: 60 },
    (_, i) => `<p>Paragraph ${i + 1} of the article, which is not the passage quoted.</p>`,
  ).join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Copy</title></head>
<body><article>${filler}
<p>Earlier words of the same paragraph. ${escape(quote)} Later words of it.</p>
${filler}</article></body></html>`;
}

test("each quote's link opens a copy of its source at the passage", async () => {
  const sources = JSON.parse(await readFile(join(SITE, "data", "sources.json"), "utf8")).items;
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  const links = [];
  for (const s of sources) {
    await page.goto(site.base + `sources/${s.id}/index.html`);
    links.push(
      ...(await page.$$eval("figure.quote", (figures) =>
        figures
          .map((f) => ({
            quote: f.querySelector("blockquote")?.textContent ?? "",
            href: f.querySelector("a.in-context")?.getAttribute("href") ?? "",
          }))
          .filter((l) => l.href),
      )),
    );
  }
  assert.ok(links.length > 20, `only ${links.length} quotes with a link`);
  // The quotes cover the directive's own syntax and its long form.
  assert.ok(links.some((l) => l.quote.includes(",")), "a quote with a comma");
  assert.ok(links.some((l) => l.quote.includes("-")), "a quote with a hyphen");
  assert.ok(
    links.some((l) => /#:~:text=[^,]+,[^,]+$/.test(l.href)),
    "a quote long enough for text=start,end",
  );

  // The copies, served from another local origin.
  const copies = createServer((req, res) => {
    const n = Number(new URL(req.url, "http://x").pathname.split("/").pop());
    if (!links[n]) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(copyOf(links[n].quote));
  });
  await new Promise((ok) => copies.listen(0, "127.0.0.1", ok));
  const origin = `http://127.0.0.1:${copies.address().port}`;
  const missed = [];
  try {
    for (const [n, { quote, href }] of links.entries()) {
      const fragment = href.slice(href.indexOf("#"));
      await page.goto(`${origin}/copy/${n}${fragment}`, { waitUntil: "load" });
      // Chromium scrolls to a matched fragment after load.
      const scrolled = await page
        .waitForFunction(() => window.scrollY > 500, null, { timeout: 3000 })
        .then(() => true)
        .catch(() => false);
      if (!scrolled) missed.push(`${quote} <- ${fragment}`);
    }
    if (links.length) {
      await page.screenshot({ path: join(process.env.SHOTS || "/tmp", "fragment-highlight.png") });
    }
  } finally {
    await new Promise((ok) => copies.close(ok));
    await context.close();
  }
  assert.deepEqual(missed, []);
});
