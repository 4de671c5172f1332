#!/usr/bin/python3
"""Structural check of a foxess-scan --json --bulk file (docs/fleet.md).

The Elasticsearch/OpenSearch _bulk body: action and document lines in
pairs, every line one JSON object, a final newline; each action
{"index": {"_index": ..., "_id": ...}} with distinct ids; each document
valid against docs/foxess-scan.schema.json and fully covered by the index
mapping (every field mapped, with a type that takes its values), one per
input file; the truncated file marked incomplete.

usage: check_bulk.py BULK SCHEMA MAPPING FILES ROOT
"""
import json
import sys

import jsonschema

bulk, schema_path, mapping_path, n_files, root = sys.argv[1:6]
with open(schema_path) as f:
    validator = jsonschema.Draft202012Validator(json.load(f))
with open(mapping_path) as f:
    mapping = json.load(f)["mappings"]
with open(bulk) as f:
    text = f.read()
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg, file=sys.stderr)


TAKES = {
    "keyword": (str,), "text": (str,), "date": (str,), "boolean": (bool,),
    "long": (int,), "integer": (int,), "double": (int, float),
}


def covered(value, props, path):
    """Every key of value has a mapping that takes its value."""
    for key, v in value.items():
        m = props.get(key)
        if m is None:
            fail(f"{path}.{key} not in the mapping (dynamic: strict)")
            continue
        items = v if isinstance(v, list) else [v]
        for item in items:
            if item is None:
                continue
            if "properties" in m:
                if not isinstance(item, dict):
                    fail(f"{path}.{key}: object mapping, value {item!r}")
                else:
                    covered(item, m["properties"], f"{path}.{key}")
            elif isinstance(item, bool) and m["type"] != "boolean" or \
                    not isinstance(item, TAKES[m["type"]]):
                fail(f"{path}.{key}: {m['type']} cannot take {item!r}")


if not text.endswith("\n"):
    fail("the bulk body must end with a newline")
lines = text.splitlines()
if len(lines) % 2:
    fail(f"{len(lines)} lines: actions and documents not in pairs")
ids, files = set(), set()
for i in range(0, len(lines) - 1, 2):
    action, doc = json.loads(lines[i]), json.loads(lines[i + 1])
    meta = action.get("index")
    if list(action) != ["index"] or not isinstance(meta, dict) or \
            meta.get("_index") != "foxess-scan" or "_id" not in meta:
        fail(f"line {i + 1}: not an index action: {lines[i]}")
        continue
    if meta["_id"] in ids:
        fail(f"line {i + 1}: duplicate _id {meta['_id']}")
    ids.add(meta["_id"])
    for e in validator.iter_errors(doc):
        fail(f"line {i + 2}: {e.message}")
    covered(doc, mapping["properties"], doc.get("file", "?"))
    files.add(doc["file"])
    if doc["file"].endswith("cut.pcap") == doc["complete"]:
        fail(f"{doc['file']}: complete is {doc['complete']}")
    if not doc["file"].startswith(root):
        fail(f"{doc['file']}: not under {root}")
if len(files) != int(n_files):
    fail(f"{len(files)} documents for {n_files} files")
if failures:
    sys.exit(1)
print(f"ok: {len(files)} documents in {len(lines)} bulk lines, schema-valid,"
      " mapped, distinct ids")
