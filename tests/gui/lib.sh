# Shared by the GUI tests: a private X server (Xvfb), and the real
# Wireshark GUI with the built plugin and the FoxESS profile, run the way
# tests/tshark.sh runs tshark.  As root Wireshark ignores personal plugins
# and WIRESHARK_PLUGIN_DIR, so it runs as the unprivileged user nobody
# with HOME, XDG dirs and a configuration dir (holding only the profile and
# a fixed window geometry) in a private stage directory.
#   . lib.sh; gui_init SOURCE_DIR; ws_start ARGS...; wait_title REGEX; ...
# Needs FOXESS_PLUGIN_DIR (the build tree's plugins dir).
: "${FOXESS_PLUGIN_DIR:?set FOXESS_PLUGIN_DIR to the build tree's plugins dir}"
export TZ=UTC LC_ALL=C

# Fixed geometry: every screenshot and pixel position depends on it.
GUI_WIDTH=1600
GUI_HEIGHT=1000

gui_fail_count=0
fail() {
	echo "FAIL: $*"
	gui_fail_count=$((gui_fail_count + 1))
}

# On exit, whatever happened: no Wireshark, no X server left behind.
gui_cleanup() {
	if [ -n "${ws_pid:-}" ]; then
		kill "$ws_pid" 2>/dev/null || true
	fi
	if [ -n "${xvfb_pid:-}" ]; then
		kill "$xvfb_pid" 2>/dev/null || true
	fi
	wait 2>/dev/null || true
	rm -rf "$stage"
}

# gui_init SOURCE_DIR [OUTDIR]: stage dir, plugin and profile copies,
# Xvfb; OUTDIR (made if missing) is where the test writes screenshots.
gui_init() {
	src=$1
	outdir=${2:-}
	[ -z "$outdir" ] || mkdir -p "$outdir"
	stage=$(mktemp -d /tmp/foxess-gui.XXXXXX)
	trap gui_cleanup EXIT
	trap 'exit 1' INT TERM
	chmod 0755 "$stage"
	cp -R "$FOXESS_PLUGIN_DIR" "$stage/plugins"
	mkdir -p "$stage/config/profiles" "$stage/home" "$stage/runtime" \
		"$stage/out"
	cp -R "$src/profile/FoxESS" "$stage/config/profiles/"
	cat >"$stage/config/recent_common" <<-EOR
		gui.geometry_main_x: 0
		gui.geometry_main_y: 0
		gui.geometry_main_width: $GUI_WIDTH
		gui.geometry_main_height: $GUI_HEIGHT
		gui.geometry_main_maximized: FALSE
		privs.warn_if_elevated: FALSE
		sys.warn_if_no_capture: FALSE
	EOR
	chmod -R a+rX "$stage"
	if [ "$(id -u)" = 0 ]; then
		chown -R 65534:65534 "$stage/config" "$stage/home" \
			"$stage/runtime" "$stage/out"
	fi
	chmod 0700 "$stage/runtime"
	chmod 0777 "$stage/out"

	# -displayfd: Xvfb picks a free display and says which once ready.
	# -noreset: by default the server resets when its last client (an
	# xdotool call) disconnects, and a client connecting then fails.
	Xvfb -displayfd 3 -screen 0 "${GUI_WIDTH}x${GUI_HEIGHT}x24" \
		-nolisten tcp -ac -noreset 3>"$stage/display" >"$stage/xvfb.log" 2>&1 &
	xvfb_pid=$!
	i=0
	while [ ! -s "$stage/display" ]; do
		i=$((i + 1))
		[ "$i" -le 300 ] || {
			echo "Xvfb did not start: $(cat "$stage/xvfb.log")"
			exit 1
		}
		sleep 0.1
	done
	DISPLAY=:$(cat "$stage/display")
	export DISPLAY
	# The user Wireshark runs as must be able to connect.
	i=0
	until as_user xdotool getdisplaygeometry >/dev/null 2>&1; do
		i=$((i + 1))
		[ "$i" -le 100 ] || {
			echo "cannot connect to Xvfb on $DISPLAY"
			exit 1
		}
		sleep 0.1
	done
}

# as_user COMMAND: run as the user Wireshark runs as.
as_user() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		"$@"
	fi
}

# stage_capture FILE: a copy user nobody can read; prints its path.
stage_capture() {
	cp "$1" "$stage/$(basename "$1")"
	chmod a+r "$stage/$(basename "$1")"
	echo "$stage/$(basename "$1")"
}

# ws_start ARGS: Wireshark with the FoxESS profile, in the background;
# ws_pid is Wireshark's own pid (setpriv and env exec it).  stdout and
# stderr go to $stage/ws.out and $stage/ws.err.
ws_start() {
	set -- env -i PATH=/usr/bin:/bin DISPLAY="$DISPLAY" TZ=UTC \
		LC_ALL=C.UTF-8 HOME="$stage/home" \
		XDG_CONFIG_HOME="$stage/home/.config" \
		XDG_CACHE_HOME="$stage/home/.cache" \
		XDG_RUNTIME_DIR="$stage/runtime" \
		WIRESHARK_CONFIG_DIR="$stage/config" \
		WIRESHARK_PLUGIN_DIR="$stage/plugins" \
		wireshark -C FoxESS "$@"
	if [ "$(id -u)" = 0 ]; then
		set -- setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	fi
	"$@" >"$stage/ws.out" 2>"$stage/ws.err" &
	ws_pid=$!
}

# ws_alive: Wireshark runs (an exited one stays a zombie until waited for).
ws_alive() {
	case $(awk '{ print $3 }' "/proc/$ws_pid/stat" 2>/dev/null) in
	"" | Z) return 1 ;;
	esac
}

# wait_idle: wait until Wireshark and the X server have both been asleep
# (state S, no CPU time used) in three samples 0.2 s apart: Wireshark has
# finished reading, retapping (-z) or exporting.  A Qt window at rest
# sleeps in poll(); a busy one is running or runnable (R), even when the
# loaded machine does not run it, or asleep waiting for an X server that
# is itself busy (on a loaded machine a retap seemed over while Xvfb
# still had its drawing to do, and the quit that followed cut it short).
wait_idle() {
	last=
	still=0
	i=0
	while [ "$still" -lt ${IDLE_SAMPLES:-3} ]; do
		[ -r "/proc/$ws_pid/stat" ] || return 1
		now=$(cat "/proc/$ws_pid/stat" "/proc/$xvfb_pid/stat" \
			2>/dev/null | awk '{ printf "%s %s ", $3, $14 + $15 }') ||
			return 1
		case $now in
		"S "*" S "*)
			[ "$now" = "$last" ] && still=$((still + 1)) || still=0
			;;
		*) still=0 ;;
		esac
		last=$now
		i=$((i + 1))
		[ "$i" -lt 600 ] || {
			echo "Wireshark still busy after 120 s" >&2
			return 1
		}
		sleep 0.2
	done
}

# wait_title REGEX [SECONDS]: wait for a visible window whose title
# matches; prints its id.  Polls the window list, no fixed sleeps.
wait_title() {
	limit=$((${2:-60} * 10))
	i=0
	while :; do
		w=$(xdotool search --onlyvisible --name "$1" 2>/dev/null |
			head -n 1)
		if [ -n "$w" ]; then
			echo "$w"
			return 0
		fi
		if ! ws_alive; then
			echo "Wireshark exited before a window '$1' showed:" \
				"$(cat "$stage/ws.err")" >&2
			return 1
		fi
		i=$((i + 1))
		if [ "$i" -gt "$limit" ]; then
			echo "no window '$1' after ${2:-60} s; windows:" \
				"$(xdotool search --onlyvisible --name . \
					getwindowname %@ 2>/dev/null | paste -sd'|' -)" >&2
			screenshot "$stage/out/timeout.png"
			cp "$stage/out/timeout.png" /tmp/foxess-gui-timeout.png
			return 1
		fi
		sleep 0.1
	done
}

# ws_open CAPTURE [ARGS]: Wireshark on CAPTURE; returns once the file is
# read, with the main window's id in ws_main (not printed: a command
# substitution would wait for Wireshark's end).  The window title shows up before
# that; the Expert Information dialog that -z expert asks for opens only
# after the read, so the wait is for it, which is then closed.
ws_open() {
	ws_cap=$1
	shift
	ws_start -r "$ws_cap" -z expert "$@"
	ws_main=$(wait_title "^$(basename "$ws_cap")\$") || return 1
	ws_dialog=$(wait_title "Expert Information") || return 1
	# The dialogs of -z retap the file; closing one in the middle of that
	# leaves the other taps (-z foxess,summary) half fed.
	wait_idle
	xdotool windowfocus "$ws_dialog" key Escape
	i=0
	while xdotool search --onlyvisible --name "Expert Information" 2>/dev/null \
		>/dev/null; do
		i=$((i + 1))
		[ "$i" -lt 100 ] || {
			echo "the Expert dialog did not close" >&2
			return 1
		}
		sleep 0.1
	done
	wait_idle
}

# ws_quit WINDOW: focus the main window and press Ctrl+Q (no window
# manager: keyboard input goes to the focused window), then wait for
# Wireshark to exit; -z output is flushed then.  Its exit status is left
# in ws_status (139: it crashed on the way out).
ws_quit() {
	wait_idle
	xdotool windowfocus "$1" key ctrl+q
	i=0
	while ws_alive; do
		i=$((i + 1))
		if [ "$i" -gt 100 ]; then
			fail "Wireshark did not quit on Ctrl+Q"
			kill "$ws_pid"
			break
		fi
		sleep 0.1
	done
	ws_status=0
	wait "$ws_pid" 2>/dev/null || ws_status=$?
	ws_pid=
}

# check_stderr: Wireshark said nothing but the lines every run on this
# machine prints (no Wi-Fi support; with Wireshark 4.4's and 4.6's Qt 6,
# notes on Qt's thread storage as it quits, with or without a FoxESS
# window open; 4.6's own text-window dialog, as it closes, notes that it
# disconnects its signals).  A plugin warning, a "Dissector bug" or a GLib
# critical fails the test.
check_stderr() {
	if grep -v -e '^nl80211 not found\.$' \
		-e '\[GUI WARNING\] -- QThreadStorage: Thread 0x[0-9a-f]* exited after QThreadStorage [0-9]* destroyed$' \
		-e '\[GUI WARNING\] -- QObject::disconnect: wildcard call disconnects from destroyed signal of FunnelTextDialog::FunnelTextDialog$' \
		"$stage/ws.err" >"$stage/ws.err.unexpected"; then
		fail "Wireshark wrote to stderr: $(head -n 5 "$stage/ws.err.unexpected")"
	fi
}

# visible_windows: how many windows are visible (a menu that opens is
# one more); popups_become N: wait until there are N, false after 10 s.
# Keys sent before a menu shows go to the window below it.
visible_windows() {
	xdotool search --onlyvisible --class . 2>/dev/null | wc -l
}
popups_become() {
	i=0
	until [ "$(visible_windows)" = "$1" ]; do
		i=$((i + 1))
		[ "$i" -lt 100 ] || return 1
		sleep 0.1
	done
}

# open_menu WINDOW KEYS NAME: KEYS (say alt+s) in WINDOW open its menu
# NAME; false, saying so, when no menu shows within 10 s.
open_menu() {
	n=$(visible_windows)
	xdotool windowfocus "$1" key "$2"
	popups_become $((n + 1)) || {
		echo "the $3 menu did not open" >&2
		return 1
	}
}

# screenshot FILE: the whole screen as PNG.
screenshot() {
	import -window root "$1"
}

# line_colours IMAGE X Y W H: for every pixel line of the region, its most
# common colour ("y r g b", y relative to the region): the background of
# a packet-list row, whatever text is written on it.
line_colours() {
	convert "$1" -crop "${4}x${5}+${2}+${3}" +repage -depth 8 txt:- |
		awk -F'[,:() ]+' 'NR > 1 {
			key = $2 " " $3 " " $4 " " $5
			n[key]++
			if (n[key] > best[$2]) { best[$2] = n[key]; col[$2] = $3 " " $4 " " $5 }
		}
		END { for (y in col) print y, col[y] }' | sort -n
}

# runs: "y r g b" lines in, runs of one colour out: "first last r g b".
runs() {
	awk '$2 " " $3 " " $4 != c {
		if (c != "") print first, last, c
		c = $2 " " $3 " " $4; first = $1
	}
	{ last = $1 }
	END { if (c != "") print first, last, c }'
}

# export_text WINDOW FILE: File > Export Packet Dissections > As Plain
# Text, of the displayed packets (the dialog's default), summary lines with
# column headings and the tree as displayed, to FILE (in $stage/out).
# The menu has no mnemonic for the submenu: seven steps down from Open
# Recent in Wireshark 4.0's File menu (disabled entries are skipped).
export_text() {
	open_menu "$1" alt+f File || return 1
	xdotool key Down Down Down Down Down Down Down Down Right
	popups_become $((n + 2)) || {
		echo "File > Export Packet Dissections did not open" >&2
		return 1
	}
	xdotool key t
	dialog=$(wait_title "Export Packet Dissections") || return 1
	xdotool windowfocus "$dialog" type --delay 5 "$2"
	xdotool key Return
	wait_closed "Export Packet Dissections" || {
		echo "the export dialog did not close" >&2
		return 1
	}
}

# clipboard_text WINDOW FILE [KEYS]: select all in the focused widget of
# WINDOW (a text view), copy (or press KEYS), and write the clipboard's
# text to FILE.  The clipboard is owned by Wireshark: read it while it
# runs.  A marker put there first tells an old clipboard from the new copy.
clipboard_text() {
	echo "clipboard_text: nothing copied" |
		as_user xclip -i -selection clipboard
	xdotool windowfocus "$1" key ${3:-ctrl+a ctrl+c}
	i=0
	until as_user xclip -o -selection clipboard >"$2" 2>/dev/null &&
		! grep -q '^clipboard_text: nothing copied$' "$2"; do
		i=$((i + 1))
		[ "$i" -lt 50 ] || {
			echo "nothing on the clipboard after Ctrl+A, Ctrl+C" >&2
			return 1
		}
		sleep 0.1
	done
}

# stable_screenshot FILE: the screen once two screenshots in a row agree
# (a window that just opened or resized repaints for a while).
stable_screenshot() {
	screenshot "$1"
	i=0
	while :; do
		screenshot "$stage/stable.png"
		cmp -s "$1" "$stage/stable.png" && break
		mv "$stage/stable.png" "$1"
		i=$((i + 1))
		[ "$i" -lt 50 ] || break
	done
}

# summary_text WINDOW FILE [REGEX]: the text of a FoxESS text window once
# it holds its statistic (a line matching REGEX, by default the summary's
# "Capture:" line) and two copies agree: on a loaded machine the window
# shows its placeholder while Wireshark retaps, and a copy asked for then
# can get lost.  Gives up after 90 s.
summary_text() {
	end=$(($(date +%s) + 90))
	: >"$stage/summary.prev"
	while :; do
		if clipboard_text "$1" "$2" 2>/dev/null &&
			grep -q "${3:-^Capture:}" "$2"; then
			cmp -s "$2" "$stage/summary.prev" && return 0
			cp "$2" "$stage/summary.prev"
		fi
		[ "$(date +%s)" -lt "$end" ] || {
			echo "no settled summary in the window after 90 s" >&2
			return 1
		}
		sleep 0.5
	done
}

# same_summary WHAT: the window's copied text ($stage/window.txt) must be
# tshark's summary ($stage/tshark.txt), byte for byte; WHAT names the case.
same_summary() {
	if diff -u "$stage/tshark.txt" "$stage/window.txt" >"$stage/diff"; then
		echo "$1: window = tshark summary" \
			"($(wc -l <"$stage/window.txt") lines)"
	else
		fail "$1: the window's text (+) differs from tshark's (-)"
		head -n 20 "$stage/diff"
	fi
}

# wait_closed TITLE: wait until no visible window's title matches TITLE;
# false after 10 s.
wait_closed() {
	i=0
	while xdotool search --onlyvisible --name "$1" >/dev/null 2>&1; do
		i=$((i + 1))
		[ "$i" -lt 100 ] || return 1
		sleep 0.1
	done
}

# close_window WINDOW TITLE WHAT: Escape closes WINDOW; fails WHAT when a
# window titled TITLE is still there after 10 s.
close_window() {
	xdotool windowfocus "$1" key Escape
	wait_closed "$2" || fail "$3: the window did not close"
}

# z_window CAPTURE ARG TITLE: tshark -q -z ARG on CAPTURE (a staged copy)
# into $stage/tshark.txt, then Wireshark with -r CAPTURE -z ARG; sets main
# (its main window) and win (the window titled TITLE) once both show, or
# returns 1.
z_window() {
	cap=$(stage_capture "$1")
	"$src/tests/tshark.sh" -r "$cap" -q -z "$2" >"$stage/tshark.txt"
	ws_start -r "$cap" -z "$2"
	main=$(wait_title "^$(basename "$1")\$") &&
		win=$(wait_title "^Wireshark · $3\$")
}

# quit_clean MAIN WHAT: quits Wireshark (main window MAIN); fails WHAT
# unless it exits 0 with nothing on stdout or stderr.
quit_clean() {
	ws_quit "$1"
	[ "$ws_status" = 0 ] || fail "$2: Wireshark exited with status $ws_status"
	[ ! -s "$stage/ws.out" ] ||
		fail "$2: Wireshark wrote to stdout: $(head -n 3 "$stage/ws.out")"
	check_stderr
}
