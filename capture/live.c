// SPDX-License-Identifier: GPL-2.0-or-later
#include "live.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/can.h>

#include "foxess/protocol.h"

#define FOXESS_POLL_ID	   0x1871
#define FOXESS_REPLY_FIRST 0x1872
#define FOXESS_REPLY_LAST  0x1879

/* The values a status line shows, in order. */
enum shown {
	SHOW_SOC,
	SHOW_VOLTAGE,
	SHOW_CURRENT,
	SHOW_CELL_MIN,
	SHOW_CELL_MAX,
	SHOW_STATUS,
	SHOW_ONLINE,
	SHOW_ACTIVE_ERROR,
	SHOW_INHIBIT,
	N_SHOWN,
};

static const char *const shown_abbrev[N_SHOWN] = {
	[SHOW_SOC] = "foxess.pack.soc",
	[SHOW_VOLTAGE] = "foxess.pack.voltage",
	[SHOW_CURRENT] = "foxess.pack.current",
	[SHOW_CELL_MIN] = "foxess.cells.voltage_min",
	[SHOW_CELL_MAX] = "foxess.cells.voltage_max",
	[SHOW_STATUS] = "foxess.flags.status",
	[SHOW_ONLINE] = "foxess.flags.online",
	[SHOW_ACTIVE_ERROR] = "foxess.flags.active_error",
	[SHOW_INHIBIT] = "foxess.cells.charge_inhibit",
};

struct live {
	bool status_lines;
	FILE *out;

	uint64_t frames, error_frames;
	uint64_t start_ms, last_frame_ms;
	uint64_t quiet_reported_ms; /* silence length last reported, 0 none */
	bool errors_only_reported;

	bool in_cycle; /* a main poll has been seen */
	uint64_t poll_ts_ns;
	unsigned replies;	/* 0x1872-0x1879 since the last poll */
	uint64_t last_reply_ns; /* 0: never */
	uint64_t first_poll_ns;
	bool have[N_SHOWN];
	struct fox_value value[N_SHOWN];
};

struct live *live_new(bool status_lines, FILE *out)
{
	struct live *l = calloc(1, sizeof(*l));
	struct timespec now;

	if (!l)
		return NULL;
	l->status_lines = status_lines;
	l->out = out;
	clock_gettime(CLOCK_MONOTONIC, &now);
	l->start_ms =
		(uint64_t)now.tv_sec * 1000 + (uint64_t)now.tv_nsec / 1000000;
	return l;
}

void live_free(struct live *l)
{
	free(l);
}

static const char *clock_text(uint64_t ts_ns, char *buf, size_t size)
{
	time_t sec = (time_t)(ts_ns / 1000000000u);
	struct tm tm;

	localtime_r(&sec, &tm);
	strftime(buf, size, "%H:%M:%S", &tm);
	return buf;
}

static void append(char *line, size_t size, const char *text)
{
	size_t used = strlen(line);

	snprintf(line + used, size - used, "%s%s", used ? "  " : "", text);
}

static void append_value(struct live *l, enum shown s, const char *label,
			 char *line, size_t size)
{
	char text[64], value[48];

	if (!l->have[s]) {
		snprintf(text, sizeof(text), "%s -", label);
	} else {
		fox_format_value(&l->value[s], value, sizeof(value));
		snprintf(text, sizeof(text), "%s%s%s", label, *label ? " " : "",
			 value);
	}
	append(line, size, text);
}

static bool flag_set(const struct live *l, enum shown s)
{
	return l->have[s] && l->value[s].raw;
}

/* The line for the cycle the previous main poll opened; now_ns is the
 * time of the poll that closes it. */
static void print_cycle(struct live *l, uint64_t now_ns)
{
	char line[320] = "", clock[16], cells[64], a[24], b[24];

	if (!l->replies) {
		uint64_t since =
			l->last_reply_ns ? l->last_reply_ns : l->first_poll_ns;

		fprintf(l->out, "%s BMS not answering for %llu s\n",
			clock_text(now_ns, clock, sizeof(clock)),
			(unsigned long long)((now_ns - since) / 1000000000u));
		fflush(l->out);
		return;
	}
	append_value(l, SHOW_SOC, "SoC", line, sizeof(line));
	append_value(l, SHOW_VOLTAGE, "", line, sizeof(line));
	append_value(l, SHOW_CURRENT, "", line, sizeof(line));
	if (l->have[SHOW_CELL_MIN] && l->have[SHOW_CELL_MAX]) {
		fox_format_value(&l->value[SHOW_CELL_MIN], a, sizeof(a));
		fox_format_value(&l->value[SHOW_CELL_MAX], b, sizeof(b));
		snprintf(cells, sizeof(cells), "cells %s..%s", a, b);
		append(line, sizeof(line), cells);
	} else {
		append(line, sizeof(line), "cells -");
	}
	if (l->have[SHOW_STATUS])
		append_value(l, SHOW_STATUS, "status", line, sizeof(line));
	/* the status code already says charging / discharging / idle */
	if (l->have[SHOW_ONLINE])
		append(line, sizeof(line),
		       flag_set(l, SHOW_ONLINE) ? "on-line" : "OFF-LINE");
	if (flag_set(l, SHOW_ACTIVE_ERROR))
		append(line, sizeof(line), "ACTIVE ERROR");
	if (flag_set(l, SHOW_INHIBIT))
		append(line, sizeof(line), "CHARGE INHIBIT");
	fprintf(l->out, "%s %s\n",
		clock_text(l->poll_ts_ns, clock, sizeof(clock)), line);
	fflush(l->out);
}

static void foxess_frame(struct live *l, uint32_t id, const uint8_t *data,
			 uint8_t len, uint64_t ts_ns)
{
	struct fox_decoded d;

	if (id == FOXESS_POLL_ID && len >= 5 && data[0] == 1 && data[4] == 0) {
		if (l->in_cycle)
			print_cycle(l, ts_ns);
		else
			l->first_poll_ns = ts_ns;
		l->in_cycle = true;
		l->poll_ts_ns = ts_ns;
		l->replies = 0;
		memset(l->have, 0, sizeof(l->have));
		return;
	}
	if (id < FOXESS_REPLY_FIRST || id > FOXESS_REPLY_LAST)
		return;
	l->replies++;
	l->last_reply_ns = ts_ns;
	if (fox_decode(FOX_PROTO_FOXESS, id, true, data, len,
		       FOX_VARIANT_UNKNOWN, &d) == FOX_UNKNOWN_ID)
		return;
	for (int s = 0; s < N_SHOWN; s++) {
		const struct fox_value *v =
			fox_decoded_get(&d, shown_abbrev[s], 0);

		if (v) {
			l->value[s] = *v;
			l->have[s] = true;
		}
	}
}

void live_record(struct live *l, const uint8_t *rec, uint32_t caplen,
		 uint64_t ts_ns, uint64_t now_ms)
{
	uint32_t can_id;
	uint8_t len;

	if (caplen < 8)
		return;
	memcpy(&can_id, rec, 4);
	can_id = ntohl(can_id);
	if (l->quiet_reported_ms) {
		fprintf(stderr,
			"foxcap: frames again after %llu s of silence\n",
			(unsigned long long)((now_ms -
					      (l->last_frame_ms ?
						       l->last_frame_ms :
						       l->start_ms)) /
					     1000));
		l->quiet_reported_ms = 0;
	}
	l->frames++;
	l->last_frame_ms = now_ms;
	if (can_id & CAN_ERR_FLAG) {
		l->error_frames++;
		return;
	}
	if (!l->status_lines || !(can_id & CAN_EFF_FLAG) ||
	    (can_id & CAN_RTR_FLAG))
		return;
	len = rec[4];
	if (len > caplen - 8)
		len = (uint8_t)(caplen - 8);
	foxess_frame(l, can_id & CAN_EFF_MASK, rec + 8, len, ts_ns);
}

void live_tick(struct live *l, uint64_t now_ms)
{
	uint64_t since = l->last_frame_ms ? l->last_frame_ms : l->start_ms;
	uint64_t quiet_ms = now_ms - since;

	if (!l->status_lines)
		return;
	/* report at 5 s, then once a minute while it lasts */
	if (quiet_ms >= LIVE_QUIET_S * 1000 &&
	    (!l->quiet_reported_ms ||
	     quiet_ms >= l->quiet_reported_ms + 60000)) {
		fprintf(stderr, "foxcap: no frames at all in %llu s%s\n",
			(unsigned long long)(quiet_ms / 1000),
			l->frames ?
				"" :
				": check wiring, bitrate (FoxESS: 500 kbit/s) and that the inverter is on");
		l->quiet_reported_ms = quiet_ms;
	}
	if (l->frames && l->frames == l->error_frames &&
	    !l->errors_only_reported) {
		fprintf(stderr,
			"foxcap: only error frames so far: check the bitrate (FoxESS uses 500 kbit/s) and termination\n");
		l->errors_only_reported = true;
	}
}

bool live_verdict(struct live *l, uint64_t elapsed_ms, FILE *out)
{
	if (l->frames == 0) {
		fprintf(out,
			"foxcap: no frames at all in %llu s: check wiring, that the interface runs at 500 kbit/s (FoxESS) and that the inverter is on\n",
			(unsigned long long)(elapsed_ms / 1000));
		return false;
	}
	if (l->frames == l->error_frames) {
		fprintf(out,
			"foxcap: only error frames (%llu): check the bitrate (FoxESS uses 500 kbit/s) and termination (120 ohm at each end)\n",
			(unsigned long long)l->error_frames);
		return false;
	}
	return true;
}
