"""Times watch mode as an analyst feels it: from saving a source to its page
holding the new text on disk.

Starts `briefing build --watch -v` in PROJECT, appends a sentence to one
source EDITS times (waiting for the page each time), stops the watcher with
SIGINT, restores the source, and prints one line of JSON: the save-to-
written times in ms and the rebuild times the watcher itself reported.

    python3 bench/watch.py BIN PROJECT [EDITS]
"""
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time


def main():
    binary, project = sys.argv[1], sys.argv[2]
    edits = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    names = sorted(os.listdir(os.path.join(project, "content", "sources")))
    name = names[len(names) // 2]
    source = os.path.join(project, "content", "sources", name)
    page = os.path.join(project, "public", "sources", name[:-3], "index.html")
    original = open(source, "rb").read()
    watcher = subprocess.Popen(
        [binary, "build", "--watch", "-v"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    saved = []
    try:
        line = ""
        while not line.startswith("built"):
            line = watcher.stdout.readline()
            if not line:
                sys.exit("the watcher stopped before its first build")
        time.sleep(1.0)  # let the file watcher settle
        for i in range(edits):
            # Letters only: a number could name an entity and widen the change.
            marker = "Sentence " + "".join(chr(97 + (i * 7 + k) % 26) for k in range(6)) + " added."
            started = time.perf_counter()
            with open(source, "a") as f:
                f.write("\n" + marker + "\n")
            deadline = started + 10
            while time.perf_counter() < deadline:
                try:
                    with open(page) as f:
                        if marker in f.read():
                            break
                except FileNotFoundError:
                    pass
                time.sleep(0.001)
            else:
                sys.exit(f"edit {i} did not reach {page} within 10 s")
            saved.append((time.perf_counter() - started) * 1000)
            time.sleep(0.3)
    finally:
        watcher.send_signal(signal.SIGINT)
        out = watcher.communicate(timeout=30)[0]
        open(source, "wb").write(original)
    reported = [float(m) for m in re.findall(r"^rebuilt \d+ pages? .* in (\d+) ms", out, re.M)]
    print(json.dumps({
        "saved_ms": [round(t, 1) for t in saved],
        "saved_median_ms": round(statistics.median(saved), 1),
        "reported_ms": reported,
        "reported_median_ms": statistics.median(reported) if reported else None,
    }))


if __name__ == "__main__":
    main()
