// `briefing serve` in a browser: an open page reloads itself when a source
// is saved, shows the report over the page when a save breaks the build,
// and reloads clean once it is fixed; the live-reload script breaks no
// Content-Security-Policy rule on the way.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { launch } from "./harness.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const repo = join(here, "..", "..");
const binary = process.env.BRIEFING || join(repo, "target", "debug", "briefing");
let browser;
let dir;
let server;
let base;

function edit(rel, from, to) {
  const path = join(dir, rel);
  const text = readFileSync(path, "utf8");
  assert.ok(text.includes(from), `${from} not in ${rel}`);
  writeFileSync(path, text.replace(from, to));
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "briefing-serve-"));
  cpSync(join(repo, "tests", "fixtures", "minimal"), dir, { recursive: true });
  server = spawn(binary, ["serve", "--port", "0"], { cwd: dir, stdio: ["ignore", "pipe", "ignore"] });
  base = await new Promise((ok, fail) => {
    createInterface({ input: server.stdout }).on("line", (line) => {
      const m = line.match(/^serving the site at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) ok(m[1]);
    });
    server.on("exit", () => fail(new Error("serve exited before serving")));
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill("SIGINT");
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("a saved edit reloads the page; a broken one shows the report", async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(`${base}sources/beta/`);
  assert.match(await page.textContent("main"), /Beta is upbeat/);

  // Saving reloads the page by itself.
  const reloaded = page.waitForEvent("load", { timeout: 5000 });
  edit("content/sources/beta.md", "Beta is upbeat", "Beta is cautiously upbeat");
  await reloaded;
  await page.waitForFunction(() => document.body.textContent.includes("cautiously upbeat"), null, { timeout: 5000 });

  // A broken save: the page stays and the report shows over it.
  edit("content/sources/alpha.md", "stance: supports", "stance: suports");
  const panel = await page.waitForSelector("#briefing-build-error", { timeout: 5000 });
  const report = await panel.textContent();
  assert.match(report, /content\/sources\/alpha\.md:\d+:\d+/);
  assert.match(report, /not a known stance/);
  assert.match(await page.textContent("main"), /cautiously upbeat/);

  // Fixed: the page reloads and the report is gone.
  const again = page.waitForEvent("load", { timeout: 5000 });
  edit("content/sources/alpha.md", "stance: suports", "stance: supports");
  await again;
  await page.waitForLoadState("domcontentloaded");
  assert.equal(await page.$("#briefing-build-error"), null);
  assert.deepEqual(problems, [], "no script or policy errors in the console");
  await page.close();
});
