// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Battery model: 1-8 HV2600-like packs of 16 LFP cells in series, or (EP
 * series) 1-8 low-voltage units of 16 cells in parallel.  Rough but
 * plausible physics, enough that SoC follows the current, cells sit at
 * 3200-3400 mV with a few mV of spread, temperatures rise with current and
 * the limits shrink near full and empty.
 */
#include <math.h>

#include "foxsim.h"

#define PACK_CAPACITY_AH  50.0 /* HV2600: 51.2 V, 50 Ah, 2.56 kWh */
#define PACK_ENERGY_KWH	  2.56
#define CELL_R_MOHM	  0.8  /* internal resistance per cell */
#define CELL_MAX_V	  3.65 /* 0x1872 window per cell */
#define CELL_MIN_V	  2.5
#define CHARGE_LIMIT_A	  25.0
#define DISCHARGE_LIMIT_A 50.0
#define TOP_CHARGE_A	  8.0
#define THERMAL_TAU_S	  600.0
#define HEAT_PER_A2	  0.0128 /* steady-state degC per A^2 */

void rng_seed(struct rng *r, uint64_t seed)
{
	r->state = seed;
}

uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->state += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

double rng_uniform(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

double rng_range(struct rng *r, double lo, double hi)
{
	return lo + (hi - lo) * rng_uniform(r);
}

unsigned rng_below(struct rng *r, unsigned n)
{
	return n ? (unsigned)(rng_next(r) % n) : 0;
}

double rng_normal(struct rng *r)
{
	/* Irwin-Hall: the sum of 12 uniforms minus 6; no libm involved. */
	double sum = 0;

	for (int i = 0; i < 12; i++)
		sum += rng_uniform(r);
	return sum - 6.0;
}

/* LFP open-circuit voltage against SoC, mV: the flat plateau and the
 * steep ends that make LFP SoC hard to estimate from voltage. */
static double lfp_ocv_mv(double soc)
{
	static const double curve[][2] = {
		{ 0, 2900 },   { 5, 3150 },  { 10, 3210 }, { 20, 3260 },
		{ 30, 3280 },  { 40, 3292 }, { 50, 3300 }, { 60, 3308 },
		{ 70, 3320 },  { 80, 3332 }, { 90, 3342 }, { 95, 3360 },
		{ 100, 3400 },
	};
	size_t n = sizeof(curve) / sizeof(curve[0]);

	if (soc <= curve[0][0])
		return curve[0][1];
	for (size_t i = 1; i < n; i++) {
		if (soc <= curve[i][0]) {
			double f = (soc - curve[i - 1][0]) /
				   (curve[i][0] - curve[i - 1][0]);

			return curve[i - 1][1] +
			       f * (curve[i][1] - curve[i - 1][1]);
		}
	}
	return curve[n - 1][1];
}

double battery_pack_current(const struct battery *b)
{
	return b->parallel ? b->current_a / b->n_packs : b->current_a;
}

/* The current an HV2600 pack would carry at the same C-rate: what drives
 * the cells' IR drop and heating in this model. */
static double pack_equivalent_current(const struct battery *b,
				      const struct pack *pk)
{
	if (!b->parallel)
		return b->current_a;
	return battery_pack_current(b) * PACK_CAPACITY_AH / pk->capacity_ah;
}

static void sample(struct battery *b)
{
	for (unsigned p = 0; p < b->n_packs; p++) {
		struct pack *pk = &b->packs[p];
		double ocv = lfp_ocv_mv(pk->soc);
		double amps = pack_equivalent_current(b, pk);

		for (unsigned c = 0; c < SIM_CELLS_PER_PACK; c++)
			pk->cell_mv[c] = ocv + amps * CELL_R_MOHM +
					 pk->cell_offset_mv[c] +
					 pk->cell_drift_mv[c] +
					 rng_range(&b->rng, -0.8, 0.8);
		for (unsigned t = 0; t < SIM_SENSORS_PER_PACK; t++)
			pk->sensor_c[t] = pk->temp_c + pk->extra_heat_c +
					  pk->sensor_offset_c[t] +
					  rng_range(&b->rng, -0.2, 0.2);
	}
}

static void update_soc(struct battery *b)
{
	double sum = 0;
	unsigned n = 0;

	for (unsigned p = 0; p < b->n_packs; p++) {
		if (!b->packs[p].present)
			continue;
		sum += b->packs[p].soc;
		n++;
	}
	b->soc = n ? sum / n : 0;
}

void battery_init(struct battery *b, unsigned n_packs, double soc,
		  uint64_t seed)
{
	*b = (struct battery){ .n_packs = n_packs,
			       .ambient_c = 21.0,
			       .charge_limit_a = CHARGE_LIMIT_A,
			       .discharge_limit_a = DISCHARGE_LIMIT_A };
	rng_seed(&b->rng, seed);
	b->throughput_wh = 5000000 + rng_below(&b->rng, 400000);
	b->cycles = 120 + rng_below(&b->rng, 60);
	for (unsigned p = 0; p < n_packs; p++) {
		struct pack *pk = &b->packs[p];

		pk->present = true;
		pk->soc = soc + rng_range(&b->rng, -0.4, 0.4);
		pk->capacity_ah = PACK_CAPACITY_AH *
				  (1 + rng_range(&b->rng, -0.01, 0.01));
		pk->temp_c = b->ambient_c + rng_range(&b->rng, 0, 1.5);
		for (unsigned c = 0; c < SIM_CELLS_PER_PACK; c++)
			pk->cell_offset_mv[c] = 1.2 * rng_normal(&b->rng);
		for (unsigned t = 0; t < SIM_SENSORS_PER_PACK; t++)
			pk->sensor_offset_c[t] = 0.6 * rng_normal(&b->rng);
	}
	update_soc(b);
	sample(b);
}

void battery_make_parallel(struct battery *b, double capacity_ah,
			   double charge_limit_a, double discharge_limit_a)
{
	b->parallel = true;
	b->charge_limit_a = charge_limit_a;
	b->discharge_limit_a = discharge_limit_a;
	for (unsigned p = 0; p < b->n_packs; p++)
		b->packs[p].capacity_ah *= capacity_ah / PACK_CAPACITY_AH;
	/* A battery that has mostly cycled: a little more in than out. */
	b->charged_wh = floor(b->throughput_wh * 0.505);
	b->discharged_wh = b->throughput_wh - b->charged_wh;
	b->charged_ah = b->charged_wh / battery_voltage(b);
	b->discharged_ah = b->discharged_wh / battery_voltage(b);
}

void battery_step(struct battery *b, double dt)
{
	double amps = battery_pack_current(b);
	double wh, ah;

	for (unsigned p = 0; p < b->n_packs; p++) {
		struct pack *pk = &b->packs[p];
		double eq = pack_equivalent_current(b, pk);
		double target = b->ambient_c + HEAT_PER_A2 * eq * eq;

		pk->soc += amps * dt / 3600.0 / pk->capacity_ah * 100;
		pk->soc = pk->soc < 0 ? 0 : pk->soc > 100 ? 100 : pk->soc;
		pk->temp_c += (target - pk->temp_c) * dt / THERMAL_TAU_S;
	}
	wh = fabs(battery_voltage(b) * b->current_a) * dt / 3600.0;
	ah = fabs(b->current_a) * dt / 3600.0;
	b->throughput_wh += wh;
	if (b->current_a > 0) {
		b->charged_wh += wh;
		b->charged_ah += ah;
	} else {
		b->discharged_wh += wh;
		b->discharged_ah += ah;
	}
	update_soc(b);
	/* Full: inhibit at a displayed 100 %, release below 98 %. */
	if (b->soc >= 99.5)
		b->inhibit = true;
	else if (b->soc < 98)
		b->inhibit = false;
	sample(b);
}

double battery_pack_voltage(const struct pack *p)
{
	double mv = 0;

	for (unsigned c = 0; c < SIM_CELLS_PER_PACK; c++)
		mv += p->cell_mv[c];
	return mv / 1000.0;
}

double battery_voltage(const struct battery *b)
{
	double v = 0;

	for (unsigned p = 0; p < b->n_packs; p++)
		v += battery_pack_voltage(&b->packs[p]);
	return b->parallel ? v / b->n_packs : v;
}

static unsigned packs_in_series(const struct battery *b)
{
	return b->parallel ? 1 : b->n_packs;
}

static unsigned packs_in_parallel(const struct battery *b)
{
	return b->parallel ? b->n_packs : 1;
}

double battery_voltage_max(const struct battery *b)
{
	return packs_in_series(b) * SIM_CELLS_PER_PACK * CELL_MAX_V;
}

double battery_voltage_min(const struct battery *b)
{
	return packs_in_series(b) * SIM_CELLS_PER_PACK * CELL_MIN_V;
}

double battery_charge_limit(const struct battery *b)
{
	double max_c, min_c;
	double limit = b->charge_limit_a * packs_in_parallel(b);

	if (b->inhibit || b->inhibit_forced)
		return 0;
	/* Taper from 90 %, with a floor for the last percent (CV phase). */
	if (b->soc > 90)
		limit *= (100 - b->soc) / 10;
	if (b->soc > 90 && limit < TOP_CHARGE_A)
		limit = TOP_CHARGE_A;
	battery_temp_extremes(b, &max_c, &min_c);
	if (max_c >= 45)
		limit /= 2;
	if (max_c >= 50 || min_c < 0)
		limit = 0;
	return limit < 0 ? 0 : limit;
}

double battery_discharge_limit(const struct battery *b)
{
	double limit = b->discharge_limit_a * packs_in_parallel(b);

	if (b->soc < 10)
		limit *= (b->soc - 5) / 5;
	return limit < 0 ? 0 : limit;
}

double battery_energy_kwh(const struct battery *b)
{
	return b->n_packs * PACK_ENERGY_KWH * b->soc / 100;
}

void battery_cell_extremes(const struct battery *b, double *max_mv,
			   double *min_mv)
{
	*max_mv = 0;
	*min_mv = 1e9;
	for (unsigned p = 0; p < b->n_packs; p++) {
		if (!b->packs[p].present)
			continue;
		for (unsigned c = 0; c < SIM_CELLS_PER_PACK; c++) {
			double v = b->packs[p].cell_mv[c];

			*max_mv = v > *max_mv ? v : *max_mv;
			*min_mv = v < *min_mv ? v : *min_mv;
		}
	}
}

void battery_pack_temp_extremes(const struct pack *p, double *max_c,
				double *min_c)
{
	*max_c = -1e9;
	*min_c = 1e9;
	for (unsigned t = 0; t < SIM_SENSORS_PER_PACK; t++) {
		*max_c = p->sensor_c[t] > *max_c ? p->sensor_c[t] : *max_c;
		*min_c = p->sensor_c[t] < *min_c ? p->sensor_c[t] : *min_c;
	}
}

void battery_temp_extremes(const struct battery *b, double *max_c,
			   double *min_c)
{
	*max_c = -1e9;
	*min_c = 1e9;
	for (unsigned p = 0; p < b->n_packs; p++) {
		double hi, lo;

		if (!b->packs[p].present)
			continue;
		battery_pack_temp_extremes(&b->packs[p], &hi, &lo);
		*max_c = hi > *max_c ? hi : *max_c;
		*min_c = lo < *min_c ? lo : *min_c;
	}
}

uint8_t battery_present_mask(const struct battery *b)
{
	uint8_t mask = 0;

	for (unsigned p = 0; p < b->n_packs; p++)
		if (b->packs[p].present)
			mask |= 1u << p;
	return mask;
}
