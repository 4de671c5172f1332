// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A foreign device on the wire (issue 13): the 11-bit traffic of a
 * vehicle battery controller that real FoxESS installations with battery
 * emulators carry on neighbouring channels, and sometimes on the FoxESS
 * bus itself.  The IDs and rates are those of a Nissan Leaf-style
 * battery (0x1DB and 0x1DC every 10 ms, 0x55B and 0x5BC every 100 ms,
 * 0x59E every 500 ms); the payloads are synthetic, slowly varying values
 * with a rolling counter, not a decoding of the Leaf protocol.  Like the
 * vehicle battery of issue 13 it also sends 0x355 = 00 00 00 00 10 00 40
 * 00 once a second, and an unknown 0x35A: 0x35x IDs that are no
 * Pylontech BMS.
 *
 * The device has its own random generator, so adding it changes no byte
 * of the FoxESS traffic.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "foxess/link-monitor.h"
#include "foxsim.h"

#define LEAF_FRAME_US 250 /* 8-byte standard frame, 500 kbit/s */

static const struct foreign_id {
	uint16_t id;
	unsigned period_us;
	uint8_t len;
} foreign_ids[] = {
	{ 0x1DB, 10000, 8 },   { 0x1DC, 10000, 8 },  { 0x355, 1000000, 8 },
	{ 0x35A, 1000000, 8 }, { 0x55B, 100000, 8 }, { 0x59E, 500000, 8 },
	{ 0x5BC, 100000, 8 },
};

#define N_FOREIGN_IDS (sizeof(foreign_ids) / sizeof(foreign_ids[0]))

/* The 0x355 of issue 13: SoC 0 %, SoH 0 % read as Pylontech. */
static const uint8_t vehicle_355[8] = { 0x00, 0x00, 0x00, 0x00,
					0x10, 0x00, 0x40, 0x00 };

static void payload(struct sim *s, const struct foreign_id *fi, unsigned count,
		    uint8_t *data)
{
	unsigned v;

	if (fi->id == 0x355) {
		memcpy(data, vehicle_355, sizeof(vehicle_355));
		return;
	}
	/* A value drifting around a level, a rolling 2-bit counter in the
	 * last byte but one and an XOR check byte, as such controllers
	 * send. */
	v = 0x6000 + (unsigned)rng_below(&s->foreign_rng, 0x40) + fi->id * 3u;
	data[0] = (uint8_t)(v >> 8);
	data[1] = (uint8_t)v;
	data[2] = (uint8_t)(fi->id >> 4);
	data[3] = (uint8_t)rng_below(&s->foreign_rng, 256);
	data[4] = (uint8_t)(count >> 4);
	data[5] = 0x00;
	data[6] = (uint8_t)(count & 3);
	data[7] = 0;
	for (unsigned i = 0; i < 7; i++)
		data[7] ^= data[i];
}

/* Bus order, as the writer sorts frames (time, then creation). */
static int bus_order(const void *a, const void *b)
{
	const struct sim_frame *x = *(struct sim_frame *const *)a;
	const struct sim_frame *y = *(struct sim_frame *const *)b;

	if (x->t_us != y->t_us)
		return x->t_us < y->t_us ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The frame among buf[first..n) where foreign traffic becomes certain, and
 * where the placement rule of docs/diagnostics.md shows it: the k-th on the
 * wire (k = the engine's default foreign_frames), if it comes within a
 * second of the first. */
static struct sim_frame *foreign_certain(struct sim *s, size_t first)
{
	size_t n = s->n_buf - first;
	struct sim_frame **order, *at = NULL;
	struct fox_lm_config def;
	unsigned k;

	fox_lm_config_default(&def);
	k = def.foreign_frames;
	if (k == 0 || n < k)
		return NULL;
	order = malloc(n * sizeof(*order));
	if (!order)
		return NULL;
	for (size_t i = 0; i < n; i++)
		order[i] = &s->buf[first + i];
	qsort(order, n, sizeof(*order), bus_order);
	if (order[k - 1]->t_us - order[0]->t_us <= SIM_US)
		at = order[k - 1];
	free(order);
	return at;
}

/* The device's second s->tick on channel ch, each ID with its own phase. */
void foreign_tick(struct sim *s, unsigned ch)
{
	uint64_t t0 = (uint64_t)s->tick * SIM_US;
	struct sim_frame *fr;
	size_t first = s->n_buf, n = 0;
	unsigned rate = 0;
	char ids[N_FOREIGN_IDS * 6 + 1];

	for (size_t k = 0; k < N_FOREIGN_IDS; k++) {
		const struct foreign_id *fi = &foreign_ids[k];
		unsigned phase = 1000 + (unsigned)k * 1300 + ch * 170;
		unsigned per_s = SIM_US / fi->period_us;

		for (unsigned i = 0; i < per_s; i++) {
			uint64_t t = t0 + phase + (uint64_t)i * fi->period_us +
				     rng_below(&s->foreign_rng, 40) *
					     LEAF_FRAME_US / 10;

			fr = sim_add(s, t, fi->id, 0, fi->len);
			fr->channel = (uint8_t)ch;
			payload(s, fi, s->tick * per_s + i, fr->data);
			if ((fi->id & 0xFF0) == 0x350)
				sim_event(fr, "not_pylontech",
					  "id=0x%03X;channel=%u", fi->id, ch);
		}
	}
	/* Ground truth for the diagnosis: foreign traffic on the bus that
	 * carries the FoxESS polls, at the frame that makes it certain.
	 * Only this device sends standard frames there. */
	if (ch != 0 || s->foreign_seen[ch])
		return;
	fr = foreign_certain(s, first);
	if (!fr)
		return;
	s->foreign_seen[ch] = true;
	ids[0] = '\0';
	for (size_t k = 0; k < N_FOREIGN_IDS; k++) {
		n += snprintf(ids + n, sizeof(ids) - n, "%s0x%03X",
			      k ? "," : "", foreign_ids[k].id);
		rate += SIM_US / foreign_ids[k].period_us;
	}
	sim_event(fr, "foreign_traffic", "ids=%s;rate=%u/s", ids, rate);
}
