#!/bin/sh
# The committed corpus (captures, ground truth and goldens) stays under 5 MB.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
limit=$((5 * 1024 * 1024))
size=$(cat "$top"/test-captures/*.pcap "$top"/test-captures/*.csv \
	"$top"/test-captures/golden/* "$top"/test-captures/mixed/*.* \
	"$top"/test-captures/mixed/golden/* | wc -c)
echo "corpus: $size bytes (limit $limit)"
[ "$size" -lt "$limit" ]
