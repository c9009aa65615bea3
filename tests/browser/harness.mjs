// Shared set-up for the browser tests and the screenshot script: a static
// server for the built site under a sub-path (as a real host would serve
// it), and Debian's Chromium started quietly, with no network but loopback.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = fileURLToPath(new URL(".", import.meta.url));
export const SITE = resolve(process.env.SITE_DIR || join(here, "..", "..", "public"));
export const PREFIX = "/briefing/";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
};

/** Serves SITE at http://127.0.0.1:<port>/briefing/ and returns its base URL. */
export async function serve() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://localhost");
    if (!url.pathname.startsWith(PREFIX)) {
      res.writeHead(404).end("outside the site");
      return;
    }
    let path = normalize(join(SITE, decodeURIComponent(url.pathname.slice(PREFIX.length))));
    if (path !== SITE && !path.startsWith(SITE + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(path)).isDirectory()) path = join(path, "index.html");
      const body = await readFile(path);
      res.writeHead(200, { "content-type": TYPES[extname(path)] || "application/octet-stream" });
      res.end(body);
    } catch {
      const body = await readFile(join(SITE, "404.html")).catch(() => "not found");
      res.writeHead(404, { "content-type": TYPES[".html"] }).end(body);
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const base = `http://127.0.0.1:${server.address().port}${PREFIX}`;
  return { base, close: () => new Promise((ok) => server.close(ok)) };
}

/** Debian's Chromium, and the flags that keep it off the network. */
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/** Chromium, headless, for Playwright. */
export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}

/** One page of each kind, by path from the site root. */
export const PAGES = {
  front: "index.html",
  timeline: "timeline/index.html",
  claims: "claims/index.html",
  claim: "claims/chips-run-rate-hundreds-of-billions/index.html",
  bull: "bull/index.html",
  bear: "bear/index.html",
  sources: "sources/index.html",
  source: "sources/bleuken/index.html",
  entities: "entities/index.html",
  entity: "entities/amazon/index.html",
  page: "pages/methodology/index.html",
  search: "search/index.html",
  notFound: "404.html",
};
