// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the bus engine on its own (no Wireshark): hand-built frame
 * sequences (encoded through the protocol table) and the exact events
 * expected, each on the frame where it becomes certain.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "foxess/engine.h"

static int failures;

#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		if (!(cond)) {                                                 \
			failures++;                                            \
			fprintf(stderr, "%s:%d: %s: ", __FILE__, __LINE__,     \
				#cond);                                        \
			fprintf(stderr, __VA_ARGS__);                          \
			fputc('\n', stderr);                                   \
		}                                                              \
	} while (0)

#define MAX_EVENTS 256

struct sim {
	struct fox_engine *lm;
	uint32_t frame;
	double t;
	struct fox_lm_event ev[MAX_EVENTS];
	unsigned n;
	/* values of the next main reply */
	double soc, current, cell_max, cell_min;
	int inhibit;
	unsigned skip_id; /* main reply ID to leave out, 0 = none */
	unsigned dup_id;  /* main reply ID to send twice */
	unsigned cycles;
	double throughput; /* 0x1878 counter, 0 = the default */
};

static void collect(struct sim *s, const struct fox_record *rec)
{
	for (unsigned i = 0; i < rec->n_events; i++) {
		const struct fox_lm_event *ev = &rec->events[i];

		if (ev->type == FOX_LM_EV_POLL_ANSWERED || s->n == MAX_EVENTS)
			continue;
		s->ev[s->n++] = *ev;
	}
}

static void sim_feed(struct sim *s, const struct fox_lm_frame *f,
		     struct fox_lm_link *link)
{
	const struct fox_record *rec = fox_engine_feed(s->lm, f);

	collect(s, rec);
	if (link)
		*link = rec->link;
}

static void sim_init(struct sim *s, const struct fox_lm_config *cfg)
{
	struct fox_lm_config def;

	memset(s, 0, sizeof(*s));
	if (!cfg) {
		fox_lm_config_default(&def);
		cfg = &def;
	}
	s->lm = fox_engine_new(cfg);
	s->t = 1000.0;
	s->soc = 80;
	s->current = 5.0;
	s->cell_max = 3335;
	s->cell_min = 3326;
}

static void set_item(uint8_t *data, const char *abbrev, unsigned item, double v)
{
	const struct fox_field *f = fox_field_find(abbrev, NULL);

	if (!f || !fox_encode(f, item, v, data)) {
		fprintf(stderr, "cannot encode %s\n", abbrev);
		exit(2);
	}
}

static void set(uint8_t *data, const char *abbrev, double v)
{
	set_item(data, abbrev, 0, v);
}

static uint32_t feed(struct sim *s, uint32_t id, bool extended,
		     const uint8_t *data, struct fox_lm_link *link)
{
	struct fox_lm_frame f = {
		.number = ++s->frame,
		.time = s->t,
		.id = id,
		.extended = extended,
		.data = data,
		.len = 8,
	};

	sim_feed(s, &f, link);
	return f.number;
}

static uint32_t request(struct sim *s, uint8_t selector)
{
	uint8_t d[8] = { 0x01, 0x00, 0x01, 0x00, selector, 0, 0, 0 };

	return feed(s, 0x1871, true, d, NULL);
}

static void main_reply_frame(struct sim *s, uint32_t id, uint8_t *d)
{
	memset(d, 0, 8);
	switch (id) {
	case 0x1872:
		set(d, "foxess.limits.voltage_max", 467.2);
		set(d, "foxess.limits.voltage_min", 320.0);
		set(d, "foxess.limits.charge_current_max", 20.5);
		set(d, "foxess.limits.discharge_current_max", 50.0);
		break;
	case 0x1873:
		set(d, "foxess.pack.voltage", 397.2);
		set(d, "foxess.pack.current", s->current);
		set(d, "foxess.pack.soc", s->soc);
		set(d, "foxess.pack.energy_remaining", 10.0);
		break;
	case 0x1874:
		set(d, "foxess.temps.max", 24.0);
		set(d, "foxess.temps.min", 21.5);
		set(d, "foxess.temps.cutoff_cell_high", 3200);
		set(d, "foxess.temps.cutoff_cell_low", 3200);
		break;
	case 0x1875:
		set(d, "foxess.status.bms_temp", 24.9);
		set(d, "foxess.status.packs_ok", 0x0F);
		set(d, "foxess.status.pack_count", 4);
		set(d, "foxess.status.contactor", 1);
		set(d, "foxess.status.cycles", 142);
		break;
	case 0x1876:
		set(d, "foxess.cells.charge_inhibit", s->inhibit);
		set(d, "foxess.cells.voltage_max", s->cell_max);
		set(d, "foxess.cells.voltage_min", s->cell_min);
		break;
	case 0x1877:
		set(d, "foxess.info.battery_type", 0x52);
		set(d, "foxess.info.firmware_raw", 0x12);
		set(d, "foxess.info.address", 0x01);
		break;
	case 0x1878:
		set(d, "foxess.energy.ac_voltage_max", 256.7);
		set(d, "foxess.energy.throughput",
		    s->throughput ? s->throughput : 5177296);
		break;
	case 0x1879:
		/* on-line, charging, status "OK, charging" */
		set(d, "foxess.flags.status", 5);
		set(d, "foxess.flags.charging", 1);
		set(d, "foxess.flags.online", 1);
		break;
	}
}

/* One main poll and its H-series reply set, 1 ms after the poll. */
static uint32_t cycle(struct sim *s, bool answer)
{
	uint32_t poll = request(s, 0x00);
	uint8_t d[8];

	if (answer) {
		s->t += 0.001;
		for (uint32_t id = 0x1872; id <= 0x1879; id++) {
			if (id == s->skip_id)
				continue;
			main_reply_frame(s, id, d);
			feed(s, id, true, d, NULL);
			if (id == s->dup_id)
				feed(s, id, true, d, NULL);
		}
	}
	if (answer && ++s->cycles % 5 == 1) {
		/* pack data for one pack, as the inverter asks every ~6 s */
		s->t = floor(s->t) + 0.2;
		request(s, 0x01);
		memset(d, 0, sizeof(d));
		set(d, "foxess.module.current", s->current);
		set(d, "foxess.module.soc", s->soc);
		set(d, "foxess.module.temp_max", 25);
		set(d, "foxess.module.temp_min", 22);
		feed(s, 0x0C05, true, d, NULL);
	}
	s->t = floor(s->t) + 1.0;
	return poll;
}

static unsigned count(const struct sim *s, enum fox_lm_event_type type)
{
	unsigned n = 0;

	for (unsigned i = 0; i < s->n; i++)
		n += s->ev[i].type == type;
	return n;
}

static const struct fox_lm_event *find(const struct sim *s,
				       enum fox_lm_event_type type)
{
	for (unsigned i = 0; i < s->n; i++)
		if (s->ev[i].type == type)
			return &s->ev[i];
	return NULL;
}

static void test_normal(void)
{
	struct sim s;
	const struct fox_lm_stats *st;

	sim_init(&s, NULL);
	for (int i = 0; i < 30; i++)
		cycle(&s, true);
	fox_engine_finish(s.lm);
	st = fox_engine_stats(s.lm);
	CHECK(s.n == 0, "normal traffic raised %u events, first %s", s.n,
	      s.n ? fox_lm_events[s.ev[0].type].key : "");
	CHECK(st->requests[FOX_CLASS_MAIN] == 30, "%llu polls",
	      (unsigned long long)st->requests[FOX_CLASS_MAIN]);
	CHECK(st->polls_answered == 30, "%llu answered",
	      (unsigned long long)st->polls_answered);
	CHECK(st->polls_unanswered == 0, "unanswered");
	CHECK(fabs(st->resp_min - 0.001) < 1e-6 &&
		      fabs(st->resp_max - 0.001) < 1e-6,
	      "response %f..%f", st->resp_min, st->resp_max);
	CHECK(fox_engine_variant(s.lm) == FOX_VARIANT_H, "variant %d",
	      fox_engine_variant(s.lm));
	CHECK(st->soc.seen && st->soc.min == 80 && st->soc.max == 80, "soc");
	CHECK(st->worst_spread_mv == 9, "spread %f", st->worst_spread_mv);
	CHECK(st->records[0].seen &&
		      strcmp(st->records[0].firmware, "018") == 0,
	      "BMS firmware '%s'", st->records[0].firmware);
	fox_engine_free(s.lm);
}

static void test_bms_lost(void)
{
	struct sim s;
	uint32_t silent[5], restored_poll;
	const struct fox_lm_event *e;
	const struct fox_lm_stats *st;

	sim_init(&s, NULL);
	s.soc = 7;
	for (int i = 0; i < 5; i++)
		cycle(&s, true);
	for (int i = 0; i < 5; i++)
		silent[i] = cycle(&s, false);
	restored_poll = cycle(&s, true);
	cycle(&s, true);
	fox_engine_finish(s.lm);

	CHECK(count(&s, FOX_LM_EV_POLL_UNANSWERED) == 5, "%u unanswered",
	      count(&s, FOX_LM_EV_POLL_UNANSWERED));
	for (unsigned i = 0, k = 0; i < s.n; i++) {
		if (s.ev[i].type != FOX_LM_EV_POLL_UNANSWERED)
			continue;
		CHECK(s.ev[i].about_frame == silent[k],
		      "unanswered about %u, want %u", s.ev[i].about_frame,
		      silent[k]);
		/* known when the next poll arrives */
		CHECK(s.ev[i].at_frame == silent[k] + 1, "at %u",
		      s.ev[i].at_frame);
		k++;
	}
	e = find(&s, FOX_LM_EV_BMS_LOST);
	CHECK(e && e->about_frame == silent[2] && e->ref_frame == silent[0],
	      "BMS lost about %u ref %u", e ? e->about_frame : 0,
	      e ? e->ref_frame : 0);
	CHECK(e && e->extra == 7, "last SoC %f", e ? e->extra : -1);
	CHECK(e && fabs(e->limit - 2.0) < 1e-6, "silent for %f s",
	      e ? e->limit : -1);
	CHECK(count(&s, FOX_LM_EV_BMS_LOST) == 1, "one BMS lost");
	e = find(&s, FOX_LM_EV_LINK_RESTORED);
	CHECK(e && e->at_frame == restored_poll + 1 &&
		      fabs(e->value - 5.001) < 1e-6,
	      "restored at %u after %f s", e ? e->at_frame : 0,
	      e ? e->value : -1);
	CHECK(count(&s, FOX_LM_EV_NEVER_ANSWERED) == 0, "never answered");
	st = fox_engine_stats(s.lm);
	CHECK(st->polls_unanswered == 5, "%llu",
	      (unsigned long long)st->polls_unanswered);
	CHECK(st->n_episodes == 1 && !st->episodes[0].ongoing &&
		      fabs(st->episodes[0].duration - 5.001) < 1e-6 &&
		      st->episodes[0].frame == silent[0],
	      "episode %u", st->n_episodes);
	fox_engine_free(s.lm);
}

static void test_never_answered_mismatch(void)
{
	struct sim s;
	uint8_t pylon[8] = { 0x14, 0x02, 0xC0, 0x12, 0xC0, 0x12, 0xC2, 0x01 };
	const struct fox_lm_event *e;
	uint32_t polls[4];

	sim_init(&s, NULL);
	for (int i = 0; i < 4; i++) {
		polls[i] = cycle(&s, false);
		s.t += 0.2;
		feed(&s, 0x1801, true, pylon, NULL);
		s.t = floor(s.t) + 1.0;
	}
	fox_engine_finish(s.lm);
	e = find(&s, FOX_LM_EV_NEVER_ANSWERED);
	CHECK(e && e->about_frame == polls[2], "never answered about %u",
	      e ? e->about_frame : 0);
	CHECK(count(&s, FOX_LM_EV_BMS_LOST) == 0, "no BMS lost");
	e = find(&s, FOX_LM_EV_PROTOCOL_MISMATCH);
	CHECK(e && e->about_frame == polls[2] &&
		      strcmp(e->detail, "Solax") == 0,
	      "mismatch %s", e ? e->detail : "none");
	CHECK(count(&s, FOX_LM_EV_PROTOCOL_MISMATCH) == 1, "once");
	CHECK(fox_engine_stats(s.lm)->n_episodes == 1 &&
		      fox_engine_stats(s.lm)->episodes[0].ongoing &&
		      fox_engine_stats(s.lm)->episodes[0].never_answered,
	      "ongoing never-answered episode");
	fox_engine_free(s.lm);
}

static void test_bursts(void)
{
	struct sim s;
	const struct fox_lm_event *e;
	uint32_t poll;

	sim_init(&s, NULL);
	cycle(&s, true);
	s.skip_id = 0x1876;
	poll = cycle(&s, true);
	s.skip_id = 0;
	cycle(&s, true);
	e = find(&s, FOX_LM_EV_BURST_INCOMPLETE);
	CHECK(e && e->about_frame == poll && strcmp(e->detail, "0x1876") == 0,
	      "incomplete %s about %u", e ? e->detail : "none",
	      e ? e->about_frame : 0);
	CHECK(s.n == 1, "%u events", s.n);

	s.dup_id = 0x1873;
	poll = cycle(&s, true);
	e = find(&s, FOX_LM_EV_DUPLICATE_BURST);
	/* the poll, 0x1872, 0x1873, then the second 0x1873 */
	CHECK(e && e->ref_frame == poll && e->at_frame == poll + 3 &&
		      strcmp(e->detail, "0x1873") == 0,
	      "duplicate at %u", e ? e->at_frame : 0);
	fox_engine_free(s.lm);
}

static void test_conditions(void)
{
	struct sim s;
	const struct fox_lm_event *e;

	sim_init(&s, NULL);
	cycle(&s, true);
	s.inhibit = 1;
	cycle(&s, true);
	cycle(&s, true);
	e = find(&s, FOX_LM_EV_CHARGE_INHIBIT);
	CHECK(e && e->value == 80 && count(&s, FOX_LM_EV_CHARGE_INHIBIT) == 2,
	      "inhibit at 80 %%: a warning on each 0x1876 showing it");
	s.inhibit = 0;
	cycle(&s, true);
	s.soc = 100;
	s.current = 0;
	s.inhibit = 1;
	cycle(&s, true);
	CHECK(count(&s, FOX_LM_EV_CHARGE_INHIBIT_FULL) == 1, "note at 100 %%");
	s.inhibit = 0;

	s.cell_min = 3290;
	cycle(&s, true);
	cycle(&s, true);
	e = find(&s, FOX_LM_EV_CELL_SPREAD);
	CHECK(e && e->value == 45 && count(&s, FOX_LM_EV_CELL_SPREAD) == 2,
	      "spread");
	s.cell_min = 3326;

	s.soc = 50;
	s.current = 30.0;
	cycle(&s, true);
	e = find(&s, FOX_LM_EV_CHARGE_OVER_LIMIT);
	CHECK(e && e->value == 30.0 && e->limit == 20.5, "charge over limit");
	s.current = -10.0;
	cycle(&s, true);
	e = find(&s, FOX_LM_EV_SIGN_FLAGS);
	CHECK(e && e->value == -10.0, "sign against the charging flag");
	CHECK(fox_engine_stats(s.lm)->inhibit_time > 0.9, "inhibit time %f",
	      fox_engine_stats(s.lm)->inhibit_time);
	fox_engine_free(s.lm);
}

static void test_error_bands_and_gaps(void)
{
	struct sim s;
	uint8_t cells[8] = { 0 }, err[8] = { 0 };
	struct fox_lm_frame ef = {
		.error = true, .id = 0x4, .data = err, .len = 8
	};
	struct fox_lm_link link;
	const struct fox_lm_event *e;
	uint32_t req;

	sim_init(&s, NULL);
	s.current = 2.0;
	cycle(&s, true);
	for (int i = 0; i < 3; i++) {
		ef.number = ++s.frame;
		ef.time = s.t;
		sim_feed(&s, &ef, NULL);
	}
	s.current = 30.0;
	s.t += 0.001;
	cycle(&s, true);
	ef.number = ++s.frame;
	sim_feed(&s, &ef, NULL);
	CHECK(fox_engine_stats(s.lm)->error_frames == 4, "4 error frames");
	CHECK(fox_engine_stats(s.lm)->band_errors[0] == 3 &&
		      fox_engine_stats(s.lm)->band_errors[2] == 1,
	      "bands %llu %llu",
	      (unsigned long long)fox_engine_stats(s.lm)->band_errors[0],
	      (unsigned long long)fox_engine_stats(s.lm)->band_errors[2]);

	req = request(&s, 0x02);
	for (unsigned k = 0; k < 6; k++) {
		if (k == 3)
			continue;
		for (unsigned c = 1; c <= 4; c++)
			set_item(cells, "foxess.cell.voltage", c, 3300);
		feed(&s, 0x0C1D + 4 * k, true, cells, &link);
		CHECK(link.request_frame == req &&
			      link.class == FOX_CLASS_CELL_VOLTAGES,
		      "cell reply linked to %u", link.request_frame);
	}
	e = find(&s, FOX_LM_EV_ITEM_GAP);
	CHECK(e && strcmp(e->detail, "cells 13-16") == 0 && e->ref_frame == req,
	      "gap '%s'", e ? e->detail : "none");
	fox_engine_free(s.lm);
}

static void test_late_reply(void)
{
	struct sim s;
	uint8_t d[8];
	uint32_t poll;

	sim_init(&s, NULL);
	cycle(&s, true);
	poll = request(&s, 0x00);
	s.t += 0.7;
	main_reply_frame(&s, 0x1872, d);
	feed(&s, 0x1872, true, d, NULL);
	s.t = floor(s.t) + 1.0;
	cycle(&s, true);
	CHECK(count(&s, FOX_LM_EV_LATE_REPLY) == 1, "late reply");
	CHECK(find(&s, FOX_LM_EV_POLL_UNANSWERED) &&
		      find(&s, FOX_LM_EV_POLL_UNANSWERED)->about_frame == poll,
	      "late counts as unanswered");
	fox_engine_free(s.lm);
}

static void test_percentile(void)
{
	struct sim s;

	sim_init(&s, NULL);
	for (int i = 0; i < 20; i++) {
		uint8_t d[8];

		request(&s, 0x00);
		s.t += 0.001 * (i + 1);
		for (uint32_t id = 0x1872; id <= 0x1879; id++) {
			main_reply_frame(&s, id, d);
			feed(&s, id, true, d, NULL);
		}
		s.t = floor(s.t) + 1.0;
	}
	/* 1..20 ms: nearest-rank p95 is the 19th value, to the histogram's
	 * precision (0.025 %) */
	CHECK(fabs(fox_engine_response_percentile(s.lm, 95) - 0.019) <
		      0.019 * 0.00025,
	      "p95 %f", fox_engine_response_percentile(s.lm, 95));
	CHECK(fabs(fox_engine_response_percentile(s.lm, 90) - 0.018) <
		      0.018 * 0.00025,
	      "p90 %f", fox_engine_response_percentile(s.lm, 90));
	CHECK(fabs(fox_engine_response_percentile(s.lm, 100) - 0.020) < 1e-6,
	      "max");
	fox_engine_free(s.lm);
}

static uint32_t feed_std(struct sim *s, uint32_t id, const uint8_t *data)
{
	return feed(s, id, false, data, NULL);
}

/* Foreign 11-bit frames: an episode once foreign_frames (5) arrive within
 * a second on a bus with FoxESS polls, about its first frame; a vehicle
 * battery's 0x355 full of zeros is foreign, not Pylontech. */
static void test_foreign(void)
{
	static const uint8_t leaf355[8] = { 0, 0, 0, 0, 0x10, 0, 0x40, 0 };
	static const uint8_t zero[8];
	const struct fox_lm_stats *st;
	const struct fox_lm_event *e;
	uint32_t first;
	struct sim s;

	sim_init(&s, NULL);
	/* before any poll the bus is not known to be a FoxESS bus */
	for (int i = 0; i < 6; i++)
		feed_std(&s, 0x1DB, zero);
	CHECK(count(&s, FOX_LM_EV_FOREIGN_TRAFFIC) == 0, "no poll yet");
	cycle(&s, true);
	/* four frames in a second, then a fifth 1.5 s later: stray */
	s.t += 0.1;
	for (int i = 0; i < 4; i++, s.t += 0.01)
		feed_std(&s, 0x5BC, zero);
	s.t += 1.5;
	feed_std(&s, 0x5BC, zero);
	CHECK(count(&s, FOX_LM_EV_FOREIGN_TRAFFIC) == 0, "stray frames");
	s.t += 6.0;
	first = feed_std(&s, 0x1DB, zero);
	s.t += 0.01;
	feed_std(&s, 0x355, leaf355);
	feed_std(&s, 0x1DC, zero);
	feed_std(&s, 0x1DB, zero);
	CHECK(count(&s, FOX_LM_EV_FOREIGN_TRAFFIC) == 0, "four so far");
	s.t += 0.5;
	feed_std(&s, 0x1DC, zero);
	e = find(&s, FOX_LM_EV_FOREIGN_TRAFFIC);
	CHECK(e && e->at_frame == s.frame && e->about_frame == first &&
		      e->value == 5 && fabs(e->limit - 0.51) < 1e-9 &&
		      strcmp(e->detail, "0x1DB 0x1DC 0x355") == 0,
	      "episode %s", e ? e->detail : "none");
	for (int i = 0; i < 20; i++, s.t += 0.2)
		feed_std(&s, 0x59E, zero);
	CHECK(count(&s, FOX_LM_EV_FOREIGN_TRAFFIC) == 1, "once an episode");
	/* 5 s without one ends it; the next burst is a second episode */
	s.t += 5.5;
	for (int i = 0; i < 5; i++)
		feed_std(&s, 0x55B, zero);
	CHECK(count(&s, FOX_LM_EV_FOREIGN_TRAFFIC) == 2, "second episode");
	st = fox_engine_stats(s.lm);
	CHECK(st->n_foreign == 2 && st->foreign[0].frame == first &&
		      st->foreign[0].frames == 25 &&
		      st->foreign[0].n_ids == 4 &&
		      st->foreign[0].ids[3] == 0x59E &&
		      st->foreign[1].n_ids == 1,
	      "episodes %u", st->n_foreign);
	CHECK(st->pylontech_frames == 0, "0x355 of zeros is not Pylontech");
	fox_engine_free(s.lm);
}

/* Pylontech frames count only once the broadcast set is complete. */
static void test_pylontech_claim(void)
{
	/* 0x351 56.8 V / 25 A / 50 A / 48.0 V; 0x355 SoC 72 % SoH 100 %;
	 * 0x356 52.0 V, 0 A, 25.0 degC (protocol-notes section 5) */
	static const uint8_t p351[8] = { 0x38, 0x02, 0xFA, 0x00,
					 0xF4, 0x01, 0xE0, 0x01 };
	static const uint8_t p355[8] = { 0x48, 0x00, 0x64, 0x00 };
	static const uint8_t p356[8] = { 0x50, 0x14, 0x00, 0x00, 0xFA, 0x00 };
	struct sim s;

	sim_init(&s, NULL);
	cycle(&s, true);
	feed_std(&s, 0x351, p351);
	feed_std(&s, 0x355, p355);
	CHECK(fox_engine_stats(s.lm)->pylontech_frames == 0, "two of the set");
	feed_std(&s, 0x356, p356);
	feed_std(&s, 0x351, p351);
	CHECK(fox_engine_stats(s.lm)->pylontech_frames == 2,
	      "claimed from the third: %llu",
	      (unsigned long long)fox_engine_stats(s.lm)->pylontech_frames);
	CHECK(count(&s, FOX_LM_EV_FOREIGN_TRAFFIC) == 0,
	      "a claimed protocol is not foreign traffic");
	fox_engine_free(s.lm);
}

/* A counter going backwards: once, at the frame, with both values. */
static void test_counter_reset(void)
{
	const struct fox_lm_event *e;
	struct sim s;

	sim_init(&s, NULL);
	s.throughput = 5177296;
	cycle(&s, true);
	s.throughput = 5177400;
	cycle(&s, true);
	CHECK(count(&s, FOX_LM_EV_COUNTER_RESET) == 0, "growing");
	s.throughput = 12;
	cycle(&s, true);
	cycle(&s, true);
	e = find(&s, FOX_LM_EV_COUNTER_RESET);
	CHECK(count(&s, FOX_LM_EV_COUNTER_RESET) == 1 && e->value == 12 &&
		      e->limit == 5177400 &&
		      strcmp(e->detail, "foxess.energy.throughput") == 0,
	      "reset %s", e ? e->detail : "none");
	CHECK(fox_engine_stats(s.lm)->n_resets == 1 &&
		      fox_engine_stats(s.lm)->resets[0].frame == e->at_frame,
	      "summary");
	fox_engine_free(s.lm);
}

/* One cell-voltage dump of `frames` frames of 4 cells at mv, frame
 * `skip` left out (-1 none); closed by the next request. */
static uint32_t cell_dump(struct sim *s, unsigned frames, double mv, int skip)
{
	uint8_t d[8];
	uint32_t last = 0;

	request(s, 0x02);
	s->t += 0.001;
	for (unsigned k = 0; k < frames; k++) {
		if ((int)k == skip)
			continue;
		for (unsigned c = 1; c <= 4; c++)
			set_item(d, "foxess.cell.voltage", c, mv);
		last = feed(s, 0x0C1D + 4 * k, true, d, NULL);
	}
	return last;
}

/* The sim's H pack is 397.2 V: 120 cells of 3310 mV.  Padding them to
 * all 144 positions gives 476.64 V (hand-computed), flagged at the
 * range's last frame; a dump with a lost frame is burst.gap's. */
static void test_cell_sum(void)
{
	const struct fox_lm_event *e;
	uint32_t last;
	struct sim s;

	sim_init(&s, NULL);
	cycle(&s, true);
	cell_dump(&s, 30, 3310, -1);
	request(&s, 0x04);
	CHECK(count(&s, FOX_LM_EV_CELL_SUM) == 0, "120 cells = 397.2 V");
	last = cell_dump(&s, 36, 3310, -1);
	e = find(&s, FOX_LM_EV_CELL_SUM);
	CHECK(e && e->at_frame == last && fabs(e->value - 476.64) < 1e-9 &&
		      fabs(e->limit - 397.2) < 1e-9 && e->extra == 144 &&
		      strcmp(e->detail, "120") == 0,
	      "padded %f", e ? e->value : 0);
	/* 3 of 4 frames short of 397.2 * 0.9: flagged at the next request */
	cell_dump(&s, 26, 3310, -1);
	last = request(&s, 0x04);
	CHECK(count(&s, FOX_LM_EV_CELL_SUM) == 2 &&
		      s.ev[s.n - 1].at_frame == last,
	      "short dump, at the next request");
	cell_dump(&s, 36, 3310, 5);
	request(&s, 0x04);
	CHECK(count(&s, FOX_LM_EV_CELL_SUM) == 2, "gap: not checked");
	fox_engine_free(s.lm);
}

/* One EP main reply (the frames the checks read) and, 0.2 s later, the
 * inverter's 0x07 DC measurement with inverter_a. */
static void ep_cycle(struct sim *s, double current, unsigned state,
		     double stored, double inverter_a)
{
	uint8_t d[8];

	request(s, 0x00);
	s->t += 0.001;
	memset(d, 0, 8);
	set(d, "foxess.pack.voltage", 52.8);
	set(d, "foxess.pack.current", current);
	set(d, "foxess.pack.soc", s->soc);
	set(d, "foxess.pack.energy_nominal", 11.52);
	feed(s, 0x1873, true, d, NULL);
	memset(d, 0, 8);
	set(d, "foxess.ep_health.state", state);
	feed(s, 0x187B, true, d, NULL);
	memset(d, 0, 8);
	set(d, "foxess.ep_stored.energy", stored);
	feed(s, 0x1903, true, d, NULL);
	s->t += 0.2;
	memset(d, 0, 8);
	d[0] = 0x07;
	set(d, "foxess.request.inverter_current", inverter_a);
	feed(s, 0x1871, true, d, NULL);
	s->t = floor(s->t) + 1.0;
}

/* EP, values by hand: nominal 1152 x 10 Wh at SoC 80 % gives
 * floor(1152 * 80 / 1000) = 92: 9.2 kWh natively; Battery-Emulator sends
 * 1152 / 20 = 57.6, i.e. 5.7 kWh, whatever the SoC (protocol-notes
 * 4.5.3 items 1 and 2). */
static void test_ep_energy_sign(void)
{
	struct fox_lm_config cfg;
	const struct fox_lm_event *e;
	struct sim s;

	fox_lm_config_default(&cfg);
	cfg.variant = FOX_VARIANT_EP;
	sim_init(&s, &cfg);
	ep_cycle(&s, 20.0, 1, 9.2, -20.3); /* genuine, charging */
	ep_cycle(&s, -30.0, 2, 9.2, 30.4); /* genuine, discharging */
	CHECK(count(&s, FOX_LM_EV_ENERGY_MISMATCH) == 0 &&
		      count(&s, FOX_LM_EV_SIGN_STATE) == 0 &&
		      count(&s, FOX_LM_EV_SIGN_CONVENTION) == 0,
	      "genuine unit quiet");
	CHECK(fox_engine_stats(s.lm)->convention == FOX_LM_CONV_NATIVE,
	      "native");
	ep_cycle(&s, 20.0, 1, 5.7, -20.3);
	e = find(&s, FOX_LM_EV_ENERGY_MISMATCH);
	CHECK(e && e->value == 5.7 && fabs(e->limit - 9.2) < 1e-9 &&
		      e->extra == 11.52,
	      "nominal/20 named as the emulator's");
	ep_cycle(&s, 20.0, 1, 8.0, -20.3);
	CHECK(count(&s, FOX_LM_EV_ENERGY_MISMATCH) == 2 &&
		      s.ev[s.n - 1].extra == 0,
	      "8.0 kWh: a plain mismatch");
	s.soc = 50; /* floor(1152 * 50 / 1000) = 57 = 1152 / 20 */
	ep_cycle(&s, 20.0, 1, 5.7, -20.3);
	CHECK(count(&s, FOX_LM_EV_ENERGY_MISMATCH) == 2, "50 %%: agree");

	/* an emulator sending the current inverted, native state codes */
	ep_cycle(&s, -20.0, 1, 5.7, -20.3);
	e = find(&s, FOX_LM_EV_SIGN_STATE);
	CHECK(e && e->extra == FOX_LM_CONV_NATIVE, "convention not yet seen");
	e = find(&s, FOX_LM_EV_SIGN_CONVENTION);
	CHECK(e && e->value == -20.0 && fabs(e->limit + 20.3) < 1e-9 &&
		      strcmp(e->detail, "charging") == 0,
	      "convention %s", e ? e->detail : "none");
	ep_cycle(&s, -20.0, 1, 5.7, -20.3);
	CHECK(count(&s, FOX_LM_EV_SIGN_CONVENTION) == 1, "once a direction");
	CHECK(count(&s, FOX_LM_EV_SIGN_STATE) == 2 &&
		      s.ev[s.n - 1].type == FOX_LM_EV_SIGN_STATE &&
		      s.ev[s.n - 1].extra == FOX_LM_CONV_INVERTED,
	      "state named under the emulator convention");
	ep_cycle(&s, 25.0, 2, 5.7, 25.1);
	CHECK(count(&s, FOX_LM_EV_SIGN_CONVENTION) == 2 &&
		      strcmp(s.ev[s.n - 1].detail, "discharging") == 0,
	      "discharging");
	fox_engine_free(s.lm);
}

int main(void)
{
	test_normal();
	test_bms_lost();
	test_never_answered_mismatch();
	test_bursts();
	test_conditions();
	test_error_bands_and_gaps();
	test_late_reply();
	test_percentile();
	test_foreign();
	test_pylontech_claim();
	test_counter_reset();
	test_cell_sum();
	test_ep_energy_sign();
	if (failures) {
		fprintf(stderr, "%d check(s) failed\n", failures);
		return 1;
	}
	printf("link monitor: all checks passed\n");
	return 0;
}
