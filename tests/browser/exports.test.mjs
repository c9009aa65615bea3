// The data exports of the built example validate against the JSON Schemas
// kept in docs/schema/, and agree with each other.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import { SITE } from "./harness.mjs";

const schemas = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..", "docs", "schema");
const json = async (path) => JSON.parse(await readFile(path, "utf8"));

for (const name of ["claims", "timeline", "sources"]) {
  test(`data/${name}.json validates against docs/schema/${name}.schema.json`, async () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    const validate = ajv.compile(await json(join(schemas, `${name}.schema.json`)));
    const data = await json(join(SITE, "data", `${name}.json`));
    const ok = validate(data);
    assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    assert.ok(data.items.length > 0);
  });
}

test("every claim, source and event cited in the exports exists, and each claim page too", async () => {
  const claims = await json(join(SITE, "data", "claims.json"));
  const sources = await json(join(SITE, "data", "sources.json"));
  const timeline = await json(join(SITE, "data", "timeline.json"));
  const claimIds = new Set(claims.items.map((c) => c.id));
  const sourceIds = new Set(sources.items.map((s) => s.id));
  for (const c of claims.items) {
    for (const e of c.evidence) assert.ok(sourceIds.has(e.source), e.source);
    await readFile(join(SITE, c.page));
  }
  for (const s of sources.items) for (const a of s.annotations) assert.ok(claimIds.has(a.claim), a.claim);
  for (const e of timeline.items) {
    for (const c of e.claims) assert.ok(claimIds.has(c), c);
    for (const s of e.sources) assert.ok(sourceIds.has(s), s);
  }
});

test("data/timelinejs.json validates against docs/schema/timelinejs.schema.json and matches the timeline", async () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validate = ajv.compile(await json(join(schemas, "timelinejs.schema.json")));
  const data = await json(join(SITE, "data", "timelinejs.json"));
  assert.ok(validate(data), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  const timeline = await json(join(SITE, "data", "timeline.json"));
  assert.equal(data.events.length, timeline.items.length);
  data.events.forEach((e, i) => {
    const item = timeline.items[i];
    assert.equal(e.start_date.year, Number(item.date.slice(0, 4)));
    assert.equal(e.group, item.expected ? "Expected" : "Happened");
    assert.equal("end_date" in e, item.precision === "quarter");
  });
});

test("data/annotations.jsonld validates against its schema and holds one annotation per quote of a source with a url", async () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validate = ajv.compile(await json(join(schemas, "annotations.schema.json")));
  const data = await json(join(SITE, "data", "annotations.jsonld"));
  assert.ok(validate(data), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  const sources = await json(join(SITE, "data", "sources.json"));
  const quotes = sources.items
    .filter((s) => s.url)
    .flatMap((s) => s.annotations.map((a, i) => ({ s, a, i })));
  assert.ok(quotes.length > 0);
  assert.equal(data.total, quotes.length);
  assert.equal(data.first.items.length, quotes.length);
  data.first.items.forEach((item, n) => {
    const { s, a, i } = quotes[n];
    assert.equal(item.target.source, s.url);
    assert.equal(item.target.selector.exact, a.quote);
    assert.ok(item.id.endsWith(`sources/${s.id}/#quote-${i + 1}`), item.id);
    assert.ok(item.body[0].id.endsWith(`claims/${a.claim}/`), item.body[0].id);
    assert.equal(item.body[1].value, a.stance);
  });
});
