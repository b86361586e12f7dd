#!/usr/bin/env python3
"""Prints XCTest's final tally as one plain line, `N passed, N failed[, N skipped]`, so the end of
`make test` says how many tests ran (Swift Testing's own last line counts only its own tests,
of which this project has none)."""
import re, sys

text = open(sys.argv[1], errors="replace").read()
runs = re.findall(r"Executed (\d+) tests?, with (?:(\d+) tests? skipped and )?(\d+) failures?", text)
if not runs:
    print("no XCTest tally found: the test run did not finish")
    sys.exit(0)
total, skipped, failed = (int(x or 0) for x in runs[-1])
line = f"{total - failed - skipped} passed, {failed} failed"
print(line + (f", {skipped} skipped" if skipped else ""))
