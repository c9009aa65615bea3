#!/usr/bin/env python3
"""Gives a generated briefing corpus the features the shared corpus lacks,
so that their cost can be measured apart from the comparison with Hugo:

- inline references: each source's digest gains a paragraph that cites its
  first annotated claim, the source before it and an entity, each claim
  without a verdict note gets one citing another claim, and the bottom
  line cites a handful of claims;
- originals: every source gets one (its digest, then each quote as a
  paragraph), one in ten of them a saved web page (HTML around the text)
  rather than plain text;
- editions are made by bench/features.sh with `briefing edition` once the
  content is in place, since only the tool writes them.

Usage: python3 bench/with_features.py CORPUS
"""
import html
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
content = root / "content"
originals = root / "originals"
originals.mkdir(exist_ok=True)

entities = re.findall(r'^- id: "([^"]+)"', (content / "entities.yaml").read_text(), re.M)
sources = sorted((content / "sources").glob("*.md"))
previous = None
for n, path in enumerate(sources):
    text = path.read_text()
    _, front, body = text.split("---\n", 2)
    if re.search(r"^original:", front, re.M):
        previous = path.stem
        continue
    claims = re.findall(r'^\s+- claim: "([^"]+)"', front, re.M)
    quotes = re.findall(r'^\s+quote: "(.*)"$', front, re.M)
    cites = []
    if claims:
        cites.append(f"[[{claims[0]}|the first claim it bears on]]")
    if previous:
        cites.append(f"[[source:{previous}|the source before it]]")
    if entities:
        cites.append(f"[[entity:{entities[n % len(entities)]}]]")
    if cites:
        body = body.rstrip("\n") + "\n\nRead it with " + ", ".join(cites) + ".\n"
    paragraphs = [body] + quotes
    if n % 10 == 0:
        name = f"{path.stem}.html"
        page = "".join(f"<p>{html.escape(p.strip())}</p>\n" for p in paragraphs if p.strip())
        (originals / name).write_text(
            "<!doctype html>\n<html><head><title>"
            + html.escape(path.stem)
            + "</title></head><body><nav><a href=\"/\">Home</a></nav>\n<article>\n"
            + page
            + "</article>\n<footer>Copyright</footer></body></html>\n"
        )
    else:
        name = f"{path.stem}.txt"
        (originals / name).write_text("\n\n".join(paragraphs) + "\n")
    front += f'original: "{name}"\n'
    path.write_text(f"---\n{front}---\n{body}")
    previous = path.stem

# Each claim's verdict note cites the next claim, when the claim has no
# note yet.
claims_path = content / "claims.yaml"
blocks = re.split(r"(?m)^(?=- id: )", claims_path.read_text())
ids = [m.group(1) for b in blocks if (m := re.match(r'- id: "([^"]+)"', b))]
out = []
k = 0
for block in blocks:
    if block.startswith("- id: "):
        nxt = ids[(k + 1) % len(ids)]
        k += 1
        if not re.search(r"^  verdict_note:", block, re.M):
            block = block.rstrip("\n") + f'\n  verdict_note: "Weigh it against [[{nxt}]]."\n'
    out.append(block)
claims_path.write_text("".join(out))

briefing = content / "briefing.yaml"
text = briefing.read_text()
if not re.search(r"^originals:", text, re.M):
    text = text.rstrip("\n") + '\noriginals: "originals"\n'
cited = " ".join(f"[[{c}]]" for c in ids[:8])
text = re.sub(
    r"^bottom_line: \|\n  ",
    "bottom_line: |\n  The evidence: " + cited + ". ",
    text,
    count=1,
    flags=re.M,
)
briefing.write_text(text)
