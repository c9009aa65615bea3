// The built example briefing, read in headless Chromium as a reader would:
// every page kind loads cleanly and passes axe-core at WCAG 2.2 AA, fits a
// 360 px phone, works without JavaScript and from disk; the claims filters,
// sorting and search work by mouse and keyboard.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { launch, PAGES, serve, SITE } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");

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

/** Opens `path` and records console errors, failed requests and any request
 * that leaves the local server. */
async function open(path, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`script error: ${err.message}`));
  page.on("requestfailed", (req) => {
    const why = req.failure()?.errorText;
    // Dropped by the browser because the test moved on to another page
    // (the icon is fetched after the load event): not the site's failure,
    // and a missing file still shows as a 404 response below.
    if (why === "net::ERR_ABORTED") return;
    problems.push(`failed: ${req.url()} ${why}`);
  });
  page.on("request", (req) => {
    const url = req.url();
    if (!url.startsWith(server.base) && !url.startsWith("file://") && !url.startsWith("data:")) {
      problems.push(`request to another host: ${url}`);
    }
  });
  page.on("response", (res) => {
    if (res.status() >= 400 && !res.url().endsWith("/no-such-page/")) {
      problems.push(`HTTP ${res.status()}: ${res.url()}`);
    }
  });
  const url = path.startsWith("file:") ? path : server.base + path;
  await page.goto(url, { waitUntil: "load" });
  return { page, context, problems };
}

async function axe(page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")}: ${n.failureSummary}`),
    }));
  });
}

describe("every page kind", () => {
  for (const [kind, path] of Object.entries(PAGES)) {
    test(`${kind} loads under its Content-Security-Policy with no error or outside request`, async () => {
      const { page, context, problems } = await open(path);
      assert.deepEqual(problems, []);
      assert.ok((await page.title()).length > 0, "no title");
      assert.equal(await page.locator("main h1").count(), 1, "one h1 in main");
      const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
      assert.match(csp, /default-src 'none'/);
      await context.close();
    });

    // axe is injected as an inline script, which the pages' policy forbids:
    // these contexts bypass the policy for the audit only.
    test(`${kind} passes axe`, async () => {
      const { page, context } = await open(path, { bypassCSP: true });
      assert.deepEqual(await axe(page), []);
      await context.close();
    });

    test(`${kind} passes axe in dark mode`, async () => {
      const { page, context } = await open(path, { colorScheme: "dark", bypassCSP: true });
      assert.deepEqual(await axe(page), []);
      await context.close();
    });

    test(`${kind} fits a 360 px screen without sideways scrolling`, async () => {
      const { page, context } = await open(path, { viewport: { width: 360, height: 740 } });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${overflow}px of horizontal scroll`);
      await context.close();
    });
  }
});

describe("claims table", () => {
  test("filters by status with the mouse, updating the count and the address", async () => {
    const { page, context, problems } = await open(PAGES.claims);
    const rows = page.locator("#claims-table tbody tr");
    const total = await rows.count();
    await assert.doesNotReject(page.locator("#claim-filters").waitFor({ state: "visible" }));
    await page.selectOption("#f-status", "likely-error");
    const visible = page.locator("#claims-table tbody tr:not([hidden])");
    const shown = await visible.count();
    assert.ok(shown > 0 && shown < total, `${shown} of ${total}`);
    for (const status of await visible.evaluateAll((trs) => trs.map((tr) => tr.dataset.status))) {
      assert.equal(status, "likely-error");
    }
    assert.equal(await page.locator("#claim-count").textContent(), `${shown} of ${total} claims`);
    assert.match(page.url(), /[?&]status=likely-error/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("filters by keyboard: text, topic and entity, and a reload keeps the state", async () => {
    const { page, context } = await open(PAGES.claims);
    await page.locator("#f-q").focus();
    await page.keyboard.type("nvidia");
    await page.keyboard.press("Tab");
    const afterText = await page.locator("#claims-table tbody tr:not([hidden])").count();
    assert.ok(afterText > 0);
    for (const text of await page.locator("#claims-table tbody tr:not([hidden])").allTextContents()) {
      assert.match(text.toLowerCase(), /nvidia/);
    }
    // Keyboard choice of an entity in its select.
    await page.locator("#f-entity").focus();
    await page.keyboard.press("ArrowDown");
    const entity = await page.locator("#f-entity").inputValue();
    assert.notEqual(entity, "");
    assert.match(page.url(), new RegExp(`entity=${entity}`));
    assert.match(page.url(), /q=nvidia/);
    for (const ids of await page
      .locator("#claims-table tbody tr:not([hidden])")
      .evaluateAll((trs) => trs.map((tr) => tr.dataset.entities))) {
      assert.ok(ids.split(" ").includes(entity), ids);
    }
    const url = page.url();
    const count = await page.locator("#claim-count").textContent();
    await page.goto(url);
    assert.equal(await page.locator("#f-q").inputValue(), "nvidia");
    assert.equal(await page.locator("#claim-count").textContent(), count);
    await context.close();
  });

  test("sorts by any column with mouse and keyboard", async () => {
    const { page, context } = await open(PAGES.claims);
    const header = page.locator("th[data-sort=sources]");
    await header.locator("button").click();
    assert.equal(await header.getAttribute("aria-sort"), "ascending");
    let counts = await page.locator("#claims-table tbody tr").evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.sourceCount)));
    assert.deepEqual(counts, [...counts].sort((a, b) => a - b));
    await header.locator("button").focus();
    await page.keyboard.press("Enter");
    assert.equal(await header.getAttribute("aria-sort"), "descending");
    counts = await page.locator("#claims-table tbody tr").evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.sourceCount)));
    assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
    assert.match(page.url(), /sort=sources&dir=desc/);
    const statement = page.locator("th[data-sort=statement] button");
    await statement.focus();
    await page.keyboard.press("Space");
    const texts = (await page.locator("#claims-table tbody th").allTextContents()).map((t) => t.trim().toLowerCase());
    assert.deepEqual(texts, [...texts].sort());
    await context.close();
  });
});

describe("search", () => {
  test("finds a known claim from the header box on another page", async () => {
    const { page, context, problems } = await open(PAGES.front);
    await page.locator("#site-q").fill("DeSantis Bloomberg");
    await page.keyboard.press("Enter");
    await page.waitForURL(/search\/index\.html\?q=/);
    const first = page.locator("#search-results li a").first();
    await first.waitFor();
    const hrefs = await page.locator("#search-results li a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    assert.ok(hrefs.includes("../claims/desantis-disclosed-talks/index.html"), hrefs.join("\n"));
    await page.locator('#search-results a[href="../claims/desantis-disclosed-talks/index.html"]').click();
    await page.waitForURL(/claims\/desantis-disclosed-talks/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("tolerates a typo and reports when nothing matches", async () => {
    const { page, context } = await open(PAGES.search);
    await page.locator("#search-q").fill("Trainum");
    await page.locator("#search-results li").first().waitFor();
    await page.locator("#search-q").fill("zzqxv");
    await page.locator("#search-status", { hasText: /Nothing matches/ }).waitFor();
    assert.equal(await page.locator("#search-results li").count(), 0);
    await context.close();
  });
});

describe("without JavaScript", () => {
  test("every claim, event and point is on the page", async () => {
    const html = (p) => readFile(join(SITE, p), "utf8");
    const claimCount = JSON.parse(await html("data/claims.json")).items.length;
    const { page, context } = await open(PAGES.claims, { javaScriptEnabled: false });
    assert.equal(await page.locator("#claims-table tbody tr:visible").count(), claimCount);
    assert.equal(await page.locator("#claim-filters").isVisible(), false);
    await page.goto(server.base + PAGES.timeline);
    const events = JSON.parse(await html("data/timeline.json")).items.length;
    assert.equal(await page.locator("ol.timeline > li.event:visible").count(), events);
    for (const side of ["bull", "bear"]) {
      await page.goto(server.base + PAGES[side]);
      assert.ok((await page.locator("li.point:visible").count()) >= 6);
    }
    await context.close();
  });
});

describe("opened from disk", () => {
  test("pages load and link to each other over file://", async () => {
    const front = pathToFileURL(join(SITE, "index.html")).href;
    const { page, context, problems } = await open(front);
    await page.locator("nav a", { hasText: "Claims" }).click();
    await page.waitForURL(/claims\/index\.html/);
    assert.ok((await page.locator("#claims-table tbody tr").count()) > 30);
    await page.locator("#claims-table tbody th a").first().click();
    await page.waitForURL(/claims\/[a-z0-9-]+\/index\.html/);
    assert.equal(await page.locator("link[rel=stylesheet]").count(), 2);
    const styled = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    assert.match(styled, /system-ui/);
    assert.deepEqual(problems, []);
    await context.close();
  });
});

// Claims cited inline, as a reader sees them on a case page: the notes
// stand in the margin beside their paragraph on a wide screen, under it
// on a phone (with no sideways scrolling), and as numbered notes under it
// in print; they are in the page without JavaScript, and each numbered
// reference has its note.
describe("inline references", () => {
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
});
