// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What the decoded values of the BMS replies say: limits exceeded, cells
 * out of their window or apart, temperatures, errors, missing packs,
 * contradictory signs (protocol-notes sections 3, 4 and 6).  Fields are
 * named by their compile-time handles (foxess/field-handles.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine-internal.h"
#include "foxess/field-handles.h"

/* The link is up and its startup (contactor closing) should be over. */
static bool after_startup(const struct fox_engine *e)
{
	return e->link_up &&
	       e->now - e->link_up_time >= e->cfg.startup_deadline;
}

static void minmax(struct fox_lm_minmax *m, double v)
{
	if (!m->seen || v < m->min)
		m->min = v;
	if (!m->seen || v > m->max)
		m->max = v;
	m->seen = true;
}

static int current_band(double current)
{
	double a = fabs(current);
	int b = 0;

	while (b < FOX_LM_CURRENT_BANDS - 1 && a >= fox_lm_band_edges[b])
		b++;
	return b;
}

/* Value checks ----------------------------------------------------------- */

/* The value of the field with handle h, its first item; NULL when the
 * frame does not carry it. */
static const struct fox_value *get(const struct fox_decoded *d, unsigned h)
{
	const struct fox_field *field = fox_field_of(h);

	for (unsigned i = 0; i < d->n_values; i++)
		if (d->values[i].field == field)
			return &d->values[i];
	return NULL;
}

static bool getv(const struct fox_decoded *d, unsigned h, double *v)
{
	const struct fox_value *fv = get(d, h);

	if (fv)
		*v = fv->value;
	return fv != NULL;
}

static void check_limits_frame(struct fox_engine *e,
			       const struct fox_decoded *d)
{
	e->have_limits =
		getv(d, FOX_FLD_LIMITS_VOLTAGE_MAX, &e->vmax) &&
		getv(d, FOX_FLD_LIMITS_VOLTAGE_MIN, &e->vmin) &&
		getv(d, FOX_FLD_LIMITS_CHARGE_CURRENT_MAX, &e->chg_max) &&
		getv(d, FOX_FLD_LIMITS_DISCHARGE_CURRENT_MAX, &e->dis_max);
}

static void check_pack_frame(struct fox_engine *e, const struct fox_decoded *d)
{
	double v, i, soc, nominal;
	bool above, below;
	int band;

	if (!getv(d, FOX_FLD_PACK_VOLTAGE, &v) ||
	    !getv(d, FOX_FLD_PACK_CURRENT, &i) ||
	    !getv(d, FOX_FLD_PACK_SOC, &soc))
		return;
	account_time(e);
	e->have_pack = true;
	e->voltage = v;
	e->current = i;
	e->soc = soc;
	if (getv(d, FOX_FLD_PACK_ENERGY_NOMINAL, &nominal))
		e->nominal_kwh = nominal;
	minmax(&e->st.voltage, v);
	minmax(&e->st.current, i);
	minmax(&e->st.soc, soc);
	band = current_band(i);
	if (band != e->band) {
		e->band = band;
		e->band_since = e->now;
	}
	if (!e->have_limits)
		return;
	condition(e, i > e->chg_max + e->cfg.current_margin,
		  FOX_LM_EV_CHARGE_OVER_LIMIT, i, e->chg_max, NULL);
	condition(e, -i > e->dis_max + e->cfg.current_margin,
		  FOX_LM_EV_DISCHARGE_OVER_LIMIT, -i, e->dis_max, NULL);
	above = v > e->vmax;
	below = v < e->vmin;
	condition(e, above || below, FOX_LM_EV_VOLTAGE_WINDOW, v,
		  above ? e->vmax : e->vmin,
		  above ? "above the maximum" : "below the minimum");
}

static void check_temps(struct fox_engine *e, double tmax, double tmin)
{
	bool high = tmax > e->cfg.temp_max, low = tmin < e->cfg.temp_min;

	minmax(&e->st.temp, tmax);
	minmax(&e->st.temp, tmin);
	condition(e, high || low, FOX_LM_EV_TEMPERATURE, high ? tmax : tmin,
		  high ? e->cfg.temp_max : e->cfg.temp_min,
		  high ? "above the maximum" : "below the minimum");
}

/* 0x0C05..: per-pack temperatures. */
void check_pack_data(struct fox_engine *e, const struct fox_decoded *d)
{
	double tmax, tmin;

	if (getv(d, FOX_FLD_MODULE_TEMP_MAX, &tmax) &&
	    getv(d, FOX_FLD_MODULE_TEMP_MIN, &tmin))
		check_temps(e, tmax, tmin);
}

static void check_status_frame(struct fox_engine *e,
			       const struct fox_decoded *d)
{
	const struct fox_value *bitmap = get(d, FOX_FLD_STATUS_PACKS_OK);
	const struct fox_value *count = get(d, FOX_FLD_STATUS_PACK_COUNT);
	const struct fox_value *contactor = get(d, FOX_FLD_STATUS_CONTACTOR);

	if (bitmap && count) {
		unsigned n = (unsigned)count->raw;
		uint8_t want, missing;
		char names[FOX_LM_DETAIL_MAX];
		size_t len = 0;

		if (n > FOX_LM_MAX_PACKS)
			n = FOX_LM_MAX_PACKS;
		e->st.pack_count = n;
		want = (uint8_t)((1u << n) - 1);
		missing = want & (uint8_t)~bitmap->raw;
		names[0] = '\0';
		for (unsigned k = 0; k < n; k++)
			if (missing >> k & 1)
				len += (size_t)snprintf(
					names + len, sizeof(names) - len,
					"%s%u", len ? ", " : "", k + 1);
		e->packs_missing = missing != 0;
		condition(e, missing != 0, FOX_LM_EV_PACKS_MISSING,
			  __builtin_popcount(missing), n, names);
	}
	if (contactor)
		condition(e, contactor->raw == 0 && after_startup(e),
			  FOX_LM_EV_CONTACTOR_OPEN, e->now - e->link_up_time, 0,
			  NULL);
}

static void check_cells_frame(struct fox_engine *e, const struct fox_decoded *d)
{
	const struct fox_value *inhibit = get(d, FOX_FLD_CELLS_CHARGE_INHIBIT);
	double cmax, cmin;

	if (inhibit) {
		bool set = inhibit->raw != 0;
		double soc = e->have_pack ? e->soc : -1;

		account_time(e);
		condition(e, set,
			  soc >= e->cfg.inhibit_warn_soc ?
				  FOX_LM_EV_CHARGE_INHIBIT_FULL :
				  FOX_LM_EV_CHARGE_INHIBIT,
			  soc, e->cfg.inhibit_warn_soc, NULL);
		if (set && !e->inhibit)
			e->inhibit_since = e->now;
		e->inhibit = set;
	}
	if (getv(d, FOX_FLD_CELLS_VOLTAGE_MAX, &cmax) &&
	    getv(d, FOX_FLD_CELLS_VOLTAGE_MIN, &cmin)) {
		double spread = cmax - cmin;
		bool high = cmax > e->cfg.cell_max_mv;
		bool low = cmin < e->cfg.cell_min_mv;

		minmax(&e->st.cell_mv, cmax);
		minmax(&e->st.cell_mv, cmin);
		if (spread > e->st.worst_spread_mv) {
			e->st.worst_spread_mv = spread;
			e->st.worst_spread_frame = e->frame;
		}
		condition(e, spread > e->cfg.cell_spread_mv,
			  FOX_LM_EV_CELL_SPREAD, spread, e->cfg.cell_spread_mv,
			  NULL);
		condition(e, high || low, FOX_LM_EV_CELL_VOLTAGE,
			  high ? cmax : cmin,
			  high ? e->cfg.cell_max_mv : e->cfg.cell_min_mv,
			  high ? "above the maximum" : "below the minimum");
	}
}

static void check_info_frame(struct fox_engine *e, const struct fox_decoded *d)
{
	const struct fox_value *err = get(d, FOX_FLD_INFO_PACK_ERROR);
	const struct fox_value *addr = get(d, FOX_FLD_INFO_ADDRESS);
	const struct fox_value *type = get(d, FOX_FLD_INFO_BATTERY_TYPE);
	const struct fox_value *fw = get(d, FOX_FLD_INFO_FIRMWARE);
	unsigned slot;
	char who[16];

	if (!err || !addr)
		return;
	/* Record address 0x01 = BMS master, 0x10 * n = pack n. */
	slot = addr->raw == 0x01 ? 0 : (unsigned)addr->raw >> 4;
	if (slot > FOX_LM_MAX_PACKS || (slot && (addr->raw & 0x0F)))
		return;
	if (type && fw) {
		struct fox_lm_record *r = &e->st.records[slot];

		r->seen = true;
		r->type_code = (uint8_t)type->raw;
		snprintf(r->firmware, sizeof(r->firmware), "%s", fw->text);
	}
	if (slot)
		snprintf(who, sizeof(who), "pack %u", slot);
	else
		snprintf(who, sizeof(who), "BMS master");
	condition(e, err->raw != 0, FOX_LM_EV_PACK_ERROR, (double)err->raw,
		  slot, who);
}

static void check_sign(struct fox_engine *e, enum fox_lm_event_type type,
		       bool charging, bool discharging, const char *what)
{
	double i = e->current, db = e->cfg.current_deadband;
	bool wrong = (charging && i < -db) || (discharging && i > db);

	condition(e, e->have_pack && wrong, type, i, 0, what);
}

static void check_state_frame(struct fox_engine *e, const struct fox_decoded *d)
{
	const struct fox_value *bits, *status, *chg, *dis, *active;

	/* These are H-series meanings: on EP the bytes are counters. */
	if (e->variant != FOX_VARIANT_H)
		return;
	bits = get(d, FOX_FLD_STATE_ERROR_CODE);
	status = get(d, FOX_FLD_FLAGS_STATUS);
	chg = get(d, FOX_FLD_FLAGS_CHARGING);
	dis = get(d, FOX_FLD_FLAGS_DISCHARGING);
	active = get(d, FOX_FLD_FLAGS_ACTIVE_ERROR);
	if (bits) {
		char hex[8];

		snprintf(hex, sizeof(hex), "0x%02X", (unsigned)bits->raw);
		condition(e, bits->raw != 0, FOX_LM_EV_ERROR_BITS,
			  (double)bits->raw, 0, hex);
	}
	if (active)
		condition(e, active->raw != 0, FOX_LM_EV_ACTIVE_ERROR,
			  (double)active->raw, 0, NULL);
	/* The BMS reports off-line until its contactor closes at startup. */
	if (status)
		condition(e, status->raw == 6 && after_startup(e),
			  FOX_LM_EV_OFFLINE, (double)status->raw, 0, NULL);
	if (chg && dis)
		check_sign(e, FOX_LM_EV_SIGN_FLAGS, chg->raw && !dis->raw,
			   dis->raw && !chg->raw,
			   chg->raw ? "charging" : "discharging");
}

/* EP 0x187B byte 1: 1 charging, 2 discharging (native order). */
static void check_ep_state(struct fox_engine *e, const struct fox_decoded *d)
{
	const struct fox_value *state = get(d, FOX_FLD_EP_HEALTH_STATE);

	if (!state || e->variant != FOX_VARIANT_EP)
		return;
	check_sign(e, FOX_LM_EV_SIGN_STATE, state->raw == 1, state->raw == 2,
		   state->raw == 1 ? "charging" : "discharging");
}

/* EP 0x1903: stored energy = nominal x SoC (protocol-notes section 4). */
static void check_ep_energy(struct fox_engine *e, const struct fox_decoded *d)
{
	double stored, expect, tol;

	if (e->variant != FOX_VARIANT_EP || !e->have_pack ||
	    e->nominal_kwh <= 0 || !getv(d, FOX_FLD_EP_STORED_ENERGY, &stored))
		return;
	expect = e->nominal_kwh * e->soc / 100.0;
	/* The native value is floored to 0.1 kWh: allow that step too. */
	tol = e->nominal_kwh * e->cfg.energy_tolerance / 100.0 + 0.1;
	condition(e, fabs(stored - expect) > tol, FOX_LM_EV_ENERGY_MISMATCH,
		  stored, expect, NULL);
}

static void check_temps_frame(struct fox_engine *e, const struct fox_decoded *d)
{
	double tmax, tmin;

	if (getv(d, FOX_FLD_TEMPS_MAX, &tmax) &&
	    getv(d, FOX_FLD_TEMPS_MIN, &tmin))
		check_temps(e, tmax, tmin);
}

/* The checks of each main-poll reply, by the table's frame row. */
static const struct {
	unsigned frame;
	void (*check)(struct fox_engine *e, const struct fox_decoded *d);
} main_checks[] = {
	{ FOX_FRM_LIMITS, check_limits_frame },
	{ FOX_FRM_PACK, check_pack_frame },
	{ FOX_FRM_TEMPS, check_temps_frame },
	{ FOX_FRM_STATUS, check_status_frame },
	{ FOX_FRM_CELLS, check_cells_frame },
	{ FOX_FRM_INFO, check_info_frame },
	{ FOX_FRM_STATE, check_state_frame },
	{ FOX_FRM_EP_HEALTH, check_ep_state },
	{ FOX_FRM_EP_STORED, check_ep_energy },
};

void check_main_reply(struct fox_engine *e, const struct fox_decoded *d)
{
	unsigned row = (unsigned)(d->frame - fox_frames);

	for (size_t i = 0; i < sizeof(main_checks) / sizeof(main_checks[0]);
	     i++) {
		if (main_checks[i].frame == row) {
			main_checks[i].check(e, d);
			return;
		}
	}
}

void check_serial_part(struct fox_engine *e, const struct fox_decoded *d)
{
	const struct fox_value *owner = get(d, FOX_FLD_SERIAL_OWNER);
	const struct fox_value *frag = get(d, FOX_FLD_SERIAL_FRAGMENT);
	char *s;

	if (!owner || !frag || owner->raw > FOX_LM_MAX_PACKS || d->index > 2)
		return;
	s = e->st.serials[owner->raw];
	/* Parts arrive in order; a short part (NUL padding) leaves the
	 * rest of its 7 characters empty. */
	if (d->index == 0)
		memset(s, 0, FOX_LM_SERIAL_LEN + 1);
	memcpy(s + 7 * d->index, frag->text, strnlen(frag->text, 7));
}
