// Screenshots of the main page kinds, for a person to look at: light and
// dark at desktop width, a 360 px phone, and print (PDF), written to the
// folder given as the first argument (default: target/screenshots).
//
//   npm run screenshots -- ../../target/screenshots
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { launch, PAGES, serve } from "./harness.mjs";

const out = resolve(process.argv[2] || join("..", "..", "target", "screenshots"));
const kinds = ["front", "claims", "claim", "timeline", "bull", "source"];
const variants = [
  { name: "light", options: { viewport: { width: 1280, height: 900 }, colorScheme: "light" } },
  { name: "dark", options: { viewport: { width: 1280, height: 900 }, colorScheme: "dark" } },
  { name: "phone", options: { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true } },
];

await mkdir(out, { recursive: true });
const server = await serve();
const browser = await launch();
let written = 0;
try {
  for (const variant of variants) {
    const context = await browser.newContext(variant.options);
    const page = await context.newPage();
    for (const kind of kinds) {
      await page.goto(server.base + PAGES[kind], { waitUntil: "load" });
      await page.screenshot({ path: join(out, `${kind}-${variant.name}.png`), fullPage: true });
      written += 1;
    }
    await context.close();
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.emulateMedia({ media: "print" });
  for (const kind of kinds) {
    await page.goto(server.base + PAGES[kind], { waitUntil: "load" });
    await page.pdf({ path: join(out, `${kind}-print.pdf`), format: "A4", printBackground: false });
    written += 1;
  }
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
console.log(`screenshots: ${written} files in ${out}`);
