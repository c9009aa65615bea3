// The example built with `rows_per_page: 10`, so that its claims table is
// split over pages: opened from disk, the filters still find every claim
// (loading the table's rows only when touched), the rows the script makes
// are the rows claims.html renders, and clearing the filters brings the
// page's own rows back.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launch } from "./harness.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const repo = join(here, "..", "..");
const binary = process.env.BRIEFING || join(repo, "target", "debug", "briefing");
let browser, dir, site, claims;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "briefing-split-"));
  cpSync(join(repo, "content"), join(dir, "content"), { recursive: true });
  appendFileSync(join(dir, "content", "briefing.yaml"), "\nrows_per_page: 10\n");
  execFileSync(binary, ["build", "--root", dir], { stdio: "inherit" });
  site = join(dir, "public");
  claims = JSON.parse(readFileSync(join(site, "data", "claims.json"), "utf8")).items;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const open = async (path) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  await page.goto(pathToFileURL(join(site, path)).href, { waitUntil: "load" });
  return { page, context, problems };
};

// A row's cells and attributes, as a reader and the filters see them.
const describe = (row) => row.evaluate((tr) => ({
  id: tr.id,
  className: tr.className,
  // The figure is a sort key: compared as a number ("80.0" and "80").
  data: { ...tr.dataset, order: undefined, figure: tr.dataset.figure === "" ? "" : Number(tr.dataset.figure) },
  cells: Array.from(tr.cells).map((c) => c.innerHTML.replace(/\s+/g, " ").trim()),
}));

test("the rows are loaded only when a filter is touched, and every claim can be found", async () => {
  const { page, context, problems } = await open("claims/index.html");
  assert.equal(await page.locator("#claims-table tbody tr").count(), 10);
  // The script adds a script element for the rows when it needs them.
  const loaded = () => page.evaluate(() => !!document.querySelector('script[src$="assets/claims-table.js"]'));
  assert.equal(await loaded(), false, "the rows were loaded before the reader did anything");
  // A claim listed on the last page is found from the first.
  const last = claims.length;
  const far = await (async () => {
    const p = await browser.newPage();
    await p.goto(pathToFileURL(join(site, `claims/page/${Math.ceil(last / 10)}/index.html`)).href);
    const id = await p.locator("#claims-table tbody tr").last().getAttribute("id");
    await p.close();
    return claims.find((c) => c.id === id);
  })();
  await page.locator("#f-q").fill(far.statement.split(" ").slice(0, 6).join(" "));
  await page.locator(`#claims-table tbody tr[id="${far.id}"]`).waitFor();
  assert.equal(await loaded(), true);
  assert.equal(await page.locator("nav.parts").isVisible(), false);
  // The names and sources to filter by came with the rows.
  assert.ok((await page.locator("#f-source option").count()) > 1);
  assert.ok((await page.locator("#f-entity option").count()) > 1);
  // By status across all pages: as many rows as claims of that status.
  await page.locator("#f-q").fill("");
  const status = claims[0].status;
  await page.locator("#f-status").selectOption(status);
  const visible = await page.locator("#claims-table tbody tr:visible").count();
  assert.equal(visible, claims.filter((c) => c.status === status).length);
  // Cleared, the page shows its own ten rows and its page links again.
  await page.locator("#f-reset").click();
  await page.waitForFunction(() => document.querySelectorAll("#claims-table tbody tr").length === 10);
  assert.equal(await page.locator("nav.parts").isVisible(), true);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a row the script makes is the row the page renders", async () => {
  const { page, context } = await open("claims/page/2/index.html");
  const rendered = {};
  for (const row of await page.locator("#claims-table tbody tr").all()) {
    const d = await describe(row);
    rendered[d.id] = d;
  }
  // Every row, sorted by statement, comes from the script.
  await page.locator('th[data-sort="statement"] button').click();
  await page.waitForFunction(() => document.querySelectorAll("#claims-table tbody tr").length > 10);
  let compared = 0;
  for (const row of await page.locator("#claims-table tbody tr").all()) {
    const made = await describe(row);
    if (!rendered[made.id]) continue;
    assert.deepEqual(made, rendered[made.id]);
    compared += 1;
  }
  assert.equal(compared, 10);
  await context.close();
});

test("a shared address with a filter opens filtered", async () => {
  const entity = claims.find((c) => c.entities.length).entities[0];
  const { page, context } = await open("claims/page/3/index.html");
  await page.goto(page.url() + `?entity=${entity}`);
  await page.waitForFunction(() => document.querySelector("#f-entity").value !== "");
  const shown = await page.locator("#claims-table tbody tr:visible").count();
  assert.equal(shown, claims.filter((c) => c.entities.includes(entity)).length);
  await context.close();
});
