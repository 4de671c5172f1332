// SPDX-License-Identifier: GPL-2.0-or-later
#include "live.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/can.h>

#include "foxess/engine.h"
#include "foxess/field-handles.h"
#include "foxess/protocol.h"

/* A condition is reported cleared after this many answered main polls
 * in a row without it: 0x1877 shows one pack record per poll, so a pack's
 * error comes round only every (packs + 1) polls, at most 9. */
#define LIVE_CLEAR_POLLS 10

/* Conditions followed at once; more are printed, but not followed. */
#define LIVE_MAX_CONDITIONS 32

/* Buses (interfaces) followed at once: each gets its own engine. */
#define LIVE_MAX_BUSES 64

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

static const unsigned shown_field[N_SHOWN] = {
	[SHOW_SOC] = FOX_FLD_PACK_SOC,
	[SHOW_VOLTAGE] = FOX_FLD_PACK_VOLTAGE,
	[SHOW_CURRENT] = FOX_FLD_PACK_CURRENT,
	[SHOW_CELL_MIN] = FOX_FLD_CELLS_VOLTAGE_MIN,
	[SHOW_CELL_MAX] = FOX_FLD_CELLS_VOLTAGE_MAX,
	[SHOW_STATUS] = FOX_FLD_FLAGS_STATUS,
	[SHOW_ONLINE] = FOX_FLD_FLAGS_ONLINE,
	[SHOW_ACTIVE_ERROR] = FOX_FLD_FLAGS_ACTIVE_ERROR,
	[SHOW_INHIBIT] = FOX_FLD_CELLS_CHARGE_INHIBIT,
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

/* What --live follows on one bus (interface), times in s since the
 * bus's first frame. */
struct live_bus {
	struct fox_bus *bus;
	uint64_t first_ts_ns;
	double now;
	bool any_poll, any_reply;
	double last_reply, first_poll;
	struct cycle cycle;
	struct condition cond[LIVE_MAX_CONDITIONS];
	unsigned n_cond;
};

struct live {
	bool status_lines;
	FILE *out;

	uint64_t frames, error_frames;
	uint64_t start_ms, last_frame_ms;
	uint64_t quiet_reported_ms; /* silence length last reported, 0 none */
	bool errors_only_reported;

	/* --live: one bus engine per interface */
	struct fox_lm_config cfg;
	struct fox_buses *buses;
	struct live_bus *bus[LIVE_MAX_BUSES];
	uint64_t ts_ns; /* of the frame being fed */
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
	if (status_lines) {
		fox_lm_config_default(&l->cfg);
		l->buses = fox_buses_new(&l->cfg);
		if (!l->buses) {
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
	for (unsigned i = 0; i < LIVE_MAX_BUSES; i++)
		free(l->bus[i]);
	fox_buses_free(l->buses);
	free(l);
}

/* "can1: " before every line when the capture has several buses. */
static const char *bus_prefix(const struct live *l, const struct live_bus *b,
			      char *buf, size_t size)
{
	if (fox_buses_count(l->buses) < 2)
		return "";
	snprintf(buf, size, "%s: ", b->bus->name);
	return buf;
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
static void age_conditions(struct live *l, struct live_bus *b)
{
	char clock[16], bus[48];
	unsigned kept = 0;

	for (unsigned i = 0; i < b->n_cond; i++) {
		struct condition *c = &b->cond[i];

		c->quiet = c->seen ? 0 : c->quiet + 1;
		c->seen = false;
		if (c->quiet < LIVE_CLEAR_POLLS) {
			b->cond[kept++] = *c;
			continue;
		}
		fprintf(l->out, "%s %scleared: %s%s%s%s\n",
			clock_text(l->ts_ns, clock, sizeof(clock)),
			bus_prefix(l, b, bus, sizeof(bus)),
			fox_lm_events[c->type].summary, *c->detail ? " (" : "",
			c->detail, *c->detail ? ")" : "");
	}
	b->n_cond = kept;
}

/* The status line of the answered main poll b->cycle. */
static void print_cycle(struct live *l, struct live_bus *b)
{
	const struct cycle *c = &b->cycle;
	char line[320] = "", clock[16], cells[64], a[24], v[24], bus[48];

	append_value(c, SHOW_SOC, "SoC", line, sizeof(line));
	append_value(c, SHOW_VOLTAGE, "", line, sizeof(line));
	append_value(c, SHOW_CURRENT, "", line, sizeof(line));
	if (c->have[SHOW_CELL_MIN] && c->have[SHOW_CELL_MAX]) {
		fox_format_value(&c->value[SHOW_CELL_MIN], a, sizeof(a));
		fox_format_value(&c->value[SHOW_CELL_MAX], v, sizeof(v));
		snprintf(cells, sizeof(cells), "cells %s..%s", a, v);
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
	fprintf(l->out, "%s %s%s\n", clock_text(c->ts_ns, clock, sizeof(clock)),
		bus_prefix(l, b, bus, sizeof(bus)), line);
}

static void close_cycle(struct live *l, struct live_bus *b)
{
	if (b->cycle.open && b->cycle.answered) {
		print_cycle(l, b);
		age_conditions(l, b);
	}
	b->cycle.open = false;
}

/* Events that concern one moment; everything else is a condition that
 * the engine raises on every frame showing it. */
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
static bool condition_starts(struct live_bus *b, const struct fox_lm_event *ev)
{
	struct condition *c;

	for (unsigned i = 0; i < b->n_cond; i++) {
		c = &b->cond[i];
		if (c->type == ev->type && !strcmp(c->detail, ev->detail)) {
			c->seen = true;
			return false;
		}
	}
	if (b->n_cond == LIVE_MAX_CONDITIONS)
		return true;
	c = &b->cond[b->n_cond++];
	c->type = ev->type;
	memcpy(c->detail, ev->detail, sizeof(c->detail));
	c->seen = true;
	c->quiet = 0;
	return true;
}

static void print_event(struct live *l, struct live_bus *b,
			const struct fox_lm_event *ev)
{
	static const char *const level[] = {
		[FOX_LM_SEV_NONE] = "",
		[FOX_LM_SEV_NOTE] = "NOTE ",
		[FOX_LM_SEV_WARN] = "WARN ",
		[FOX_LM_SEV_ERROR] = "ERROR ",
	};
	char text[512], clock[16], buf[48];
	const char *bus;

	if (ev->type == FOX_LM_EV_POLL_ANSWERED)
		return; /* the status line shows it */
	if (!one_time_event(ev->type) && !condition_starts(b, ev))
		return;
	fox_lm_event_describe(ev, &l->cfg, text, sizeof(text));
	clock_text(l->ts_ns, clock, sizeof(clock));
	bus = bus_prefix(l, b, buf, sizeof(buf));
	if (ev->type == FOX_LM_EV_POLL_UNANSWERED) {
		double since = b->any_reply ? b->last_reply : b->first_poll;

		fprintf(l->out, "%s %sBMS not answering for %u s: %s\n", clock,
			bus, (unsigned)(b->now - since), text);
		return;
	}
	fprintf(l->out, "%s %s%s%s\n", clock, bus,
		level[fox_lm_events[ev->type].severity], text);
}

static void take_values(struct cycle *c, const struct fox_decoded *d)
{
	for (unsigned i = 0; i < d->n_values; i++)
		for (int s = 0; s < N_SHOWN; s++)
			if (d->values[i].field ==
				    fox_field_of(shown_field[s]) &&
			    !c->have[s]) {
				c->value[s] = d->values[i];
				c->have[s] = true;
			}
}

static void feed(struct live *l, struct live_bus *b,
		 const struct fox_lm_frame *f)
{
	const struct fox_record *rec = fox_engine_feed(b->bus->engine, f);
	const struct fox_lm_link *link = &rec->link;
	bool poll = link->is_request && link->class == FOX_CLASS_MAIN;

	/* The poll's line is complete when its reply window has closed;
	 * the events of this frame come after it. */
	if (b->cycle.open &&
	    (poll || b->now - b->cycle.time > l->cfg.reply_window))
		close_cycle(l, b);
	for (unsigned i = 0; i < rec->n_events; i++)
		print_event(l, b, &rec->events[i]);
	if (poll) {
		if (!b->any_poll)
			b->first_poll = b->now;
		b->any_poll = true;
		memset(&b->cycle, 0, sizeof(b->cycle));
		b->cycle.open = true;
		b->cycle.ts_ns = l->ts_ns;
		b->cycle.time = b->now;
	} else if (link->class == FOX_CLASS_MAIN && link->request_frame &&
		   b->cycle.open) {
		b->cycle.answered = true;
		b->any_reply = true;
		b->last_reply = b->now;
		if (rec->decoded && rec->decoded->status != FOX_UNKNOWN_ID)
			take_values(&b->cycle, rec->decoded);
	}
	fflush(l->out);
}

/* The state of bus (interface) iface, created on its first frame; NULL
 * beyond LIVE_MAX_BUSES or out of memory. */
static struct live_bus *live_bus(struct live *l, unsigned iface,
				 const char *name, uint64_t ts_ns)
{
	struct fox_bus *bus = fox_buses_get(l->buses, iface, name);
	struct live_bus *b;

	if (!bus || bus->index >= LIVE_MAX_BUSES)
		return NULL;
	b = l->bus[bus->index];
	if (!b) {
		b = calloc(1, sizeof(*b));
		if (!b)
			return NULL;
		b->bus = bus;
		b->first_ts_ns = ts_ns;
		l->bus[bus->index] = b;
	}
	return b;
}

void live_record(struct live *l, unsigned iface, const char *iface_name,
		 const uint8_t *rec, uint32_t caplen, uint64_t ts_ns,
		 uint64_t now_ms)
{
	struct fox_lm_frame f = { 0 };
	struct live_bus *b;
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
	if (!l->buses || (can_id & CAN_RTR_FLAG))
		return;
	b = live_bus(l, iface, iface_name, ts_ns);
	if (!b)
		return;
	l->ts_ns = ts_ns;
	/* Relative times keep microsecond deltas exact in a double. */
	b->now = ts_ns > b->first_ts_ns ? (ts_ns - b->first_ts_ns) / 1e9 : 0;
	f.number = (uint32_t)l->frames;
	f.time = b->now;
	f.error = (can_id & CAN_ERR_FLAG) != 0;
	f.extended = (can_id & CAN_EFF_FLAG) != 0;
	f.id = can_id & (f.extended ? CAN_EFF_MASK : CAN_SFF_MASK);
	f.data = rec + 8;
	f.len = rec[4] < caplen - 8 ? rec[4] : caplen - 8;
	feed(l, b, &f);
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

/* The engine's account of one bus's whole capture, one line. */
static void print_link_summary(struct live *l, const struct fox_bus *bus,
			       FILE *out)
{
	const struct fox_lm_stats *st = fox_engine_stats(bus->engine);
	double longest = 0;
	unsigned kept;

	if (!st->requests[FOX_CLASS_MAIN])
		return;
	kept = st->n_episodes < FOX_LM_MAX_EPISODES ? st->n_episodes :
						      FOX_LM_MAX_EPISODES;
	for (unsigned i = 0; i < kept; i++)
		if (st->episodes[i].duration > longest)
			longest = st->episodes[i].duration;
	fprintf(out, "foxcap: %s%smain polls: %llu answered, %llu unanswered",
		fox_buses_count(l->buses) > 1 ? bus->name : "",
		fox_buses_count(l->buses) > 1 ? ": " : "",
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
	if (l->buses) {
		for (unsigned i = 0; i < LIVE_MAX_BUSES; i++)
			if (l->bus[i])
				close_cycle(l, l->bus[i]);
		fflush(l->out);
		fox_buses_finish(l->buses);
		for (unsigned i = 0; i < fox_buses_count(l->buses); i++)
			print_link_summary(l, fox_buses_at(l->buses, i), out);
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
