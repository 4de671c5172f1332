// SPDX-License-Identifier: GPL-2.0-or-later
#include "live.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/can.h>

#include "foxess/link-monitor.h"
#include "foxess/protocol.h"

/* A condition is reported cleared after this many answered main polls
 * in a row without it: 0x1877 shows one pack record per poll, so a pack's
 * error comes round only every (packs + 1) polls, at most 9. */
#define LIVE_CLEAR_POLLS 10

/* Conditions followed at once; more are printed, but not followed. */
#define LIVE_MAX_CONDITIONS 32

/* Events one frame can raise before they are printed. */
#define LIVE_MAX_PENDING 32

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

/* A diagnosis the link monitor keeps raising while it holds. */
struct condition {
	enum fox_lm_event_type type;
	char detail[FOX_LM_DETAIL_MAX];
	bool seen;	/* raised since the last status line */
	unsigned quiet; /* answered polls in a row without it */
};

/* The main poll whose status line is not printed yet. */
struct cycle {
	bool open;
	bool answered;
	uint64_t ts_ns;
	double time;
	bool have[N_SHOWN];
	struct fox_value value[N_SHOWN];
};

struct live {
	bool status_lines;
	FILE *out;

	uint64_t frames, error_frames;
	uint64_t start_ms, last_frame_ms;
	uint64_t quiet_reported_ms; /* silence length last reported, 0 none */
	bool errors_only_reported;

	/* --live: the link monitor's view, times in s since the first frame */
	struct fox_lm_config cfg;
	struct fox_lm *lm;
	uint64_t first_ts_ns, ts_ns;
	double now;
	bool timed, any_poll, any_reply;
	double last_reply, first_poll;
	struct cycle cycle;
	struct condition cond[LIVE_MAX_CONDITIONS];
	unsigned n_cond;
	struct fox_lm_event pending[LIVE_MAX_PENDING];
	unsigned n_pending;
};

static void print_event(struct live *l, const struct fox_lm_event *ev);

static void collect_event(void *ctx, const struct fox_lm_event *ev)
{
	struct live *l = ctx;

	/* Printed after the frame, so that a status line it completes
	 * comes first; an overflow is printed at once. */
	if (l->n_pending < LIVE_MAX_PENDING)
		l->pending[l->n_pending++] = *ev;
	else
		print_event(l, ev);
}

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
	if (status_lines) {
		fox_lm_config_default(&l->cfg);
		l->lm = fox_lm_new(&l->cfg, collect_event, l);
		if (!l->lm) {
			free(l);
			return NULL;
		}
	}
	return l;
}

void live_free(struct live *l)
{
	if (!l)
		return;
	fox_lm_free(l->lm);
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

static void append_value(const struct cycle *c, enum shown s, const char *label,
			 char *line, size_t size)
{
	char text[64], value[48];

	if (!c->have[s]) {
		snprintf(text, sizeof(text), "%s -", label);
	} else {
		fox_format_value(&c->value[s], value, sizeof(value));
		snprintf(text, sizeof(text), "%s%s%s", label, *label ? " " : "",
			 value);
	}
	append(line, size, text);
}

static bool flag_set(const struct cycle *c, enum shown s)
{
	return c->have[s] && c->value[s].raw;
}

/* Conditions not raised during LIVE_CLEAR_POLLS answered polls are over. */
static void age_conditions(struct live *l)
{
	char clock[16];
	unsigned kept = 0;

	for (unsigned i = 0; i < l->n_cond; i++) {
		struct condition *c = &l->cond[i];

		c->quiet = c->seen ? 0 : c->quiet + 1;
		c->seen = false;
		if (c->quiet < LIVE_CLEAR_POLLS) {
			l->cond[kept++] = *c;
			continue;
		}
		fprintf(l->out, "%s cleared: %s%s%s%s\n",
			clock_text(l->ts_ns, clock, sizeof(clock)),
			fox_lm_events[c->type].summary, *c->detail ? " (" : "",
			c->detail, *c->detail ? ")" : "");
	}
	l->n_cond = kept;
}

/* The status line of the answered main poll l->cycle. */
static void print_cycle(struct live *l)
{
	const struct cycle *c = &l->cycle;
	char line[320] = "", clock[16], cells[64], a[24], b[24];

	append_value(c, SHOW_SOC, "SoC", line, sizeof(line));
	append_value(c, SHOW_VOLTAGE, "", line, sizeof(line));
	append_value(c, SHOW_CURRENT, "", line, sizeof(line));
	if (c->have[SHOW_CELL_MIN] && c->have[SHOW_CELL_MAX]) {
		fox_format_value(&c->value[SHOW_CELL_MIN], a, sizeof(a));
		fox_format_value(&c->value[SHOW_CELL_MAX], b, sizeof(b));
		snprintf(cells, sizeof(cells), "cells %s..%s", a, b);
		append(line, sizeof(line), cells);
	} else {
		append(line, sizeof(line), "cells -");
	}
	if (c->have[SHOW_STATUS])
		append_value(c, SHOW_STATUS, "status", line, sizeof(line));
	/* the status code already says charging / discharging / idle */
	if (c->have[SHOW_ONLINE])
		append(line, sizeof(line),
		       flag_set(c, SHOW_ONLINE) ? "on-line" : "OFF-LINE");
	if (flag_set(c, SHOW_ACTIVE_ERROR))
		append(line, sizeof(line), "ACTIVE ERROR");
	if (flag_set(c, SHOW_INHIBIT))
		append(line, sizeof(line), "CHARGE INHIBIT");
	fprintf(l->out, "%s %s\n", clock_text(c->ts_ns, clock, sizeof(clock)),
		line);
}

static void close_cycle(struct live *l)
{
	if (l->cycle.open && l->cycle.answered) {
		print_cycle(l);
		age_conditions(l);
	}
	l->cycle.open = false;
}

/* Events that concern one moment; everything else is a condition that
 * the link monitor raises on every frame showing it. */
static bool one_time_event(enum fox_lm_event_type type)
{
	switch (type) {
	case FOX_LM_EV_POLL_ANSWERED:
	case FOX_LM_EV_POLL_UNANSWERED:
	case FOX_LM_EV_BMS_LOST:
	case FOX_LM_EV_NEVER_ANSWERED:
	case FOX_LM_EV_LINK_RESTORED:
	case FOX_LM_EV_PACK_DATA_MISSING:
	case FOX_LM_EV_SERIAL_MISSING:
	case FOX_LM_EV_PROTOCOL_MISMATCH:
		return true;
	default:
		return false;
	}
}

/* True when the condition ev is new, i.e. worth a line. */
static bool condition_starts(struct live *l, const struct fox_lm_event *ev)
{
	struct condition *c;

	for (unsigned i = 0; i < l->n_cond; i++) {
		c = &l->cond[i];
		if (c->type == ev->type && !strcmp(c->detail, ev->detail)) {
			c->seen = true;
			return false;
		}
	}
	if (l->n_cond == LIVE_MAX_CONDITIONS)
		return true;
	c = &l->cond[l->n_cond++];
	c->type = ev->type;
	memcpy(c->detail, ev->detail, sizeof(c->detail));
	c->seen = true;
	c->quiet = 0;
	return true;
}

static void print_event(struct live *l, const struct fox_lm_event *ev)
{
	static const char *const level[] = {
		[FOX_LM_SEV_NONE] = "",
		[FOX_LM_SEV_NOTE] = "NOTE ",
		[FOX_LM_SEV_WARN] = "WARN ",
		[FOX_LM_SEV_ERROR] = "ERROR ",
	};
	char text[512], clock[16];

	if (ev->type == FOX_LM_EV_POLL_ANSWERED)
		return; /* the status line shows it */
	if (!one_time_event(ev->type) && !condition_starts(l, ev))
		return;
	fox_lm_event_describe(ev, &l->cfg, text, sizeof(text));
	clock_text(l->ts_ns, clock, sizeof(clock));
	if (ev->type == FOX_LM_EV_POLL_UNANSWERED) {
		double since = l->any_reply ? l->last_reply : l->first_poll;

		fprintf(l->out, "%s BMS not answering for %u s: %s\n", clock,
			(unsigned)(l->now - since), text);
		return;
	}
	fprintf(l->out, "%s %s%s\n", clock,
		level[fox_lm_events[ev->type].severity], text);
}

static void take_values(struct cycle *c, const struct fox_decoded *d)
{
	for (int s = 0; s < N_SHOWN; s++) {
		const struct fox_value *v =
			fox_decoded_get(d, shown_abbrev[s], 0);

		if (v) {
			c->value[s] = *v;
			c->have[s] = true;
		}
	}
}

static void feed(struct live *l, const struct fox_lm_frame *f)
{
	struct fox_lm_link link;
	struct fox_decoded d;
	bool poll;

	l->n_pending = 0;
	fox_lm_feed(l->lm, f, &link);
	poll = link.is_request && link.class == FOX_CLASS_MAIN;
	/* The poll's line is complete when its reply window has closed. */
	if (l->cycle.open &&
	    (poll || l->now - l->cycle.time > l->cfg.reply_window))
		close_cycle(l);
	for (unsigned i = 0; i < l->n_pending; i++)
		print_event(l, &l->pending[i]);
	if (poll) {
		if (!l->any_poll)
			l->first_poll = l->now;
		l->any_poll = true;
		memset(&l->cycle, 0, sizeof(l->cycle));
		l->cycle.open = true;
		l->cycle.ts_ns = l->ts_ns;
		l->cycle.time = l->now;
	} else if (link.class == FOX_CLASS_MAIN && link.request_frame &&
		   l->cycle.open) {
		l->cycle.answered = true;
		l->any_reply = true;
		l->last_reply = l->now;
		if (fox_decode(FOX_PROTO_FOXESS, f->id, f->extended, f->data,
			       f->len, link.variant, &d) != FOX_UNKNOWN_ID)
			take_values(&l->cycle, &d);
	}
	fflush(l->out);
}

void live_record(struct live *l, const uint8_t *rec, uint32_t caplen,
		 uint64_t ts_ns, uint64_t now_ms)
{
	struct fox_lm_frame f = { 0 };
	uint32_t can_id;

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
	if (can_id & CAN_ERR_FLAG)
		l->error_frames++;
	/* A remote frame carries no data: it neither asks nor answers. */
	if (!l->lm || (can_id & CAN_RTR_FLAG))
		return;
	if (!l->timed)
		l->first_ts_ns = ts_ns;
	l->timed = true;
	l->ts_ns = ts_ns;
	/* Relative times keep microsecond deltas exact in a double. */
	l->now = ts_ns > l->first_ts_ns ? (ts_ns - l->first_ts_ns) / 1e9 : 0;
	f.number = (uint32_t)l->frames;
	f.time = l->now;
	f.error = (can_id & CAN_ERR_FLAG) != 0;
	f.extended = (can_id & CAN_EFF_FLAG) != 0;
	f.id = can_id & (f.extended ? CAN_EFF_MASK : CAN_SFF_MASK);
	f.data = rec + 8;
	f.len = rec[4] < caplen - 8 ? rec[4] : caplen - 8;
	feed(l, &f);
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

/* The link monitor's account of the whole capture, one line. */
static void print_link_summary(struct live *l, FILE *out)
{
	const struct fox_lm_stats *st;
	double longest = 0;
	unsigned kept;

	fox_lm_finish(l->lm);
	st = fox_lm_stats(l->lm);
	if (!st->requests[FOX_CLASS_MAIN])
		return;
	kept = st->n_episodes < FOX_LM_MAX_EPISODES ? st->n_episodes :
						      FOX_LM_MAX_EPISODES;
	for (unsigned i = 0; i < kept; i++)
		if (st->episodes[i].duration > longest)
			longest = st->episodes[i].duration;
	fprintf(out, "foxcap: main polls: %llu answered, %llu unanswered",
		(unsigned long long)st->polls_answered,
		(unsigned long long)st->polls_unanswered);
	if (st->n_episodes)
		fprintf(out, "; BMS Lost %u time%s, longest %.1f s%s",
			st->n_episodes, st->n_episodes > 1 ? "s" : "", longest,
			kept && st->episodes[kept - 1].ongoing ?
				", still lost at the end" :
				"");
	fputc('\n', out);
}

bool live_verdict(struct live *l, uint64_t elapsed_ms, FILE *out)
{
	if (l->lm) {
		close_cycle(l);
		fflush(l->out);
		print_link_summary(l, out);
	}
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
