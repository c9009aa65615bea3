#!/usr/bin/env python3
"""Time and peak memory of a build on each resource bomb.

Each bomb is the minimal test fixture with one hostile change, as the
guards in tests/hostile.rs make them; this script measures what the guards
only bound. It runs the release binary under /usr/bin/time and prints a
Markdown table for docs/RELIABILITY.md.

    cargo build --release
    python3 bench/bombs.py
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(REPO, "target", "release", "briefing")


def project(root):
    shutil.copytree(os.path.join(REPO, "tests", "fixtures", "minimal"), root, dirs_exist_ok=True)
    shutil.copytree(os.path.join(REPO, "templates"), os.path.join(root, "templates"))


def replace(root, rel, old, new):
    path = os.path.join(root, rel)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    assert old in text, f"{old!r} not in {rel}"
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new, 1))


def append(root, rel, more):
    with open(os.path.join(root, rel), "a", encoding="utf-8") as f:
        f.write(more)


def yaml_fan_out(root):
    big = "x" * (1024 * 1024)
    replace(root, "content/claims.yaml", "  topic: supply\n",
            f'  topic: supply\n  tags: [&big "{big}"]\n')
    refs = ", ".join(["*big"] * 1000)
    append(root, "content/claims.yaml",
           f'- id: fan-out\n  statement: "x"\n  topic: t\n  verdict: unverified\n'
           f'  verdict_note: "n"\n  tags: [{refs}]\n')


def yaml_nested(root):
    text = "- id: a0\n  statement: x\n  entities: &e0 [l, l, l, l, l, l, l, l, l]\n"
    for i in range(1, 10):
        refs = ", ".join([f"*e{i - 1}"] * 9)
        text += f"- id: a{i}\n  statement: x\n  entities: &e{i} [{refs}]\n"
    with open(os.path.join(root, "content/claims.yaml"), "w", encoding="utf-8") as f:
        f.write(text)


def deep_nesting(root):
    append(root, "content/claims.yaml", "- id: deep\n  tags:\n    " + "- " * 100_000 + "x\n")


def entity_names(root):
    more = "".join(
        f'- id: e{i}\n  name: "{"ab" * 100_000}"\n  aliases: ["{"ba" * 100_000}"]\n'
        for i in range(50)
    )
    append(root, "content/entities.yaml", more)


def closest_passage(root):
    original = "the filing shows capacity grew and the permit waits " * 80_000
    with open(os.path.join(root, "originals/alpha.txt"), "w", encoding="utf-8") as f:
        f.write(original)
    quote = ("the filing shows that capacity grew while permits wait " * 17).strip()
    replace(root, "content/sources/alpha.md", 'quote: "Acme doubled capacity last year"',
            f'quote: "{quote}"')


def many_misses(root):
    # A thousand long quotes that all miss a 4 MB original.
    closest_passage(root)
    quote = ("the filing shows that capacity grew while permits wait " * 17).strip()
    annotations = "".join(
        f'  - claim: buyer-named\n    quote: "{quote} {i}"\n    stance: disputes\n'
        for i in range(990)
    )
    replace(root, "content/sources/alpha.md", "annotations:\n", "annotations:\n" + annotations)


def long_quote(root):
    replace(root, "content/sources/alpha.md", 'quote: "the permit is still pending"',
            'quote: "' + " ".join(["word"] * 400) + '"')


def markdown(root):
    page = ("---\ntitle: \"Many\"\n---\n" + "## Same heading\n\n" * 20_000
            + "![" * 10_000 + "x" + "](i.png)" * 10_000 + "\n\n" + "[![" * 5_000 + "\n")
    with open(os.path.join(root, "content/pages/many.md"), "w", encoding="utf-8") as f:
        f.write(page)


# Each bomb, how it is made, and the words of the report to show for it.
BOMBS = [
    ("one 1 MiB YAML anchor, 1,000 aliases", yaml_fan_out, "would expand"),
    ("YAML aliases nested 9 deep, 9 each", yaml_nested, "would expand"),
    ("YAML nested 100,000 levels deep", deep_nesting, "nested more than"),
    ("50 entities with 200,000-character names", entity_names, "characters long"),
    ("a 935-character quote missing a 4 MB original", closest_passage, "quote not found"),
    ("990 such quotes in one source", many_misses, "quote not found"),
    ("a 1,999-character quote", long_quote, "characters long"),
    ("20,000 equal headings and 10,000 nested images", markdown, None),
]


def measure(make, expect):
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "project")
        project(root)
        make(root)
        size = sum(
            os.path.getsize(os.path.join(d, f))
            for d, _, fs in os.walk(os.path.join(root, "content"))
            for f in fs
        )
        run = subprocess.run(
            ["/usr/bin/time", "-f", "TIME %e %M", BINARY, "build", "--max-errors", "0"],
            cwd=root, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"},
        )
        seconds, kib = re.search(r"TIME (\S+) (\d+)", run.stderr).groups()
        said = next(
            (l for l in run.stderr.splitlines() if expect and expect in l),
            "built" if run.returncode == 0 else "(no such error)",
        )
        return size, run.returncode, float(seconds), int(kib) / 1024, said[:100]


def main():
    if not os.path.exists(BINARY):
        sys.exit("build the release binary first: cargo build --release")
    print("| bomb | content size | exit | time | peak memory | what the build says |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, make, expect in BOMBS:
        size, code, seconds, mib, first = measure(make, expect)
        first = first.replace("|", "\\|").replace("`", "")
        print(f"| {name} | {size / 1e6:.1f} MB | {code} | {seconds:.2f} s | {mib:.0f} MiB | {first} |")


if __name__ == "__main__":
    main()
