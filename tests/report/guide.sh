#!/bin/sh
# Every command of docs/user-guide.md (its sh blocks), run as written in a
# scratch directory, each with a check of what it produced; every filter of
# its dfilter block compiled.  A command in the guide that this script does
# not know, or one it knows that left the guide, fails the test.
#   usage: FOXESS_PLUGIN_DIR=... guide.sh SOURCE_DIR BUILD_DIR [FOXCAP]
set -eu
src=$1
build=$2
foxcap=${3:-}
guide="$src/docs/user-guide.md"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 0777 "$work"
failed=0
notrun=0
fail() {
	echo "FAIL: $1: $2"
	failed=$((failed + 1))
}

# The guide's commands, one per line, in order.
awk '/^```sh$/ { on = 1; next } /^```/ { on = 0 } on && NF' "$guide" \
	>"$work/commands"

# Scratch dir: build/ is the real build tree, tshark runs with the built
# plugin (tests/tshark.sh), sudo is a no-op for root.
cd "$work"
ln -s "$build" build
mkdir bin home
real_path=$PATH
cat >bin/tshark <<SH
#!/bin/sh
PATH="$real_path" exec "$src/tests/tshark.sh" "\$@"
SH
printf '#!/bin/sh\nexec "$@"\n' >bin/sudo
ln -s "$src/tools/report/foxess-report" bin/foxess-report
[ -z "$foxcap" ] || ln -s "$foxcap" bin/foxcap
chmod +x bin/*
export PATH="$work/bin:$PATH" TZ=UTC
# The profile as a personal install would place it (profile.sh checks the
# install itself).
export WIRESHARK_CONFIG_DIR="$work/config"
mkdir -p config/profiles
cp -R "$src/profile/FoxESS" config/profiles/
chmod -R a+rX config
cp "$src/test-captures/worked-examples.log" capture.log
# The same frames as a Battery-Emulator "CAN Tools" log.
cat >battery-emulator.txt <<'LOG'
(10085.151) rx6 00001871 [8] 01 00 01 00 00 00 00 00
(10085.152) tx6 00001873 [8] A3 10 0D 00 5D 00 77 07
(10085.153) tx6 00001876 [8] 01 00 07 0D 00 00 FE 0C
LOG
count() {
	tshark -n -r "$1" -Y "$2" | wc -l
}

check() {
	cmd=$1
	case $cmd in
	"sudo apt-get install tshark wireshark gnuplot-nox")
		for p in tshark wireshark gnuplot-nox; do
			dpkg-query -W "$p" >/dev/null 2>&1 ||
				apt-cache show "$p" >/dev/null 2>&1 ||
				fail "$cmd" "no package $p"
		done
		return ;;
	"sudo cmake --install build")
		DESTDIR="$work/stage1" HOME="$work/home" sh -c "$cmd" >out
		[ -n "$(find stage1 -path '*/profiles/FoxESS/colorfilters')" ] &&
			[ -n "$(find stage1 -name foxess.so)" ] &&
			[ -n "$(find stage1 -name foxess-report)" ] ||
			fail "$cmd" "plugin, profile or foxess-report not installed"
		return ;;
	"cmake --install build --prefix ~/.local")
		DESTDIR="$work/stage2" HOME="$work/home" sh -c "$cmd" >out
		[ -x "stage2$work/home/.local/bin/foxess-report" ] ||
			fail "$cmd" "foxess-report not in ~/.local/bin"
		return ;;
	"tests/gui/screenshots.sh")
		# The gui.* tests run the same GUI steps; running it here would
		# rewrite docs/images.
		echo "NOT RUN (rewrites docs/images): $cmd"
		notrun=$((notrun + 1))
		[ -x "$src/$cmd" ] || fail "$cmd" "not an executable script"
		return ;;
	"foxcap "*)
		if [ -z "$foxcap" ]; then
			echo "NOT RUN (foxcap not built): $cmd"
			notrun=$((notrun + 1))
			tshark -r capture.log -w capture.pcapng
			return
		fi ;;
	esac
	if ! sh -c "$cmd" >out 2>err; then
		fail "$cmd" "exit status $?: $(cat err)"
		return
	fi
	case $cmd in
	"tshark -G plugins | grep foxess")
		grep -q 'foxess\.so' out || fail "$cmd" "no foxess.so" ;;
	"tshark -r capture.log -Y foxess")
		grep -q 'Pack: 425\.9 V, 1\.3 A, SoC 93%' out ||
			fail "$cmd" "worked example 0x1873 not decoded" ;;
	"foxcap convert capture.log capture.pcapng")
		[ "$(count capture.pcapng foxess)" = "$(count capture.log foxess)" ] ||
			fail "$cmd" "pcapng has other FoxESS frames than the log"
		# From here on a corpus capture, when there is one, is capture.pcapng.
		for c in "$src"/test-captures/*lost*.pcap* \
			"$src"/test-captures/*.pcap*; do
			[ -f "$c" ] || continue
			cp "$c" capture.pcapng
			break
		done ;;
	"foxcap convert battery-emulator.txt emulator.pcapng")
		tshark -n -r emulator.pcapng >out
		grep -q 'Request: Data request, Main poll' out &&
			grep -q 'Cells: CHARGE INHIBIT, max 3335 mV, min 3326 mV' out ||
			fail "$cmd" "frames not decoded from the converted log" ;;
	"tshark -r capture.pcapng -Y foxess")
		[ "$(grep -c FoxESS out)" -gt 0 ] &&
			[ "$(wc -l <out)" = "$(count capture.pcapng foxess)" ] ||
			fail "$cmd" "no FoxESS lines" ;;
	"tshark -r capture.pcapng -O foxess -Y 'foxess.frame == \"pack\"'")
		grep -q '^    SoC: [0-9]*%' out || fail "$cmd" "no SoC in the tree" ;;
	"tshark -G currentprefs | grep foxess")
		grep -q '^#foxess\.variant: ' out || fail "$cmd" "no foxess.variant" ;;
	"tshark -r capture.pcapng -o foxess.variant:h -Y foxess.pack.soc")
		[ "$(grep -c 'Pack: ' out)" -gt 0 ] || fail "$cmd" "no pack frames" ;;
	"tshark -2 -r capture.pcapng -q -z expert")
		if [ "$(count capture.pcapng _ws.expert)" -gt 0 ]; then
			grep -Eq '^(Errors|Warns|Notes|Chats)' out ||
				fail "$cmd" "expert infos not listed"
		fi ;;
	"tshark -C FoxESS -r capture.pcapng")
		grep -Eq ' FoxESS +[0-9]+% [0-9.]+ V -?[0-9]+\.[0-9] A +Pack: ' out ||
			fail "$cmd" "no SoC / voltage / current columns" ;;
	"foxess-report capture.pcapng report")
		grep -q '<h1>FoxESS CAN report</h1>' report/report.html &&
			[ -s report/soc.png ] || fail "$cmd" "no report" ;;
	"FOXESS_TSHARK=\"tshark -o foxess.variant:h\" foxess-report"*)
		grep -q '<h1>FoxESS CAN report</h1>' report-h/report.html ||
			fail "$cmd" "no report" ;;
	"tshark -r capture.pcapng -Y foxess.cell.voltage -T fields"*)
		[ "$(head -n 1 cells.csv)" = \
			"frame.time_epoch,foxess.cell.first,foxess.cell.voltage" ] &&
			[ "$(($(wc -l <cells.csv) - 1))" = \
				"$(count capture.pcapng foxess.cell.voltage)" ] &&
			awk -F , 'NR > 1 && NF != 6 { exit 1 }' cells.csv ||
			fail "$cmd" "not one row of time, first cell, 4 cells per frame" ;;
	"tshark -r capture.pcapng -Y foxess.poll.unanswered | head -n 1")
		n_unanswered=$(count capture.pcapng foxess.poll.unanswered)
		[ "$n_unanswered" -gt 0 ] || echo "note: no unanswered poll in capture.pcapng"
		[ "$(wc -l <out)" = "$((n_unanswered > 0))" ] ||
			fail "$cmd" "not one line for the first unanswered poll" ;;
	"tshark -r capture.pcapng -q -z io,stat,3600,"*)
		grep -q '^| Interval: ' out &&
			grep -q '^| Col 1: COUNT(can.flags.err)' out ||
			fail "$cmd" "no io,stat table" ;;
	"tshark -r capture.pcapng -Y 'foxess.bms_lost or foxess.link_restored'"*)
		[ "$(wc -l <out)" = \
			"$(count capture.pcapng 'foxess.bms_lost or foxess.link_restored')" ] ||
			fail "$cmd" "wrong number of episode lines" ;;
	"editcap -r capture.pcapng first-frames.pcapng 1-5")
		total=$(tshark -r capture.pcapng | wc -l)
		[ "$total" -lt 5 ] || total=5
		[ "$(tshark -r first-frames.pcapng | wc -l)" = "$total" ] ||
			fail "$cmd" "not the first 5 frames" ;;
	"editcap -A "*)
		capinfos first-minute.pcapng >/dev/null ||
			fail "$cmd" "no valid output file" ;;
	*)
		fail "$cmd" "guide command not known to tests/report/guide.sh" ;;
	esac
}

n=0
while IFS= read -r cmd; do
	n=$((n + 1))
	check "$cmd"
done <"$work/commands"
[ "$n" -ge 20 ] || fail "$guide" "only $n commands found"

# Every filter of the dfilter block (the text before the description).
awk '/^```dfilter$/ { on = 1; next } /^```/ { on = 0 } on && NF' "$guide" |
	sed 's/   .*//' >filters
[ "$(wc -l <filters)" -ge 10 ] || fail "$guide" "dfilter block not found"
while IFS= read -r f; do
	tshark -r capture.pcapng -Y "$f" >/dev/null 2>err ||
		fail "filter $f" "$(cat err)"
done <filters

echo "guide: $n commands, $(wc -l <filters) filters; $notrun not run; $failed failures"
[ "$failed" = 0 ]
