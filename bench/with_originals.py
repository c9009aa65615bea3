#!/usr/bin/env python3
"""Gives every source of a generated briefing corpus an original text, so
that quote checks can be measured: writes originals/<id>.txt (the source's
digest followed by each of its quotes as a paragraph), names it in the
source's front-matter and names the folder in briefing.yaml.

Usage: python3 bench/with_originals.py CORPUS
"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
content = root / "content"
originals = root / "originals"
originals.mkdir(exist_ok=True)
for path in sorted((content / "sources").glob("*.md")):
    text = path.read_text()
    _, front, body = text.split("---\n", 2)
    if re.search(r"^original:", front, re.M):
        continue
    quotes = re.findall(r'^\s+quote: "(.*)"$', front, re.M)
    (originals / f"{path.stem}.txt").write_text(body + "\n\n" + "\n\n".join(quotes) + "\n")
    front += f'original: "{path.stem}.txt"\n'
    path.write_text(f"---\n{front}---\n{body}")
briefing = content / "briefing.yaml"
text = briefing.read_text()
if not re.search(r"^originals:", text, re.M):
    briefing.write_text(text.rstrip("\n") + '\noriginals: "originals"\n')
