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
# line, four or five fields separated by one TAB each:
#
#   name  file  perl-substitution  ctest-regex  [build-targets]
#
# file is relative to the top of the repository; the substitution is
# applied with `perl -0pi -e` (the whole file is one string, so it may span
# lines); ctest-regex selects the tests to run (`ctest -R`); build-targets,
# when given, are the CMake targets those tests use (only they are rebuilt
# for the mutant; the next full build catches the others up).  Empty lines
# and lines starting with '#' are ignored.
#
# tests/mutation/equivalent names the equivalent mutants, one a line:
# name TAB why no test can tell it from the real code.  They are built and
# tested like the others and must survive: one that a test kills is an
# error (the marking is wrong), and so is a name that no list has.
#
# Each worker (MUTATION_WORKERS, default 2) has its own copy of the working
# tree's tracked and untracked, not ignored files (uncommitted edits
# included, fresh mtimes, so a kept MUTATION_DIR is rebuilt in full),
# built once in RelWithDebInfo like tools/test.sh, then rebuilt
# incrementally for each mutant it takes.  Workers take the next mutant
# from the list; tests whose regex names qemu boot a two-CPU VM and run
# in one worker at a time (the other takes mutants that do not need it).
# A mutant whose substitution leaves the file unchanged ("does not
# apply"), that does not build, or whose regex runs no test or only
# skipped ones is an error, not a kill.  Before the first mutant of each
# regex the tests run on an unmutated copy: if they fail there, that
# regex's mutants are errors too.
#
# --apply-only checks that every substitution still applies, without
# building (fast; ctest runs it as mutation.mutants-apply).
#
# Environment: MUTANTS=regex runs only the mutants whose name matches;
# MUTATION_DIR=dir works in dir (kept afterwards) instead of a temporary
# directory that is removed; MUTATION_WORKERS (default 2) copies worked on
# at once; MUTATION_JOBS (default 2) for each build.
# Exit status: 0 when every mutant is killed or a survivor marked
# equivalent, 1 with other survivors or errors.
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
workers=${MUTATION_WORKERS:-2}
tab=$(printf '\t')

if [ -n "${MUTATION_DIR:-}" ]; then
	work=$MUTATION_DIR
	mkdir -p "$work"
else
	work=$(mktemp -d /tmp/foxess-mutation.XXXXXX)
	trap 'rm -rf "$work"' EXIT
fi
log=$work/logs
# a kept MUTATION_DIR holds an older run's originals, claims and results
rm -rf "$work/pristine" "$work/baseline" "$work/claims" "$work/results" \
	"$work/qemu.lock"
mkdir -p "$log" "$work/pristine" "$work/baseline" "$work/claims"
: >"$work/results"

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
		if [ "$fields" -ne 4 ] && [ "$fields" -ne 5 ]; then
			echo "ERROR $f:$n: want 4 or 5 TAB-separated fields, got $fields"
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

# The equivalent mutants: name TAB reason; each must name a mutant of one
# of the lists.
: >"$work/equivalent"
if [ -f "$here/equivalent" ]; then
	grep -v -e '^#' -e '^$' "$here/equivalent" >"$work/equivalent"
	while IFS="$tab" read -r name why; do
		if [ -z "$why" ]; then
			echo "ERROR equivalent $name: no reason given"
			errors=$((errors + 1))
		fi
		cut -f1 "$here"/*.mutants | grep -qxF -- "$name" || {
			echo "ERROR equivalent $name: no such mutant"
			errors=$((errors + 1))
		}
	done <"$work/equivalent"
fi
# Prints the reason MUTANT is marked equivalent; fails when it is not.
equivalent() { # MUTANT
	awk -F '\t' -v n="$1" '$1 == n { print $2; found = 1 }
		END { exit !found }' "$work/equivalent"
}

while IFS="$tab" read -r name file subst regex targets; do
	if [ ! -f "$top/$file" ]; then
		echo "ERROR $name: no file $file"
		errors=$((errors + 1))
		continue
	fi
	mkdir -p "$work/pristine/$(dirname "$file")"
	[ -f "$work/pristine/$file" ] || cp "$top/$file" "$work/pristine/$file"
done <"$work/list"

# Applies a mutant to the copy; returns 1 when the file did not change.
apply() { # COPY FILE SUBST
	mkdir -p "$(dirname "$1/$2")"
	cp "$work/pristine/$2" "$1/$2"
	perl -0pi -e "$3" "$1/$2" 2>"$1.perl.err" || return 2
	! cmp -s "$work/pristine/$2" "$1/$2"
}
# Puts FILE back; a fresh mtime makes the next build recompile it.
restore() { # COPY FILE
	cp "$work/pristine/$2" "$1/$2"
}

if $apply_only; then
	mkdir -p "$work/apply"
	while IFS="$tab" read -r name file subst regex targets; do
		[ -f "$work/pristine/$file" ] || continue
		apply "$work/apply" "$file" "$subst"
		case $? in
		0) echo "applies $name" ;;
		1)
			echo "ERROR $name: does not apply to $file"
			errors=$((errors + 1))
			;;
		*)
			echo "ERROR $name: perl: $(cat "$work/apply.perl.err")"
			errors=$((errors + 1))
			;;
		esac
	done <"$work/list"
	echo "mutation: $total mutants, $(grep -c . "$work/equivalent")" \
		"marked equivalent, $errors errors"
	[ "$errors" -eq 0 ]
	exit
fi

start=$(date +%s)
echo "mutation: $total mutants, $workers workers; building the copies in $work/w*/src/build"
# one copy per worker: what git tracks plus new files, as in the worktree
pids=
w=1
while [ "$w" -le "$workers" ]; do
	mkdir -p "$work/w$w/src"
	(cd "$top" && git ls-files -z --cached --others --exclude-standard |
		xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
		cpio -0 -pdu --quiet "$work/w$w/src") || exit 1
	(cmake -S "$work/w$w/src" -B "$work/w$w/src/build" \
		-DCMAKE_BUILD_TYPE=RelWithDebInfo &&
		cmake --build "$work/w$w/src/build" -j "$jobs") \
		</dev/null >"$log/build.w$w.log" 2>&1 &
	pids="$pids $!"
	w=$((w + 1))
done
failed_builds=0
for pid in $pids; do
	wait "$pid" || failed_builds=$((failed_builds + 1))
done
if [ "$failed_builds" -ne 0 ]; then
	tail -n 20 "$log"/build.w*.log
	echo "mutation: the unmutated copy does not build"
	exit 1
fi

# Runs the tests matching REGEX in COPY; 0 all passed, 1 some failed, 2 no
# test ran or one was skipped (a skip proves nothing).
run_tests() { # COPY REGEX LOG
	ctest --test-dir "$1/build" -R "$2" --no-tests=error \
		--output-on-failure </dev/null >"$3" 2>&1
	status=$?
	if grep -q "No tests were found" "$3" ||
		grep -qE "\*\*\*Skipped|Not Run|\(Skipped\)" "$3"; then
		return 2
	fi
	[ "$status" -eq 0 ] && return 0
	return 1
}

# Records the verdict on mutant I (killed, survived, equivalent, error).
verdict() { # I VERDICT NAME MESSAGE
	echo "[$1/$total] $4"
	printf '%s %s\n' "$2" "$3" >>"$work/results"
}

# Takes a mutant nobody has taken: prints its number, or nothing when none
# is left that this worker may run now (qemu tests busy elsewhere).
take() {
	i=0
	while IFS="$tab" read -r name file subst regex targets; do
		i=$((i + 1))
		[ -d "$work/claims/$i" ] && continue
		case $regex in
		*qemu*) mkdir "$work/qemu.lock" 2>/dev/null || continue ;;
		esac
		if mkdir "$work/claims/$i" 2>/dev/null; then
			echo "$i"
			return
		fi
		case $regex in *qemu*) rmdir "$work/qemu.lock" ;; esac
	done <"$work/list"
}

# Worker W: applies, builds and tests mutants until none is left.
worker() { # W
	copy=$work/w$1/src
	while :; do
		i=$(take)
		if [ -z "$i" ]; then
			[ "$(ls "$work/claims" | wc -l)" -lt "$total" ] || return 0
			sleep 5
			continue
		fi
		line=$(sed -n "${i}p" "$work/list")
		name=$(printf '%s\n' "$line" | cut -f1)
		file=$(printf '%s\n' "$line" | cut -f2)
		subst=$(printf '%s\n' "$line" | cut -f3)
		regex=$(printf '%s\n' "$line" | cut -f4)
		targets=$(printf '%s\n' "$line" | awk -F '\t' '{ print $5 }')
		judge "$i" "$name" "$file" "$subst" "$regex" "$targets"
		case $regex in *qemu*) rmdir "$work/qemu.lock" ;; esac
	done
}

# The baseline of REGEX (unmutated copy): 0 when its tests pass.  The
# copies are identical, so the first worker to need it runs it for all.
baseline() { # REGEX
	key=$(printf '%s' "$1" | cksum | cut -d' ' -f1)
	until mkdir "$work/baseline/$key.lock" 2>/dev/null; do
		sleep 2
	done
	if [ ! -f "$work/baseline/$key" ]; then
		# the last mutant's objects are still built in
		cmake --build "$copy/build" -j "$jobs" </dev/null \
			>"$log/baseline.$key.build.log" 2>&1
		run_tests "$copy" "$1" "$log/baseline.$key.log"
		echo $? >"$work/baseline/$key"
		[ "$(cat "$work/baseline/$key")" -eq 0 ] ||
			echo "ERROR baseline of '$1' fails unmutated: $log/baseline.$key.log"
	fi
	rmdir "$work/baseline/$key.lock"
	return "$(cat "$work/baseline/$key")"
}

judge() { # I NAME FILE SUBST REGEX TARGETS
	[ -f "$work/pristine/$3" ] || return
	safe=$(printf '%s' "$2" | tr -c 'A-Za-z0-9_.-' _)
	if ! baseline "$5"; then
		verdict "$1" error "$2" "ERROR $2: its tests fail without the mutant"
		return
	fi
	t0=$(date +%s)
	apply "$copy" "$3" "$4"
	case $? in
	0) ;;
	1)
		verdict "$1" error "$2" "ERROR $2: does not apply to $3"
		restore "$copy" "$3"
		return
		;;
	*)
		verdict "$1" error "$2" "ERROR $2: perl: $(cat "$copy.perl.err")"
		restore "$copy" "$3"
		return
		;;
	esac
	# shellcheck disable=SC2086 # TARGETS: a list of words
	if ! cmake --build "$copy/build" -j "$jobs" ${6:+--target $6} \
		</dev/null >"$log/$safe.build.log" 2>&1; then
		verdict "$1" error "$2" "ERROR $2: does not build ($log/$safe.build.log)"
		restore "$copy" "$3"
		return
	fi
	run_tests "$copy" "$5" "$log/$safe.log"
	result=$?
	restore "$copy" "$3"
	secs=$(($(date +%s) - t0))
	why=$(equivalent "$2")
	marked=$?
	case $result.$marked in
	0.0) verdict "$1" equivalent "$2" "equivalent $2 (${secs} s): $why" ;;
	0.*)
		verdict "$1" survived "$2" \
			"SURVIVED $2 (${secs} s; tests '$5' pass)"
		;;
	1.0)
		verdict "$1" error "$2" \
			"ERROR $2: marked equivalent, but killed (${secs} s; $log/$safe.log)"
		;;
	1.*) verdict "$1" killed "$2" "killed $2 (${secs} s)" ;;
	*)
		verdict "$1" error "$2" \
			"ERROR $2: no test ran, or one was skipped ($log/$safe.log)"
		;;
	esac
}

w=1
while [ "$w" -le "$workers" ]; do
	worker "$w" &
	w=$((w + 1))
done
wait

count() { # VERDICT
	grep -c "^$1 " "$work/results"
}
killed=$(count killed)
survived=$(count survived)
equivalents=$(count equivalent)
errors=$((errors + $(count error)))
judged=$((killed + survived))
echo "mutation score: $killed/$judged killed" \
	"($(awk -v k=$killed -v n=$judged 'BEGIN { printf "%.0f", n ? 100 * k / n : 0 }')%)," \
	"$equivalents equivalent, $survived survived, $errors errors," \
	"$(($(date +%s) - start)) s with $workers workers"
[ "$survived" -eq 0 ] ||
	echo "survivors: $(grep '^survived ' "$work/results" | cut -d' ' -f2 | tr '\n' ' ')"
[ "$survived" -eq 0 ] && [ "$errors" -eq 0 ]
