// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The EP-series main-reply frames an H-series BMS does not send
 * (protocol-notes section 4): 0x187A, 0x187B, 0x187F and 0x1900-0x1919.
 * Constants are the values the notes quote from genuine EP12 captures;
 * bytes of unknown meaning are sent as seen there, or zero.  The two EP
 * consistency checks get their ground truth here: 0x1903 against the
 * native rule, 0x187B against the sign of the 0x1873 current.
 */
#include <math.h>
#include <string.h>

#include "foxsim.h"

#define EP_SOH		    98	 /* 225 Ah full of 230 Ah rated */
#define EP_MODEL_VALUE	    1	 /* 0x1902 bytes 0-1, meaning unknown */
#define EP_UNIT_POWER_W	    6000 /* 0x1902 max discharge power per unit */
#define EP_RESISTANCE_MOHM  3.5
#define EP_SOC_ESTIMATE_LAG 0.5 /* 0x1907: the second estimate trails */
#define EP_SIGN_DEADBAND_A  1.0 /* current this small has no sign */
#define EP_MODEL	    "EP12"
#define EP_MODEL_LONG	    "EP12 Plus"

#define EP_187F	     "0100000100000000"
#define EP_1900_TAIL "00003c46"
#define EP_1901	     "f00f000040003342"
#define ZERO2	     "0000"
#define ZERO4	     "00000000"
#define ZERO6	     "000000000000"
#define ZERO8	     "0000000000000000"

static struct {
	const struct fox_frame *energy, *health, *f187f, *unit, *f1901, *model,
		*stored, *extremes, *f1905, *f1906, *f1907, *f1908, *f1909,
		*name, *f1911, *name_long, *extra;
} et;

static struct {
	const struct fox_field *charged, *discharged;
	const struct fox_field *soh, *state, *h_bytes2, *rated, *full;
	const struct fox_field *f187f;
	const struct fox_field *u_capacity, *u_nominal, *u_bytes4;
	const struct fox_field *f1901;
	const struct fox_field *m_value, *m_power, *m_resistance, *m_temp;
	const struct fox_field *s_bytes0, *s_energy;
	const struct fox_field *x_cell_max, *x_cell_min, *x_temp_max,
		*x_temp_min, *x_bytes6;
	const struct fox_field *r_family, *r_soc, *r_readiness, *r_param_b,
		*r_est2, *r_value, *r_byte7;
	const struct fox_field *p_a, *p_bytes2, *p_b, *p_bytes6;
	const struct fox_field *est1, *est2, *v_flags, *v_value, *f1909;
	const struct fox_field *name, *f1911, *name_long, *extra;
} ef;

static struct {
	uint32_t idle, charging, discharging, starting;
	uint32_t initialising, ready;
} ev;

void ep_table_init(void)
{
	et.energy = sim_frame_type("ep_energy");
	et.health = sim_frame_type("ep_health");
	et.f187f = sim_frame_type("ep_187f");
	et.unit = sim_frame_type("ep_unit");
	et.f1901 = sim_frame_type("ep_1901");
	et.model = sim_frame_type("ep_model");
	et.stored = sim_frame_type("ep_stored");
	et.extremes = sim_frame_type("ep_extremes");
	et.f1905 = sim_frame_type("ep_1905");
	et.f1906 = sim_frame_type("ep_1906");
	et.f1907 = sim_frame_type("ep_1907");
	et.f1908 = sim_frame_type("ep_1908");
	et.f1909 = sim_frame_type("ep_1909");
	et.name = sim_frame_type("ep_model_name");
	et.f1911 = sim_frame_type("ep_1911");
	et.name_long = sim_frame_type("ep_model_long");
	et.extra = sim_frame_type("ep_extra");

	ef.charged = sim_field("foxess.ep_energy.charged");
	ef.discharged = sim_field("foxess.ep_energy.discharged");
	ef.soh = sim_field("foxess.ep_health.soh");
	ef.state = sim_field("foxess.ep_health.state");
	ef.h_bytes2 = sim_field("foxess.ep_health.bytes2");
	ef.rated = sim_field("foxess.ep_health.rated_capacity");
	ef.full = sim_field("foxess.ep_health.full_capacity");
	ef.f187f = sim_field("foxess.ep_187f.data");
	ef.u_capacity = sim_field("foxess.ep_unit.capacity");
	ef.u_nominal = sim_field("foxess.ep_unit.energy_nominal");
	ef.u_bytes4 = sim_field("foxess.ep_unit.bytes4");
	ef.f1901 = sim_field("foxess.ep_1901.data");
	ef.m_value = sim_field("foxess.ep_model.value");
	ef.m_power = sim_field("foxess.ep_model.discharge_power_max");
	ef.m_resistance = sim_field("foxess.ep_model.resistance");
	ef.m_temp = sim_field("foxess.ep_model.temperature");
	ef.s_bytes0 = sim_field("foxess.ep_stored.bytes0");
	ef.s_energy = sim_field("foxess.ep_stored.energy");
	ef.x_cell_max = sim_field("foxess.ep_extremes.cell_position_first");
	ef.x_cell_min = sim_field("foxess.ep_extremes.cell_position_second");
	ef.x_temp_max = sim_field("foxess.ep_extremes.temp_max_location");
	ef.x_temp_min = sim_field("foxess.ep_extremes.temp_min_location");
	ef.x_bytes6 = sim_field("foxess.ep_extremes.bytes6");
	ef.r_family = sim_field("foxess.ep_1905.family");
	ef.r_soc = sim_field("foxess.ep_1905.soc_like");
	ef.r_readiness = sim_field("foxess.ep_1905.readiness");
	ef.r_param_b = sim_field("foxess.ep_1905.param_b_tenth");
	ef.r_est2 = sim_field("foxess.ep_1905.estimate2_tenth");
	ef.r_value = sim_field("foxess.ep_1905.value_tenth");
	ef.r_byte7 = sim_field("foxess.ep_1905.byte7");
	ef.p_a = sim_field("foxess.ep_1906.param_a");
	ef.p_bytes2 = sim_field("foxess.ep_1906.bytes2");
	ef.p_b = sim_field("foxess.ep_1906.param_b");
	ef.p_bytes6 = sim_field("foxess.ep_1906.bytes6");
	ef.est1 = sim_field("foxess.ep_1907.estimate1");
	ef.est2 = sim_field("foxess.ep_1907.estimate2");
	ef.v_flags = sim_field("foxess.ep_1908.flags");
	ef.v_value = sim_field("foxess.ep_1908.value");
	ef.f1909 = sim_field("foxess.ep_1909.data");
	ef.name = sim_field("foxess.ep_model_name.text");
	ef.f1911 = sim_field("foxess.ep_1911.data");
	ef.name_long = sim_field("foxess.ep_model_long.text");
	ef.extra = sim_field("foxess.ep_extra.data");

	ev.idle = sim_value(ef.state, "Idle");
	ev.charging = sim_value(ef.state, "Charging");
	ev.discharging = sim_value(ef.state, "Discharging");
	ev.starting = sim_value(ef.state, "Not ready");
	ev.initialising = sim_value(ef.r_readiness, "Not ready");
	ev.ready = sim_value(ef.r_readiness, "Ready");
}

/* 0x187B byte 1: starting until the contactor closes, then the sign of
 * the current the same burst reports; one emulator swaps 1 and 2. */
static void fill_health(struct sim *s, struct battery *b, struct sim_frame *fr,
			const struct ep_burst *eb)
{
	uint32_t state = ev.idle;
	/* the battery's real direction, whatever sign the burst sent */
	double flow = s->plan.current_inverted ? -eb->current : eb->current;

	if (!b->contactor)
		state = ev.starting;
	else if (flow > 0)
		state = s->plan.ep_state_swapped ? ev.discharging : ev.charging;
	else if (flow < 0)
		state = s->plan.ep_state_swapped ? ev.charging : ev.discharging;
	sim_put(fr, ef.soh, 0, EP_SOH);
	sim_put(fr, ef.state, 0, state);
	sim_put_text(fr, ef.h_bytes2, ZERO2);
	sim_put(fr, ef.rated, 0, EP_UNIT_RATED_AH * b->n_packs);
	sim_put(fr, ef.full, 0, EP_UNIT_FULL_AH * b->n_packs);
	if ((state == ev.charging && eb->current < -EP_SIGN_DEADBAND_A) ||
	    (state == ev.discharging && eb->current > EP_SIGN_DEADBAND_A))
		sim_event(fr, "state_sign", "state=%u;current=%.1f", state,
			  eb->current);
}

/* 0x1903: natively floor(nominal [10 Wh] x SoC % / 1000) in 0.1 kWh. */
static void fill_stored(struct sim *s, struct sim_frame *fr,
			const struct ep_burst *eb)
{
	unsigned native = eb->nominal * (unsigned)eb->soc / 1000;
	unsigned sent = native;

	if (s->plan.ep_stored_factor > 0)
		sent = (unsigned)floor(native * s->plan.ep_stored_factor);
	sim_put_text(fr, ef.s_bytes0, ZERO6);
	sim_put(fr, ef.s_energy, 0, sent / 10.0);
	if (sent != native)
		sim_event(fr, "energy_mismatch", "stored=%.1f;expected=%.1f",
			  sent / 10.0, native / 10.0);
}

static void fill_model_name(struct sim_frame *fr, unsigned part)
{
	char text[16];
	unsigned width = ef.name_long->width;
	size_t len = strlen(EP_MODEL_LONG);

	snprintf(text, sizeof(text), "%.*s", (int)width,
		 part * width < len ? EP_MODEL_LONG + part * width : "");
	sim_put_text(fr, ef.name_long, text);
}

void ep_fill(struct sim *s, struct battery *b, struct sim_frame *fr,
	     const struct ep_burst *eb)
{
	unsigned index = 0;
	const struct fox_frame *type =
		fox_frame_find(FOX_PROTO_FOXESS, fr->id, true, &index);
	double tmax, tmin;

	if (type == et.energy) {
		sim_put(fr, ef.charged, 0, floor(b->charged_wh / 100) / 10);
		sim_put(fr, ef.discharged, 0,
			floor(b->discharged_wh / 100) / 10);
	} else if (type == et.health) {
		fill_health(s, b, fr, eb);
	} else if (type == et.f187f) {
		sim_put_text(fr, ef.f187f, EP_187F);
	} else if (type == et.unit) {
		sim_put(fr, ef.u_capacity, 0, EP_UNIT_RATED_AH);
		sim_put(fr, ef.u_nominal, 0, EP_UNIT_NOMINAL_10WH / 100.0);
		sim_put_text(fr, ef.u_bytes4, EP_1900_TAIL);
	} else if (type == et.f1901) {
		sim_put_text(fr, ef.f1901, EP_1901);
	} else if (type == et.model) {
		battery_temp_extremes(b, &tmax, &tmin);
		sim_put(fr, ef.m_value, 0, EP_MODEL_VALUE);
		sim_put(fr, ef.m_power, 0, EP_UNIT_POWER_W * b->n_packs);
		sim_put(fr, ef.m_resistance, 0, EP_RESISTANCE_MOHM);
		sim_put(fr, ef.m_temp, 0, tmax);
	} else if (type == et.stored) {
		fill_stored(s, fr, eb);
	} else if (type == et.extremes) {
		sim_put(fr, ef.x_cell_max, 0, eb->max_cell);
		sim_put(fr, ef.x_cell_min, 0, eb->min_cell);
		sim_put(fr, ef.x_temp_max, 0, eb->max_temp);
		sim_put(fr, ef.x_temp_min, 0, eb->min_temp);
		sim_put_text(fr, ef.x_bytes6, ZERO2);
	} else if (type == et.f1905) {
		sim_put(fr, ef.r_family, 0, 0);
		sim_put(fr, ef.r_soc, 0, eb->soc);
		sim_put(fr, ef.r_readiness, 0,
			b->contactor ? ev.ready : ev.initialising);
		sim_put(fr, ef.r_param_b, 0, 0);
		sim_put(fr, ef.r_est2, 0, 0);
		sim_put(fr, ef.r_value, 0, 0);
		sim_put(fr, ef.r_byte7, 0, 0);
	} else if (type == et.f1906) {
		sim_put(fr, ef.p_a, 0, 0);
		sim_put(fr, ef.p_bytes2, 0, 0);
		sim_put(fr, ef.p_b, 0, 0);
		sim_put(fr, ef.p_bytes6, 0, 0);
	} else if (type == et.f1908) {
		sim_put_text(fr, ef.v_flags, ZERO4);
		sim_put(fr, ef.v_value, 0, 0);
	} else if (type == et.f1907) {
		sim_put(fr, ef.est1, 0, b->soc);
		sim_put(fr, ef.est2, 0, fmax(b->soc - EP_SOC_ESTIMATE_LAG, 0));
	} else if (type == et.name) {
		sim_put_text(fr, ef.name, EP_MODEL);
	} else if (type == et.name_long) {
		fill_model_name(fr, index);
	} else {
		/* 0x1909, 0x1911, 0x1914-0x1919: zero. */
		const struct fox_field *data = type == et.f1909 ? ef.f1909 :
					       type == et.f1911 ? ef.f1911 :
								  ef.extra;

		sim_put_text(fr, data, ZERO8);
	}
}
