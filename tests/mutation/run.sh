#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Mutation check: breaks the code on purpose, one mutant at a time, in a
# copy of the repository, and runs the tests that should notice.  A mutant
# the tests do not notice (they still pass) is a survivor: a regression of
# that kind would reach users unseen.
#
#   tests/mutation/run.sh [--apply-only] [FILE.mutants...]
#
# Reads every tests/mutation/*.mutants (or the files named).  One mutant a
# line, four fields separated by one TAB each:
#
#   name  file  perl-substitution  ctest-regex
#
# file is relative to the top of the repository; the substitution is
# applied with `perl -0pi -e` (the whole file is one string, so it may span
# lines); ctest-regex selects the tests to run (`ctest -R`).  Empty lines
# and lines starting with '#' are ignored.
#
# The copy is the working tree's tracked and untracked, not ignored files
# (uncommitted edits included, fresh mtimes, so a kept MUTATION_DIR is
# rebuilt in full), built once in RelWithDebInfo like tools/test.sh, then
# rebuilt incrementally for each mutant.  A mutant whose
# substitution leaves the file unchanged ("does not apply"), that does not
# build, or whose regex runs no test or only skipped ones is an error, not
# a kill.  Before the first mutant of each regex the tests run on the
# unmutated copy: if they fail there, that regex's mutants are errors too.
#
# --apply-only checks that every substitution still applies, without
# building (fast; ctest runs it as mutation.mutants-apply).
#
# Environment: MUTANTS=regex runs only the mutants whose name matches;
# MUTATION_DIR=dir works in dir (kept afterwards) instead of a temporary
# directory that is removed; MUTATION_JOBS (default 2) for the build.
# Exit status: 0 when every mutant is killed, 1 with survivors or errors.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
apply_only=false
if [ "${1:-}" = --apply-only ]; then
	apply_only=true
	shift
fi
[ $# -gt 0 ] || set -- "$here"/*.mutants
jobs=${MUTATION_JOBS:-2}
tab=$(printf '\t')

if [ -n "${MUTATION_DIR:-}" ]; then
	work=$MUTATION_DIR
	mkdir -p "$work"
else
	work=$(mktemp -d /tmp/foxess-mutation.XXXXXX)
	trap 'rm -rf "$work"' EXIT
fi
copy=$work/src
log=$work/logs
# a kept MUTATION_DIR holds an older run's originals and baselines
rm -rf "$work/pristine" "$work"/baseline.*
mkdir -p "$copy" "$log" "$work/pristine"

# The mutants, as "name TAB file TAB subst TAB regex" lines, validated.
: >"$work/list"
errors=0
for f in "$@"; do
	n=0
	while IFS= read -r line || [ -n "$line" ]; do
		n=$((n + 1))
		case $line in '' | '#'*) continue ;; esac
		fields=$(printf '%s\n' "$line" | awk -F '\t' '{ print NF }')
		name=$(printf '%s\n' "$line" | cut -f1)
		if [ "$fields" -ne 4 ]; then
			echo "ERROR $f:$n: want 4 TAB-separated fields, got $fields"
			errors=$((errors + 1))
			continue
		fi
		if [ -n "${MUTANTS:-}" ] &&
			! printf '%s\n' "$name" | grep -qE -- "$MUTANTS"; then
			continue
		fi
		printf '%s\n' "$line" >>"$work/list"
	done <"$f"
done
total=$(wc -l <"$work/list")
[ "$total" -gt 0 ] || {
	echo "mutation: no mutants selected"
	exit 1
}

# Applies mutant LINE to the copy; returns 1 when the file did not change.
apply() { # FILE SUBST
	mkdir -p "$(dirname "$copy/$1")"
	cp "$work/pristine/$1" "$copy/$1"
	perl -0pi -e "$2" "$copy/$1" 2>"$work/perl.err" || return 2
	! cmp -s "$work/pristine/$1" "$copy/$1"
}
# Puts FILE back; a fresh mtime makes the next build recompile it.
restore() { # FILE
	cp "$work/pristine/$1" "$copy/$1"
}

while IFS="$tab" read -r name file subst regex; do
	if [ ! -f "$top/$file" ]; then
		echo "ERROR $name: no file $file"
		errors=$((errors + 1))
		continue
	fi
	mkdir -p "$work/pristine/$(dirname "$file")"
	[ -f "$work/pristine/$file" ] || cp "$top/$file" "$work/pristine/$file"
done <"$work/list"

if $apply_only; then
	while IFS="$tab" read -r name file subst regex; do
		[ -f "$work/pristine/$file" ] || continue
		apply "$file" "$subst"
		case $? in
		0) echo "applies $name" ;;
		1)
			echo "ERROR $name: does not apply to $file"
			errors=$((errors + 1))
			;;
		*)
			echo "ERROR $name: perl: $(cat "$work/perl.err")"
			errors=$((errors + 1))
			;;
		esac
		restore "$file"
	done <"$work/list"
	echo "mutation: $total mutants, $errors errors"
	[ "$errors" -eq 0 ]
	exit
fi

# the copy: what git tracks plus new files, as they are in the worktree
(cd "$top" && git ls-files -z --cached --others --exclude-standard |
	xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
	cpio -0 -pdu --quiet "$copy") || exit 1
start=$(date +%s)
echo "mutation: $total mutants; building the copy in $copy/build"
if ! { cmake -S "$copy" -B "$copy/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo &&
	cmake --build "$copy/build" -j "$jobs"; } </dev/null >"$log/build.log" 2>&1; then
	tail -n 20 "$log/build.log"
	echo "mutation: the unmutated copy does not build"
	exit 1
fi

# Runs the tests matching REGEX; 0 all passed, 1 some failed, 2 no test
# ran or one was skipped (a skip proves nothing).
run_tests() { # REGEX LOG
	ctest --test-dir "$copy/build" -R "$1" --no-tests=error \
		--output-on-failure </dev/null >"$2" 2>&1
	status=$?
	if grep -q "No tests were found" "$2" ||
		grep -qE "\*\*\*Skipped|Not Run|\(Skipped\)" "$2"; then
		return 2
	fi
	[ "$status" -eq 0 ] && return 0
	return 1
}

killed=0
survived=0
survivors=""
i=0
while IFS="$tab" read -r name file subst regex; do
	i=$((i + 1))
	[ -f "$work/pristine/$file" ] || continue
	safe=$(printf '%s' "$name" | tr -c 'A-Za-z0-9_.-' _)
	key=$(printf '%s' "$regex" | cksum | cut -d' ' -f1)
	if [ ! -f "$work/baseline.$key" ]; then
		# the last mutant's objects are still built in
		cmake --build "$copy/build" -j "$jobs" </dev/null \
			>"$log/baseline.$key.build.log" 2>&1
		run_tests "$regex" "$log/baseline.$key.log"
		echo $? >"$work/baseline.$key"
		[ "$(cat "$work/baseline.$key")" -eq 0 ] ||
			echo "ERROR baseline of '$regex' fails unmutated: $log/baseline.$key.log"
	fi
	if [ "$(cat "$work/baseline.$key")" -ne 0 ]; then
		echo "[$i/$total] ERROR $name: its tests fail without the mutant"
		errors=$((errors + 1))
		continue
	fi
	t0=$(date +%s)
	apply "$file" "$subst"
	case $? in
	0) ;;
	1)
		echo "[$i/$total] ERROR $name: does not apply to $file"
		errors=$((errors + 1))
		restore "$file"
		continue
		;;
	*)
		echo "[$i/$total] ERROR $name: perl: $(cat "$work/perl.err")"
		errors=$((errors + 1))
		restore "$file"
		continue
		;;
	esac
	if ! cmake --build "$copy/build" -j "$jobs" </dev/null \
		>"$log/$safe.build.log" 2>&1; then
		echo "[$i/$total] ERROR $name: does not build ($log/$safe.build.log)"
		errors=$((errors + 1))
		restore "$file"
		continue
	fi
	run_tests "$regex" "$log/$safe.log"
	result=$?
	restore "$file"
	secs=$(($(date +%s) - t0))
	case $result in
	0)
		echo "[$i/$total] SURVIVED $name (${secs} s; tests '$regex' pass)"
		survived=$((survived + 1))
		survivors="$survivors $name"
		;;
	1)
		echo "[$i/$total] killed $name (${secs} s)"
		killed=$((killed + 1))
		;;
	*)
		echo "[$i/$total] ERROR $name: no test ran, or one was skipped ($log/$safe.log)"
		errors=$((errors + 1))
		;;
	esac
done <"$work/list"

judged=$((killed + survived))
echo "mutation score: $killed/$judged killed" \
	"($(awk -v k=$killed -v n=$judged 'BEGIN { printf "%.0f", n ? 100 * k / n : 0 }')%)," \
	"$survived survived, $errors errors, $(($(date +%s) - start)) s"
[ -z "$survivors" ] || echo "survivors:$survivors"
[ "$survived" -eq 0 ] && [ "$errors" -eq 0 ]
