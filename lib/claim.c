// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Neighbour-protocol claims, per bus, in frame order (include/foxess/claim.h
 * and docs/protocol.md).  A real Pylontech LV BMS broadcasts 0x351, 0x355,
 * 0x356, 0x359, 0x35C and 0x35E about once a second, so three of them
 * with credible values inside two seconds take one burst; a single ID, or
 * frames full of zeros, never add up to a claim.
 */
#include <math.h>
#include <string.h>

#include "foxess/claim.h"

/* The LV broadcast set (protocol-notes section 5), by table key. */
static const char *const lv_set[] = {
	"pylon_limits", "pylon_soc",	 "pylon_measure",
	"pylon_alarms", "pylon_request", "pylon_name",
};

/* Values a battery never sends: a sender of them is something else (the
 * vehicle battery of issue 13 sent 0x355 with SoC 0 % and SoH 0 %). */
static const char *const never_zero[] = {
	"pylontech.soc.soh",
	"pylontech.limits.charge_voltage",
	"pylontech.measure.voltage",
	"pylontech.hv_state.voltage",
	"pylontech.hv_state.soh",
	"pylontech.hv_limits.charge_voltage",
	"pylontech.hv_limits.discharge_voltage",
};

/* Limits that may be 0 one at a time (no charging when full), not both. */
static const char *const never_both_zero[][2] = {
	{ "pylontech.limits.charge_current",
	  "pylontech.limits.discharge_current" },
	{ "pylontech.hv_limits.charge_current",
	  "pylontech.hv_limits.discharge_current" },
};

/* Fields whose every value in use is named in the table. */
static const char *const named_only[] = {
	"pylontech.hv_request.type",
	"pylontech.hv_sleep.command",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

void fox_claim_bus_init(struct fox_claim_bus *b)
{
	memset(b, 0, sizeof(*b));
}

static bool is_zero(const struct fox_decoded *d, const char *abbrev)
{
	const struct fox_value *v = fox_decoded_get(d, abbrev, 0);

	return v && v->value == 0;
}

bool fox_claim_credible(const struct fox_decoded *d)
{
	if (!d->frame || d->status != FOX_OK)
		return false;
	for (unsigned i = 0; i < d->n_values; i++) {
		const struct fox_value *v = &d->values[i];
		const struct fox_field *f = v->field;

		if (f->has_range &&
		    (v->value < f->range_lo || v->value > f->range_hi))
			return false;
	}
	for (size_t i = 0; i < N(never_zero); i++)
		if (is_zero(d, never_zero[i]))
			return false;
	for (size_t i = 0; i < N(never_both_zero); i++)
		if (is_zero(d, never_both_zero[i][0]) &&
		    is_zero(d, never_both_zero[i][1]))
			return false;
	for (size_t i = 0; i < N(named_only); i++) {
		const struct fox_value *v =
			fox_decoded_get(d, named_only[i], 0);

		if (v && !fox_value_name(v->field->names, (uint32_t)v->raw))
			return false;
	}
	return true;
}

static bool has_ranged_value(const struct fox_decoded *d)
{
	for (unsigned i = 0; i < d->n_values; i++)
		if (d->values[i].field->has_range)
			return true;
	return false;
}

static bool in_lv_set(const struct fox_frame *type)
{
	for (size_t i = 0; i < N(lv_set); i++)
		if (strcmp(type->key, lv_set[i]) == 0)
			return true;
	return false;
}

/* Records a credible member frame; true when the set is now complete. */
static bool set_complete(struct fox_claim_set *s, const struct fox_decoded *d,
			 double t, unsigned need)
{
	unsigned i, types = 0, ranged = 0;

	for (i = 0; i < s->n && s->seen[i].type != d->frame; i++)
		;
	if (i == s->n) {
		if (s->n == FOX_CLAIM_MAX_TYPES)
			return false;
		s->n++;
		s->seen[i].type = d->frame;
	}
	s->seen[i].time = t;
	s->seen[i].ranged = has_ranged_value(d);
	for (i = 0; i < s->n; i++) {
		if (fabs(t - s->seen[i].time) > FOX_CLAIM_WINDOW)
			continue;
		types++;
		ranged += s->seen[i].ranged;
	}
	/* all but one of them must carry values that were range-checked */
	return types >= need && ranged + 1 >= need;
}

static enum fox_claim feed_set(struct fox_claim_set *s,
			       const struct fox_decoded *d, double t,
			       unsigned need, bool member)
{
	if (s->certain)
		return FOX_CLAIM_BUS;
	if (fox_decoded_marked(d)) {
		s->certain = true;
		return FOX_CLAIM_MARKER;
	}
	if (!member || !fox_claim_credible(d))
		return FOX_CLAIM_NONE;
	if (!set_complete(s, d, t, need))
		return FOX_CLAIM_NONE;
	s->certain = true;
	return FOX_CLAIM_SET;
}

/* The ID families FoxESS itself uses: a dialect frame outside them is
 * that dialect's alone. */
static bool foxess_family_id(uint32_t id)
{
	return (id >= 0x0C00 && id <= 0x0DFF) || (id >= 0x1870 && id <= 0x19FF);
}

enum fox_claim fox_claim_frame(struct fox_claim_bus *b,
			       const struct fox_decoded *d, double t)
{
	const struct fox_frame *type = d->frame;

	if (!type)
		return FOX_CLAIM_NONE;
	if (type->proto == FOX_PROTO_PYLONTECH)
		return type->extended ?
			       feed_set(&b->hv, d, t, FOX_CLAIM_HV_SET, true) :
			       feed_set(&b->lv, d, t, FOX_CLAIM_LV_SET,
					in_lv_set(type));
	if (!type->dialect)
		return FOX_CLAIM_NONE;
	if (!foxess_family_id(type->id_first)) {
		b->solax = true;
		return FOX_CLAIM_ID;
	}
	return b->solax ? FOX_CLAIM_BUS : FOX_CLAIM_NONE;
}

const char *fox_claim_name(enum fox_claim c)
{
	switch (c) {
	case FOX_CLAIM_SET:
		return "Frame set complete on this bus";
	case FOX_CLAIM_MARKER:
		return "Protocol marker in this frame";
	case FOX_CLAIM_BUS:
		return "Protocol seen earlier on this bus";
	case FOX_CLAIM_ID:
		return "ID only this protocol uses";
	case FOX_CLAIM_NONE:
		break;
	}
	return "Not claimed";
}
