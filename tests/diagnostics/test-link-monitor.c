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
		set(d, "foxess.energy.throughput", 5177296);
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
	if (failures) {
		fprintf(stderr, "%d check(s) failed\n", failures);
		return 1;
	}
	printf("link monitor: all checks passed\n");
	return 0;
}
