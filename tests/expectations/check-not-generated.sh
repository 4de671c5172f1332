#!/bin/sh
# No script of the repository writes a hand-written expectation file:
# tests/expectations/*.expect, tests/**/*.expected, tests/diagnostics/logs/
# *.experts and *.fires.  Looks, outside comments, for such a file as the
# target of a redirection or tee, the last argument of cp, mv, sed -i or
# perl -i, or in an fopen; temporary files ($work, $tmp) do not count.
#   usage: check-not-generated.sh TOP
set -eu
top=$1
cd "$top"
bad=$(git ls-files 'tools/*' 'tests/*' 'capture/*' 'lib/*' 'plugin/*' \
	'.ci/*' | grep -vE '\.(expect|expected|experts|fires|log|pcap|pcapng|md|txt|csv|summary|mutants)$' |
	xargs grep -nHE '\.(expect|expected|experts|fires)\b' 2>/dev/null |
	grep -vE '^[^:]+:[0-9]+:[[:space:]]*(#|/?\*|//)' |
	grep -E '(>>?|\btee)[[:space:]]*"?[^[:space:]]*\.(expect|expected|experts|fires)\b|(\bcp|\bmv|sed -i|perl -[0-9a-z]*i)[^#]*\.(expect|expected|experts|fires)"?[[:space:]]*$|fopen\([^)]*\.(expect|expected|experts|fires)' |
	grep -vE '(>>?|\btee)[[:space:]]*"?\$\{?(work|tmp|TMPDIR)' || true)
if [ -n "$bad" ]; then
	echo "FAIL: these lines may write a hand-written expectation file:"
	echo "$bad"
	exit 1
fi
echo "ok: no script writes *.expect, *.expected, *.experts or *.fires"
