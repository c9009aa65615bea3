// A briefing laced with script payloads in every field must build into
// pages where the browser runs none of them. The fixture's payloads all try
// to set window.__xss; some would also open a dialog or fetch an image.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "./harness.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const repo = join(here, "..", "..");
const binary = process.env.BRIEFING || join(repo, "target", "debug", "briefing");
let browser;
let out;

before(async () => {
  out = mkdtempSync(join(tmpdir(), "briefing-xss-"));
  execFileSync(binary, ["build", "--root", join(repo, "tests", "fixtures", "xss"), "--out", join(out, "site")], {
    stdio: "inherit",
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

function pages(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return pages(path);
    return name.endsWith(".html") ? [path] : [];
  });
}

test("no injected script runs on any page", async () => {
  const site = join(out, "site");
  const all = pages(site);
  assert.equal(all.length, 15, "every page of the fixture");
  const context = await browser.newContext();
  const page = await context.newPage();
  const fired = [];
  page.on("dialog", async (d) => {
    fired.push(`dialog: ${d.message()}`);
    await d.dismiss();
  });
  page.on("request", (req) => {
    if (!req.url().startsWith("file://")) fired.push(`request: ${req.url()}`);
  });
  for (const path of all) {
    await page.goto("file://" + path, { waitUntil: "load" });
    const flag = await page.evaluate(() => window.__xss);
    if (flag !== undefined) fired.push(`${relative(site, path)} ran a payload`);
    // The policy would stop a payload that got through as markup, so look
    // for the markup itself too: escaping is the first line of defence.
    const injected = await page.evaluate(() =>
      [...document.querySelectorAll("main script, iframe, object, embed, style, [onerror], [onload], img[src='x']")].map(
        (el) => el.outerHTML.slice(0, 80),
      ),
    );
    for (const el of injected) fired.push(`${relative(site, path)} carries ${el}`);
    // Following every link must not run script either (javascript: URLs).
    const hrefs = await page.locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    for (const href of hrefs) {
      if (/^\s*javascript:/i.test(href)) fired.push(`${relative(site, path)} links to ${href}`);
    }
  }
  // The search results are built from the index with the same payloads.
  await page.goto("file://" + join(site, "search", "index.html") + "?q=script", { waitUntil: "load" });
  await page.locator("#search-results li").first().waitFor();
  assert.equal(await page.evaluate(() => window.__xss), undefined, "search results ran a payload");
  await context.close();
  assert.deepEqual(fired, []);
});
