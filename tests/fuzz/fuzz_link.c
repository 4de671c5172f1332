// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the bus engine (lib/engine.c and its parts) and
 * the bus set: a whole capture's worth of frames on up to four
 * interleaved buses, fed in order, with arbitrary timing.
 *
 * Input layout:
 *   byte 0     configuration: bits 0-1 variant (0 and 3 = detect),
 *              bits 2-4 polls before BMS Lost - 1
 *   then frame records until the input ends:
 *     byte     bit 0 extended, bit 1 CAN error frame, bit 2 ID from the
 *              table, bits 3-4 time unit (1 ms, 10 ms, 100 ms, 1 s),
 *              bit 5 the step goes back in time, bits 6-7 the bus
 *     byte     time step in that unit
 *     ID       bit 2 set: table row and step (2 bytes), else 4 bytes LE
 *     byte     payload length (at most 64; cut short at the input's end)
 *     payload
 * Seeds written by tests/fuzz/make-seeds.sh from the corpus use it too.
 *
 * Checked: events name frames already seen on their own bus, replies
 * point back to requests of their own bus, and each bus's statistics stay
 * consistent with what was fed to it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "foxess/engine.h"
#include "fuzz.h"

#define MAX_PAYLOAD 64
#define BUSES	    4

/* What one bus was fed. */
struct run {
	uint32_t frame;	  /* number of the frame being fed */
	uint64_t frames;  /* fed to this bus */
	uint8_t *is_ours; /* frame number -> fed to this bus */
	uint64_t events[FOX_LM_EV_COUNT];
};

static void check_event(const struct run *run, const struct fox_lm_event *ev)
{
	FUZZ_CHECK(ev->type < FOX_LM_EV_COUNT);
	FUZZ_CHECK(fox_lm_events[ev->type].key != NULL);
	FUZZ_CHECK(ev->at_frame == run->frame);
	FUZZ_CHECK(ev->about_frame >= 1 && ev->about_frame <= ev->at_frame);
	FUZZ_CHECK(run->is_ours[ev->about_frame]);
	FUZZ_CHECK(ev->ref_frame <= ev->at_frame);
	FUZZ_CHECK(run->is_ours[ev->ref_frame] || ev->ref_frame == 0);
	FUZZ_CHECK(memchr(ev->detail, '\0', sizeof(ev->detail)) != NULL);
	FUZZ_CHECK(!isnan(ev->value) && !isnan(ev->limit));
}

static void check_link(const struct run *run, const struct fox_lm_link *link,
		       uint32_t number)
{
	FUZZ_CHECK(link->class < FOX_CLASS_COUNT);
	FUZZ_CHECK(fox_class_name(link->class) != NULL);
	FUZZ_CHECK(fox_variant_name(link->variant) != NULL);
	if (link->is_request)
		FUZZ_CHECK(link->request_frame == 0);
	if (link->request_frame) {
		FUZZ_CHECK(link->request_frame < number);
		FUZZ_CHECK(run->is_ours[link->request_frame]);
		FUZZ_CHECK(link->response_time >= 0 &&
			   isfinite(link->response_time));
	}
}

static void check_minmax(const struct fox_lm_minmax *m)
{
	if (m->seen)
		FUZZ_CHECK(m->min <= m->max);
}

static void check_stats(const struct fox_engine *e, const struct run *run,
			uint32_t last_frame)
{
	const struct fox_lm_stats *st = fox_engine_stats(e);
	unsigned n_ep = st->n_episodes < FOX_LM_MAX_EPISODES ?
				st->n_episodes :
				FOX_LM_MAX_EPISODES;
	double last = -1;

	FUZZ_CHECK(st->frames == run->frames);
	FUZZ_CHECK(st->foxess_frames + st->pylontech_frames +
			   st->dialect_frames + st->error_frames <=
		   st->frames);
	FUZZ_CHECK(st->polls_answered <= st->requests[FOX_CLASS_MAIN]);
	FUZZ_CHECK(st->polls_unanswered + st->polls_pending <=
		   st->requests[FOX_CLASS_MAIN]);
	for (int t = 0; t < FOX_LM_EV_COUNT; t++)
		FUZZ_CHECK(st->event_counts[t] == run->events[t]);

	if (st->n_resp)
		FUZZ_CHECK(st->resp_min >= 0 && st->resp_min <= st->resp_max);
	{
		uint64_t binned = 0;

		for (unsigned b = 0; b < FOX_LM_RESP_BINS; b++)
			binned += st->resp_hist[b];
		FUZZ_CHECK(binned == st->n_resp);
	}
	for (double p = 0; p <= 100; p += 12.5) {
		double r = fox_engine_response_percentile(e, p);

		if (!st->n_resp) {
			FUZZ_CHECK(r == -1);
			continue;
		}
		FUZZ_CHECK(r >= st->resp_min && r <= st->resp_max && r >= last);
		last = r;
	}

	for (unsigned i = 0; i < n_ep; i++) {
		FUZZ_CHECK(st->episodes[i].duration >= 0);
		FUZZ_CHECK(st->episodes[i].frame >= 1 &&
			   st->episodes[i].frame <= last_frame &&
			   run->is_ours[st->episodes[i].frame]);
	}
	check_minmax(&st->soc);
	check_minmax(&st->voltage);
	check_minmax(&st->current);
	check_minmax(&st->temp);
	check_minmax(&st->cell_mv);
	FUZZ_CHECK(st->worst_spread_mv >= 0 && st->inhibit_time >= 0);
	for (int b = 0; b < FOX_LM_CURRENT_BANDS; b++)
		FUZZ_CHECK(st->band_time[b] >= 0 &&
			   st->band_errors[b] <= st->error_frames);
	for (int i = 0; i <= FOX_LM_MAX_PACKS; i++) {
		FUZZ_CHECK(memchr(st->serials[i], '\0',
				  sizeof(st->serials[i])) != NULL);
		FUZZ_CHECK(memchr(st->records[i].firmware, '\0',
				  sizeof(st->records[i].firmware)) != NULL);
	}
}

static uint32_t table_id(uint8_t row, uint8_t step)
{
	const struct fox_frame *fr = &fox_frames[row % fox_n_frames];
	uint32_t steps = (fr->id_last - fr->id_first) / fr->id_step + 1;

	return fr->id_first + step % steps * fr->id_step;
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
	static const double units[] = { 0.001, 0.01, 0.1, 1.0 };
	const uint8_t *p = in, *end = in + size;
	struct fox_lm_config cfg;
	struct fox_buses *buses;
	struct run run[BUSES];
	uint32_t number = 0;
	double time = 1700000000.0;

	if (size < 1)
		return 0;
	memset(run, 0, sizeof(run));
	for (int b = 0; b < BUSES; b++) {
		/* a frame takes at least 4 input bytes */
		run[b].is_ours = calloc(size / 4 + 2, 1);
		FUZZ_CHECK(run[b].is_ours != NULL);
	}
	fox_lm_config_default(&cfg);
	cfg.variant = (p[0] & 3) == 3 ? FOX_VARIANT_UNKNOWN :
					(enum fox_variant)(p[0] & 3);
	cfg.lost_polls = 1 + (p[0] >> 2 & 7);
	p++;
	buses = fox_buses_new(&cfg);
	FUZZ_CHECK(buses != NULL);

	while (end - p >= 4) {
		uint8_t hdr = p[0];
		double step = p[1] * units[hdr >> 3 & 3];
		struct fox_lm_frame f = { 0 };
		const struct fox_record *rec;
		struct fox_bus *bus;
		struct run *r = &run[hdr >> 6];
		uint8_t *copy;
		size_t len;

		p += 2;
		if (hdr & 4) {
			f.id = table_id(p[0], p[1]);
			f.extended = fox_frames[p[0] % fox_n_frames].extended;
			p += 2;
		} else {
			if (end - p < 4)
				break;
			f.id = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
			       (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
			f.extended = hdr & 1;
			f.id &= f.extended ? 0x1FFFFFFF : 0x7FF;
			p += 4;
		}
		if (p == end)
			break;
		len = *p++ % (MAX_PAYLOAD + 1);
		if (len > (size_t)(end - p))
			len = (size_t)(end - p);
		time += hdr & 0x20 ? -step : step;
		f.number = ++number;
		f.time = time;
		f.error = hdr & 2;
		/* exactly len bytes, so ASan sees reads past the payload */
		copy = malloc(len ? len : 1);
		FUZZ_CHECK(copy != NULL);
		memcpy(copy, p, len);
		f.data = copy;
		f.len = len;
		p += len;
		bus = fox_buses_get(buses, hdr >> 6, NULL);
		FUZZ_CHECK(bus != NULL && bus->key == (uint64_t)(hdr >> 6));
		r->frame = f.number;
		r->frames++;
		r->is_ours[f.number] = 1;
		rec = fox_engine_feed(bus->engine, &f);
		free(copy);
		check_link(r, &rec->link, f.number);
		FUZZ_CHECK(rec->n_events <= FOX_ENGINE_MAX_EVENTS);
		for (unsigned i = 0; i < rec->n_events; i++) {
			check_event(r, &rec->events[i]);
			r->events[rec->events[i].type]++;
		}
		if (rec->decoded)
			FUZZ_CHECK(rec->kind == FOX_REC_FOXESS ||
				   rec->kind == FOX_REC_DIALECT);
	}
	fox_buses_finish(buses);
	FUZZ_CHECK(fox_buses_count(buses) <= BUSES);
	for (unsigned i = 0; i < fox_buses_count(buses); i++) {
		const struct fox_bus *bus = fox_buses_at(buses, i);
		const struct fox_lm_stats *st = fox_engine_stats(bus->engine);
		struct run *r = &run[bus->key];

		/* dropped events are counted but not in the records */
		for (int t = 0; t < FOX_LM_EV_COUNT; t++)
			r->events[t] = st->events_dropped ?
					       st->event_counts[t] :
					       r->events[t];
		check_stats(bus->engine, r, number);
		FUZZ_CHECK(fox_variant_name(fox_engine_variant(bus->engine)) !=
			   NULL);
	}
	fox_buses_free(buses);
	for (int b = 0; b < BUSES; b++)
		free(run[b].is_ours);
	return 0;
}
