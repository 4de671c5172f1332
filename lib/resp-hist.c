// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Main-poll response times of the bus engine, kept as a histogram with
 * bins 0.05 % wide from 1 us up (the last bin holds everything above
 * ~13 s), so percentiles are good to 0.025 % in fixed memory however
 * long the capture runs.
 */
#include <math.h>

#include "engine-internal.h"

#define RESP_BIN_RATIO 1.0005
#define RESP_BIN_FIRST 1e-6

static unsigned resp_bin(double rt)
{
	double bin;

	if (rt <= RESP_BIN_FIRST)
		return 0;
	bin = 1 + floor(log(rt / RESP_BIN_FIRST) / log(RESP_BIN_RATIO));
	return bin < FOX_LM_RESP_BINS - 1 ? (unsigned)bin :
					    FOX_LM_RESP_BINS - 1;
}

/* The geometric middle of a bin. */
static double resp_bin_value(unsigned bin)
{
	return bin ? RESP_BIN_FIRST * pow(RESP_BIN_RATIO, bin - 0.5) : 0;
}

void resp_record(struct fox_lm_stats *st, double rt)
{
	st->resp_hist[resp_bin(rt)]++;
	st->n_resp++;
	if (st->n_resp == 1 || rt < st->resp_min)
		st->resp_min = rt;
	if (st->n_resp == 1 || rt > st->resp_max)
		st->resp_max = rt;
	st->resp_sum += rt;
}

double resp_percentile(const struct fox_lm_stats *st, double p)
{
	uint64_t rank, seen = 0;
	unsigned bin;
	double r;

	if (st->n_resp == 0)
		return -1;
	/* Nearest rank: the smallest value with p % of values at or below. */
	rank = (uint64_t)ceil(p / 100.0 * (double)st->n_resp);
	if (rank >= st->n_resp)
		return st->resp_max;
	if (rank == 0)
		rank = 1;
	for (bin = 0; bin < FOX_LM_RESP_BINS - 1; bin++) {
		seen += st->resp_hist[bin];
		if (seen >= rank)
			break;
	}
	r = resp_bin_value(bin);
	return r < st->resp_min ? st->resp_min :
	       r > st->resp_max ? st->resp_max :
				  r;
}
