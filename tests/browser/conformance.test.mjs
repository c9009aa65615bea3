// The built example against two outside judges: the Nu Html Checker
// (vnu-jar, the W3C validator's engine) on every page, and Lighthouse on
// one page of each main kind, served by a plain static server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { CHROMIUM, CHROMIUM_FLAGS, PAGES, SITE, serve } from "./harness.mjs";

const require = createRequire(import.meta.url);

test("the Nu Html Checker finds no error on any page", async () => {
  const jar = require.resolve("vnu-jar/build/dist/vnu.jar");
  // vnu exits non-zero when it finds errors; the report is on stderr.
  const run = await promisify(execFile)(
    "java",
    ["-jar", jar, "--errors-only", "--format", "json", "--skip-non-html", SITE],
    { maxBuffer: 64 * 1024 * 1024 },
  ).catch((e) => e);
  const report = JSON.parse(run.stderr || '{"messages":[]}');
  const errors = report.messages.filter((m) => m.type === "error" || m.subType === "fatal");
  const shown = errors
    .slice(0, 20)
    .map((m) => `${m.url.replace(/^.*\/public\//, "")}:${m.lastLine}: ${m.message}`);
  assert.deepEqual(shown, [], `${errors.length} errors`);
});

// Lighthouse's performance score reads a simulated slow phone on a slow
// network; the others are pass or fail audits.
const KINDS = ["front", "claims", "claim", "timeline", "bull", "source"];

test("Lighthouse: accessibility, best practices and SEO 100, performance 95 or more", async (t) => {
  const site = await serve();
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ["--headless=new", ...CHROMIUM_FLAGS],
  });
  try {
    for (const kind of KINDS) {
      await t.test(kind, async () => {
        const url = site.base + PAGES[kind];
        const { lhr } = await lighthouse(url, {
          port: chrome.port,
          logLevel: "error",
          output: "json",
          onlyCategories: ["performance", "accessibility", "best-practices", "seo"],
        });
        const scores = Object.fromEntries(
          Object.entries(lhr.categories).map(([k, c]) => [k, Math.round(c.score * 100)]),
        );
        const failing = Object.values(lhr.audits)
          .filter((a) => a.scoreDisplayMode === "binary" && a.score === 0)
          .map((a) => `${a.id}: ${a.title}`);
        const why = `${url}: ${JSON.stringify(scores)}; failing: ${failing.join("; ")}`;
        assert.equal(scores.accessibility, 100, why);
        assert.equal(scores["best-practices"], 100, why);
        assert.equal(scores.seo, 100, why);
        assert.ok(scores.performance >= 95, why);
      });
    }
  } finally {
    await chrome.kill();
    await site.close();
  }
});
