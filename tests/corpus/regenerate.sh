#!/bin/sh
# Regenerates every committed capture and ground-truth file of
# test-captures/ with the foxsim of a build tree.
#   usage: tests/corpus/regenerate.sh <build-dir>
# Then run tests/corpus/update-goldens.sh <build-dir> and review the diff.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${1:?usage: regenerate.sh <build-dir>}
exec "$build/tools/foxsim/foxsim" --corpus "$top/test-captures"
