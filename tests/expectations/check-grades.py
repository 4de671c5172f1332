# SPDX-License-Identifier: GPL-2.0-or-later
"""Per-variant confidence grades against the hand-written EP frame map.

  check-grades.py SOURCE_DIR TSHARK_SH

tests/expectations/ep-grades.expected lists, by hand from
../shared/protocol-notes.md section 4.5, the grade of each EP field: the
grade shared with H-series and the EP grade.  Every consumer of the table
must state both:

- the plugin's field description (tshark -G fields): "[shared]", or
  "[shared; EP-series: ep]" where they differ;
- docs/fields.md's Confidence column: "shared" or "shared; EP: ep";
- the DBC signal comments ("confidence: ..."), read with canmatrix:
  dbc/foxess-h.dbc the shared grade, dbc/foxess-ep.dbc the EP grade (a
  bitmap row is no signal: its flags are).

A field EP alone sends ("-" as shared grade) has one grade everywhere.
Run with Debian's /usr/bin/python3 (python3-canmatrix).
"""
import logging
import os
import re
import subprocess
import sys

logging.disable(logging.CRITICAL)  # canmatrix's "xls is not supported" ...
import canmatrix.formats  # noqa: E402

WORDS = {"confirmed": "confirmed", "likely": "likely",
         "provisional": "provisional", "unknown": "meaning unknown"}


def expected(path):
    grades = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            field, shared, ep = line.split("\t")
            if field in grades or ep not in WORDS or \
                    (shared != "-" and shared not in WORDS):
                sys.exit(f"{path}:{n}: bad line: {line}")
            grades[field] = (None if shared == "-" else WORDS[shared],
                             WORDS[ep])
    return grades


def plugin_blurbs(tshark, env):
    out = subprocess.run(["sh", tshark, "-G", "fields"], env=env,
                         check=True, capture_output=True,
                         text=True).stdout
    blurbs = {}
    for line in out.splitlines():
        cols = line.split("\t")
        if cols[0] == "F" and cols[2].startswith("foxess."):
            blurbs[cols[2]] = cols[7] if len(cols) > 7 else ""
    return blurbs


def doc_grades(path):
    grades = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\| `([a-z0-9_.]+)` \|(?:[^|]*\|){4} ([^|]+) \|",
                         line)
            if m:
                grades[m.group(1)] = m.group(2)
    return grades


def dbc_grades(path):
    db = next(iter(canmatrix.formats.loadp(path).values()))
    grades = {}
    for frame in db.frames:
        for sig in frame.signals:
            m = re.search(r"Wireshark: (foxess\.[a-z0-9_.]+)[;,].*"
                          r"confidence: ([a-z ]+)\)$", sig.comment or "")
            if m:
                grades.setdefault(m.group(1), set()).add(m.group(2))
    return grades


def main():
    src, tshark = sys.argv[1], sys.argv[2]
    want = expected(os.path.join(src, "tests/expectations/ep-grades.expected"))
    blurbs = plugin_blurbs(tshark, os.environ)
    docs = doc_grades(os.path.join(src, "docs/fields.md"))
    dbc = {v: dbc_grades(os.path.join(src, f"dbc/foxess-{v}.dbc"))
           for v in ("h", "ep")}
    errors, in_dbc, apart_in_dbc = [], 0, 0

    def check(what, field, got, good):
        if got != good:
            errors.append(f"{field}: {what} says {got!r}, the EP frame "
                          f"map {good!r}")

    for field, (shared, ep) in want.items():
        apart = shared is not None and shared != ep
        if field not in blurbs:
            errors.append(f"{field}: not registered by the plugin")
            continue
        m = re.search(r"\[([^]]*)\]$", blurbs[field])
        bracket = m.group(1) if m else ""
        if apart:
            check("the field description", field, bracket,
                  f"{shared}; EP-series: {ep}")
        else:
            check("the field description", field,
                  bracket.split(";")[0], ep)
            check("the field description", field,
                  "EP-series:" in bracket, False)
        check("docs/fields.md", field, docs.get(field),
              f"{shared}; EP: {ep}" if apart else ep)
        for variant, grade in (("h", shared), ("ep", ep)):
            got = dbc[variant].get(field)
            if got is None:
                continue
            in_dbc += 1
            apart_in_dbc += apart
            if grade is None:
                errors.append(f"{field}: EP-only, yet a signal of "
                              f"dbc/foxess-{variant}.dbc")
                continue
            check(f"dbc/foxess-{variant}.dbc", field, got, {grade})
    # A bitmap row (foxess.cells.control) is no DBC signal; its flags are.
    if in_dbc < 40 or apart_in_dbc < 6:
        errors.append(f"only {in_dbc} DBC signals found, {apart_in_dbc} "
                      "of fields graded apart: comments changed?")
    for e in errors:
        print("FAIL:", e)
    if errors:
        return 1
    print(f"ok: {len(want)} EP grades from section 4.5 in the field "
          f"descriptions and docs/fields.md, {in_dbc} in the DBC comments")
    return 0


if __name__ == "__main__":
    sys.exit(main())
