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
 * frame does not carry it.  A handle names its frame's row (the high
 * bits, foxess/field-handles.h): the checks ask every reply for fields of
 * other frames (the counters), and those need no search. */
static const struct fox_value *get(const struct fox_decoded *d, unsigned h)
{
	const struct fox_field *field = fox_field_of(h);

	if (d->frame != &fox_frames[h >> 8])
		return NULL;
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

/* Cumulative counters (protocol-notes 4.5.2 and 4.5.3 item 3): they only
 * grow, so a drop is a restart of a BMS or emulator that keeps them in
 * RAM (the app then shows negative daily energy).  A second responder's
 * reply is another device's counters: burst.duplicate covers it. */
static const unsigned counters[N_COUNTERS] = {
	FOX_FLD_STATUS_CYCLES,	   FOX_FLD_ENERGY_THROUGHPUT,
	FOX_FLD_STATE_CHARGED,	   FOX_FLD_STATE_DISCHARGED,
	FOX_FLD_EP_ENERGY_CHARGED, FOX_FLD_EP_ENERGY_DISCHARGED,
};

static void check_counters(struct fox_engine *e, const struct fox_decoded *d)
{
	double v;

	if (e->duplicate_reply)
		return;
	for (unsigned c = 0; c < N_COUNTERS; c++) {
		if (!getv(d, counters[c], &v))
			continue;
		if (e->counter_seen[c] && v < e->counter[c]) {
			const char *name = fox_field_of(counters[c])->abbrev;
			struct fox_lm_stats *st = &e->st;
			struct fox_lm_event ev;

			event_init(e, &ev, FOX_LM_EV_COUNTER_RESET, 0);
			ev.value = v;
			ev.limit = e->counter[c];
			snprintf(ev.detail, sizeof(ev.detail), "%s", name);
			event_send(e, &ev);
			if (st->n_resets < FOX_LM_MAX_RESETS)
				st->resets[st->n_resets] =
					(struct fox_lm_reset){ e->frame, name,
							       e->counter[c],
							       v };
			st->n_resets++;
		}
		e->counter_seen[c] = true;
		e->counter[c] = v;
	}
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
	check_counters(e, d);
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

/* snprintf(dst, size, "%s", src) without printf (size > 0): the
 * firmware text of every 0x1877 record. */
static void copy_text(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void check_info_frame(struct fox_engine *e, const struct fox_decoded *d)
{
	const struct fox_value *err = get(d, FOX_FLD_INFO_PACK_ERROR);
	const struct fox_value *addr = get(d, FOX_FLD_INFO_ADDRESS);
	const struct fox_value *type = get(d, FOX_FLD_INFO_BATTERY_TYPE);
	const struct fox_value *fw = get(d, FOX_FLD_INFO_FIRMWARE);
	const struct fox_value *fw_raw = get(d, FOX_FLD_INFO_FIRMWARE_RAW);
	unsigned slot;
	char who[16];

	if (!err || !addr)
		return;
	/* Record address 0x01 = BMS master, 0x10 * n = pack n. */
	slot = addr->raw == 0x01 ? 0 : (unsigned)addr->raw >> 4;
	if (slot > FOX_LM_MAX_PACKS || (slot && (addr->raw & 0x0F)))
		return;
	if (type && fw_raw) {
		struct fox_lm_record *r = &e->st.records[slot];

		r->seen = true;
		r->type_code = (uint8_t)type->raw;
		/* EP's byte is only version-like (protocol-notes 4.5.1): no
		 * version rule, the byte as sent. */
		if (fw)
			copy_text(r->firmware, sizeof(r->firmware), fw->text);
		else
			snprintf(r->firmware, sizeof(r->firmware), "0x%02X",
				 (unsigned)fw_raw->raw);
	}
	if (err->raw == 0)
		return;
	if (slot)
		snprintf(who, sizeof(who), "pack %u", slot);
	else
		snprintf(who, sizeof(who), "BMS master");
	emit_simple(e, FOX_LM_EV_PACK_ERROR, (double)err->raw, slot, who);
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

	check_counters(e, d);
	/* These are H-series meanings: on EP the bytes are counters. */
	if (e->variant != FOX_VARIANT_H)
		return;
	bits = get(d, FOX_FLD_STATE_ERROR_CODE);
	status = get(d, FOX_FLD_FLAGS_STATUS);
	chg = get(d, FOX_FLD_FLAGS_CHARGING);
	dis = get(d, FOX_FLD_FLAGS_DISCHARGING);
	active = get(d, FOX_FLD_FLAGS_ACTIVE_ERROR);
	/* The texts are formatted only for a diagnosis: most replies have
	 * none, and printf cost more than the checks. */
	if (bits && bits->raw != 0) {
		char hex[8];

		snprintf(hex, sizeof(hex), "0x%02X", (unsigned)bits->raw);
		emit_simple(e, FOX_LM_EV_ERROR_BITS, (double)bits->raw, 0, hex);
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

/* EP 0x187B byte 1: 1 charging, 2 discharging (native codes), against the
 * 0x1873 sign read natively (+ = charging).  The text names the current
 * convention the inverter's 0x07 measurement revealed (extra): an
 * emulator sending the current inverted with native codes, or native
 * current with states 1 and 2 swapped, is not a battery fault. */
static void check_ep_state(struct fox_engine *e, const struct fox_decoded *d)
{
	const struct fox_value *state = get(d, FOX_FLD_EP_HEALTH_STATE);
	double i = e->current, db = e->cfg.current_deadband;
	bool wrong;

	if (!state || e->variant != FOX_VARIANT_EP || !e->have_pack)
		return;
	wrong = (state->raw == 1 && i < -db) || (state->raw == 2 && i > db);
	if (wrong) {
		struct fox_lm_event ev;

		event_init(e, &ev, FOX_LM_EV_SIGN_STATE, 0);
		ev.value = i;
		ev.limit = (double)state->raw;
		ev.extra = e->st.convention;
		snprintf(ev.detail, sizeof(ev.detail), "%s",
			 state->raw == 1 ? "charging" : "discharging");
		event_send(e, &ev);
	}
}

/* EP 0x1903 bytes 6-7 (0.1 kWh) = floor(0x1873 nominal (10 Wh) x SoC /
 * 1000) on genuine units; Battery-Emulator's EP emulation (v67) sends
 * nominal / 20 whatever the SoC (protocol-notes 4.5.1 and 4.5.3 item 1).
 * At 50 % SoC the two agree. */
static void check_ep_energy(struct fox_engine *e, const struct fox_decoded *d)
{
	double stored, nominal, native, emulated, tol;
	struct fox_lm_event ev;

	if (e->variant != FOX_VARIANT_EP || !e->have_pack ||
	    e->nominal_kwh <= 0 || !getv(d, FOX_FLD_EP_STORED_ENERGY, &stored))
		return;
	nominal = round(e->nominal_kwh * 100.0); /* in 10 Wh */
	native = floor(nominal * e->soc / 1000.0) / 10.0;
	emulated = nominal / 200.0;
	tol = e->nominal_kwh * e->cfg.energy_tolerance / 100.0;
	if (fabs(stored - native) <= tol)
		return;
	event_init(e, &ev, FOX_LM_EV_ENERGY_MISMATCH, 0);
	ev.value = stored;
	ev.limit = native;
	/* nominal / 20, floored or rounded to 0.1 kWh */
	ev.extra = fabs(stored - emulated) < 0.1 ? e->nominal_kwh : 0;
	event_send(e, &ev);
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
	{ FOX_FRM_ENERGY, check_counters },
	{ FOX_FRM_EP_ENERGY, check_counters },
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

/* Cell-voltage dumps (0x0C1D..): the cells of a string in series add up
 * to the pack voltage; EP units are in parallel, so their dumps add up to
 * the pack voltage times the unit count.  Padded or emulated cell data
 * does not (protocol-notes 4.5.2, 4.5.3 item 7: v67 maps N cells onto
 * all 144 positions).  A dump ends at the range's last position or at the
 * next other FoxESS frame of the bus. */
void check_cell_item(struct fox_engine *e, const struct fox_decoded *d)
{
	const struct fox_frame *fr = d->frame;
	unsigned last = (fr->id_last - fr->id_first) / fr->id_step;

	uint32_t req = e->req[FOX_CLASS_CELL_VOLTAGES].frame;

	/* An item again for the same request: two responders, whose cells
	 * add up to nothing (burst.duplicate is about the main reply). */
	if (e->dump_open && e->dump_request == req &&
	    (int)d->index <= e->dump_last) {
		e->dump_gap = true;
		e->dump_last = (int)d->index - 1;
	} else if (d->index == 0 || !e->dump_open) {
		cell_dump_close(e);
		e->dump_request = req;
		e->dump_open = true;
		e->dump_gap = d->index != 0;
		e->dump_last = -1;
		e->dump_positions = 0;
		e->dump_sum_mv = 0;
	}
	if ((int)d->index != e->dump_last + 1 || d->status != FOX_OK)
		e->dump_gap = true;
	e->dump_last = (int)d->index;
	e->dump_frame = e->frame;
	for (unsigned i = 0; i < d->n_values; i++) {
		const struct fox_value *v = &d->values[i];

		if (v->field != fox_field_of(FOX_FLD_CELL_VOLTAGE) || !v->value)
			continue;
		e->dump_positions++;
		e->dump_sum_mv += v->value;
	}
	if (d->index == last)
		cell_dump_close(e);
}

void cell_dump_close(struct fox_engine *e)
{
	struct fox_lm_stats *st = &e->st;
	double sum, expect, gap;
	unsigned units = 1;
	struct fox_lm_event ev;

	if (!e->dump_open)
		return;
	e->dump_open = false;
	/* Lost frames, packs missing from the bitmap (their cells are not
	 * sent) and two BMS answering the last main poll (whose pack
	 * voltage?) are other diagnoses. */
	if (e->dump_gap || !e->dump_positions || !e->have_pack ||
	    e->packs_missing || e->voltage <= 0 ||
	    e->req[FOX_CLASS_MAIN].duplicate_raised)
		return;
	if (e->variant == FOX_VARIANT_EP && st->pack_count > 1)
		units = st->pack_count;
	sum = e->dump_sum_mv / 1000.0;
	expect = e->voltage * units;
	gap = fabs(sum - expect);
	if (gap <= expect * e->cfg.cell_sum_tolerance / 100.0)
		return;
	event_init(e, &ev, FOX_LM_EV_CELL_SUM, e->dump_frame);
	ev.value = sum;
	ev.limit = expect;
	ev.extra = e->dump_positions;
	/* the cells there really are: pack voltage / mean reading */
	snprintf(ev.detail, sizeof(ev.detail), "%.0f",
		 expect / (sum / e->dump_positions));
	event_send(e, &ev);
	if (!st->worst_cell_sum_frame ||
	    gap > fabs(st->worst_cell_sum - st->worst_cell_sum_pack)) {
		st->worst_cell_sum = sum;
		st->worst_cell_sum_pack = expect;
		st->worst_cell_sum_frame = e->dump_frame;
		st->worst_cell_sum_positions = e->dump_positions;
	}
}

/* The inverter's own DC measurement (request opcode 0x07, current negative
 * while charging) against 0x1873 in settled flow: a genuine EP unit's
 * sign is the opposite, an emulator's (v67) the same (protocol-notes
 * 4.5.3 item 2).  Reported once per direction. */
void check_request(struct fox_engine *e, const struct fox_decoded *d)
{
	double inv, i = e->current, db = e->cfg.current_deadband;
	enum fox_lm_convention conv;
	unsigned dir;

	if (!getv(d, FOX_FLD_REQUEST_INVERTER_CURRENT, &inv) || !e->have_pack ||
	    fabs(inv) <= db || fabs(i) <= db)
		return;
	conv = (inv > 0) == (i > 0) ? FOX_LM_CONV_INVERTED : FOX_LM_CONV_NATIVE;
	if (conv != e->st.convention) {
		e->st.convention = conv;
		e->st.convention_frame = e->frame;
	}
	dir = inv < 0; /* the inverter's viewpoint: - charging */
	if (conv != FOX_LM_CONV_INVERTED || e->convention_raised[dir])
		return;
	e->convention_raised[dir] = true;
	emit_simple(e, FOX_LM_EV_SIGN_CONVENTION, i, inv,
		    dir ? "charging" : "discharging");
}
