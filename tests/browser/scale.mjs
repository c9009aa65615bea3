// The benchmark's look at a large built site, from disk, in headless
// Chromium (bench/run.sh runs it on the largest corpus; it is not one of
// the tests `npm test` runs):
//
//   node scale.mjs <public folder>
//
// - what each kind of page loads before the reader does anything: its
//   scripts (files and inline JSON-LD) and the data they load;
// - that the search finds a known claim from file://, from the header box
//   of another page, loading only the shards its words need.
//
// Prints one JSON object; exits non-zero when a check fails.
import { readFile, stat, readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { launch } from "./harness.mjs";

const site = resolve(process.argv[2] || "public");
const url = (p) => pathToFileURL(join(site, p)).href;
const size = async (p) => (await stat(p)).size;

const claims = JSON.parse(await readFile(join(site, "data/claims.json"), "utf8")).items;
const sources = JSON.parse(await readFile(join(site, "data/sources.json"), "utf8")).items;
const known = claims[Math.floor(claims.length * 0.43)];
const entities = (await readdir(join(site, "entities"), { withFileTypes: true }))
  .filter((d) => d.isDirectory() && d.name !== "page").map((d) => d.name);

const pages = {
  front: "index.html",
  claims: "claims/index.html",
  claim: known.page,
  timeline: "timeline/index.html",
  sources: "sources/index.html",
  source: sources[Math.floor(sources.length / 2)].page,
  entities: "entities/index.html",
  entity: `entities/${entities[0]}/index.html`,
  search: "search/index.html",
};

const browser = await launch();
const failures = [];
const report = { pages: {}, search: {} };

// The scripts on the page (those it came with and those its scripts
// added), from disk, and the inline ones (JSON-LD): script and data.
async function loaded(page) {
  const { files, inline } = await page.evaluate(() => ({
    files: Array.from(document.scripts).filter((s) => s.src).map((s) => s.src),
    inline: Array.from(document.scripts).filter((s) => !s.src).reduce((n, s) => n + s.textContent.length, 0),
  }));
  let script = inline;
  for (const f of files) script += await size(new URL(f));
  return { files: files.length, scriptAndData: script };
}

for (const [kind, path] of Object.entries(pages)) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url(path), { waitUntil: "load" });
  const html = await size(join(site, path));
  const { scriptAndData } = await loaded(page);
  report.pages[kind] = { html, scriptAndData };
  if (scriptAndData > 300 * 1024) failures.push(`${kind} loads ${scriptAndData} bytes of script and data`);
  await context.close();
}

{
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url("index.html"), { waitUntil: "load" });
  // Four of the statement's longer words: enough to single it out.
  const words = known.statement.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 4).slice(0, 4);
  await page.locator("#site-q").fill(words.join(" "));
  await page.keyboard.press("Enter");
  await page.waitForURL(/search\/index\.html\?q=/);
  await page.locator("#search-results li").first().waitFor({ timeout: 20000 });
  const hrefs = await page.locator("#search-results li a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  const found = hrefs.some((h) => h.endsWith(known.page));
  const shards = await page.evaluate(() =>
    Array.from(document.querySelectorAll('script[src*="assets/search/"]')).map((s) => s.src));
  let bytes = 0, largest = 0;
  for (const s of shards) {
    const n = await size(new URL(s));
    bytes += n;
    largest = Math.max(largest, n);
  }
  const all = (await readdir(join(site, "assets/search"))).length;
  report.search = { query: words.join(" "), found, shardsLoaded: shards.length, shardsInAll: all, bytesLoaded: bytes, largestShard: largest };
  if (!found) failures.push(`search for "${words.join(" ")}" did not find ${known.page}`);
  // A small index may have fewer shards than a query has words.
  if (all > 20 && shards.length >= all / 2) failures.push(`the search loaded ${shards.length} of ${all} shards`);
  if (largest > 200 * 1024) failures.push(`a shard of ${largest} bytes`);
  await context.close();
}

await browser.close();
report.failures = failures;
console.log(JSON.stringify(report, null, 2));
process.exit(failures.length ? 1 : 0);
