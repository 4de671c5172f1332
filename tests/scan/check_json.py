#!/usr/bin/python3
"""foxess-scan --json and --csv on a set of captures.

Every JSON line validates against docs/foxess-scan.schema.json (Debian's
python3-jsonschema; a mutated object must fail, so the validator is not
asleep), and says what the text summary of the same file says (bus names,
frame counts, main polls, BMS Lost episodes, expert infos).  The CSV rows
of each bus add up to its frames; -j 2 gives the -j 1 output.

usage: check_json.py FOXESS-SCAN SCHEMA CAPTURE...
"""
import copy
import csv
import io
import json
import os
import re
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    # tools/deps.sh installs python3-jsonschema; chroots without it skip.
    print("python3-jsonschema missing: skipped", file=sys.stderr)
    sys.exit(1 if os.environ.get("CI") else 77)

scan, schema_path, captures = sys.argv[1], sys.argv[2], sys.argv[3:]
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg, file=sys.stderr)


def run(*args):
    return subprocess.run([scan, *args], check=True, capture_output=True,
                          text=True).stdout


with open(schema_path) as f:
    schema = json.load(f)
validator = jsonschema.Draft202012Validator(schema)
jsonschema.Draft202012Validator.check_schema(schema)

lines = run("--json", "-j", "2", *captures).splitlines()
if len(lines) != len(captures):
    fail(f"{len(lines)} JSON lines for {len(captures)} files")
docs = [json.loads(line) for line in lines]


def text_buses(text):
    """Bus name -> its lines of the text summary."""
    buses, name = {}, None
    for line in text.splitlines():
        m = re.match(r"--- Bus (.+?) -+$", line) or \
            re.match(r"Bus: +(.*)$", line)
        if m:
            name = m.group(1)
            buses[name] = []
        elif name is not None:
            buses[name].append(line)
    return buses


for cap, doc in zip(captures, docs):
    errors = list(validator.iter_errors(doc))
    for e in errors:
        fail(f"{cap}: {e.message} at {list(e.absolute_path)}")
    if doc["file"] != cap:
        fail(f"{cap}: JSON names {doc['file']}: output out of order")
    text = run(cap)
    m = re.search(r"\), (\d+) frames$", text, re.M)
    if not m or int(m.group(1)) != doc["frames"]:
        fail(f"{cap}: frames {doc['frames']} vs text")
    tb = text_buses(text)
    single = len(doc["buses"]) == 1 and not doc["buses"][0]["interface"]
    names = [b["name"] for b in doc["buses"]]
    if not single and list(tb) != names:
        fail(f"{cap}: buses {names} vs text {list(tb)}")
    for bus, lines_ in zip(doc["buses"], tb.values()):
        block = "\n".join(lines_)
        if bus["foxess_frames"] or bus["pylontech_frames"] or \
                bus["dialect_frames"]:
            want = (f"FoxESS {bus['foxess_frames']}, Pylontech "
                    f"{bus['pylontech_frames']}")
            if want not in block:
                fail(f"{cap} {bus['name']}: '{want}' not in text")
            p = bus["main_polls"]
            want = (f"{p['sent']} sent, {p['answered']} answered, "
                    f"{p['unanswered']} unanswered, {p['late']} late, "
                    f"{p['pending']} pending at end")
            if want not in block:
                fail(f"{cap} {bus['name']}: '{want}' not in text")
            n = bus["bms_lost_episodes"]
            if f"BMS Lost:       {n} episode" not in block:
                fail(f"{cap} {bus['name']}: {n} BMS Lost episodes vs text")
            n = bus["foreign_11bit_episodes"]
            if n and f"Foreign 11-bit: {n} episode" not in block:
                fail(f"{cap} {bus['name']}: {n} foreign episodes vs text")
            n = bus["counter_resets_total"]
            if n and f"Counter resets: {n}\n" not in block + "\n":
                fail(f"{cap} {bus['name']}: {n} counter resets vs text")
            if (bus["current_sign"] is None) == ("Current sign:" in block):
                fail(f"{cap} {bus['name']}: current sign vs text")
        for ex in bus["experts"]:
            row = re.compile(r"^  %-7s +%d  %s +%s$" % (
                ex["severity"], ex["count"], re.escape(ex["abbrev"]),
                re.escape(ex["summary"])), re.M)
            if not row.search(block):
                fail(f"{cap} {bus['name']}: expert {ex} not in text")
        if len(bus["experts"]) != len(re.findall(
                r"^  (Error|Warning|Note) ", block, re.M)):
            fail(f"{cap} {bus['name']}: expert count differs from text")

# The validator must reject what the schema forbids.
bad = copy.deepcopy(docs[0])
bad["buses"][0]["main_polls"]["sent"] = -1
del bad["frames"]
if validator.is_valid(bad):
    fail("schema accepts a negative count and a missing 'frames'")

# CSV: header as documented, rows of a bus add up to its frames.
rows = list(csv.DictReader(io.StringIO(run("--csv", "--interval", "10",
                                           *captures))))
want_cols = ["file", "bus", "start_s", "frames", "foxess_frames",
             "error_frames", "main_polls", "unanswered_polls",
             "late_replies", "bms_lost", "soc_pct", "voltage_v", "current_a"]
if not rows or list(rows[0].keys()) != want_cols:
    fail(f"CSV columns {list(rows[0].keys()) if rows else None}")
for doc in docs:
    for bus in doc["buses"]:
        mine = [r for r in rows
                if r["file"] == doc["file"] and r["bus"] == bus["name"]]
        for key, col in (("frames", "frames"),
                         ("error_frames", "error_frames")):
            total = sum(int(r[col]) for r in mine)
            if total != bus[key]:
                fail(f"{doc['file']} {bus['name']}: CSV {col} add up to "
                     f"{total}, JSON says {bus[key]}")
        total = sum(int(r["main_polls"]) for r in mine)
        if total != bus["main_polls"]["sent"]:
            fail(f"{doc['file']} {bus['name']}: CSV main polls {total}")
        starts = [float(r["start_s"]) for r in mine]
        if starts != sorted(starts) or any(s % 10 for s in starts):
            fail(f"{doc['file']} {bus['name']}: CSV intervals {starts[:5]}")

# -j must not change the output.
if run(*captures) != run("-j", "2", *captures):
    fail("text output with -j 2 differs from -j 1")

if failures:
    sys.exit(1)
print(f"ok: {len(docs)} JSON objects valid and matching the text; CSV "
      f"{len(rows)} rows add up; -j 2 = -j 1")
