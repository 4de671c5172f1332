// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The bus engine (include/foxess/engine.h): one frame in, one record out.
 * This file keeps the bus bookkeeping, tells the variant, decodes the
 * frame once and hands it to the link state (link-state.c), which runs
 * the value checks (value-checks.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine-internal.h"

const double fox_lm_band_edges[FOX_LM_CURRENT_BANDS - 1] = { 5, 20, 50 };

void fox_lm_config_default(struct fox_lm_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->variant = FOX_VARIANT_UNKNOWN;
	cfg->reply_window = 0.5;
	cfg->lost_polls = 3;
	cfg->poll_interval_min = 0.5;
	cfg->poll_interval_max = 2.5;
	cfg->startup_deadline = 15.0;
	cfg->inhibit_warn_soc = 95.0;
	cfg->cell_spread_mv = 30.0;
	cfg->cell_min_mv = 2500.0;
	cfg->cell_max_mv = 3650.0;
	cfg->temp_min = -10.0;
	cfg->temp_max = 50.0;
	cfg->current_margin = 0.0;
	cfg->current_deadband = 1.0;
	cfg->energy_tolerance = 3.0;
	cfg->foreign_frames = 5;
	cfg->cell_sum_tolerance = 10.0;
}

struct fox_engine *fox_engine_new(const struct fox_lm_config *cfg)
{
	struct fox_engine *e = calloc(1, sizeof(*e));

	if (!e)
		return NULL;
	e->st.resp_hist = calloc(FOX_LM_RESP_BINS, sizeof(*e->st.resp_hist));
	e->main = main_slots_new();
	if (!e->st.resp_hist || !e->main) {
		fox_engine_free(e);
		return NULL;
	}
	e->cfg = *cfg;
	if (e->cfg.lost_polls == 0)
		e->cfg.lost_polls = 1;
	e->variant = cfg->variant;
	e->band = -1;
	e->rec.events = e->events;
	fox_claim_bus_init(&e->claims);
	return e;
}

void fox_engine_free(struct fox_engine *e)
{
	if (!e)
		return;
	free(e->main);
	free(e->st.resp_hist);
	free(e);
}

const struct fox_lm_stats *fox_engine_stats(const struct fox_engine *e)
{
	return &e->st;
}

const struct fox_lm_config *fox_engine_config(const struct fox_engine *e)
{
	return &e->cfg;
}

enum fox_variant fox_engine_variant(const struct fox_engine *e)
{
	return e->variant;
}

double fox_engine_response_percentile(const struct fox_engine *e, double p)
{
	return resp_percentile(&e->st, p);
}

/* Events ----------------------------------------------------------------- */

struct fox_lm_event *event_init(struct fox_engine *e, struct fox_lm_event *ev,
				enum fox_lm_event_type type, uint32_t about)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = type;
	ev->at_frame = e->frame;
	ev->about_frame = about ? about : e->frame;
	return ev;
}

void event_send(struct fox_engine *e, const struct fox_lm_event *ev)
{
	e->st.event_counts[ev->type]++;
	if (e->rec.n_events < FOX_ENGINE_MAX_EVENTS)
		e->events[e->rec.n_events++] = *ev;
	else
		e->st.events_dropped++;
}

void emit_simple(struct fox_engine *e, enum fox_lm_event_type type,
		 double value, double limit, const char *detail)
{
	struct fox_lm_event ev;

	event_init(e, &ev, type, 0);
	ev.value = value;
	ev.limit = limit;
	if (detail)
		snprintf(ev.detail, sizeof(ev.detail), "%s", detail);
	event_send(e, &ev);
}

void condition(struct fox_engine *e, bool holds, enum fox_lm_event_type type,
	       double value, double limit, const char *detail)
{
	if (holds)
		emit_simple(e, type, value, limit, detail);
}

void account_time(struct fox_engine *e)
{
	if (e->inhibit) {
		e->st.inhibit_time += e->now - e->inhibit_since;
		e->inhibit_since = e->now;
	}
	if (e->band >= 0) {
		e->st.band_time[e->band] += e->now - e->band_since;
		e->band_since = e->now;
	}
}

/* Feeding ---------------------------------------------------------------- */

/* What a non-error frame is: the table names other protocols and
 * dialects.  A FoxESS ID's row and index go to *row and *index: the
 * variant cue and the decoder use them rather than look them up again. */
static enum fox_record_kind classify(struct fox_engine *e,
				     const struct fox_lm_frame *f,
				     const struct fox_frame **row,
				     unsigned *index)
{
	const struct fox_frame *fr;

	/* No ID has rows in both protocols (test_table_invariants), so a
	 * FoxESS frame needs no Pylontech lookup. */
	fr = fox_frame_find(FOX_PROTO_FOXESS, f->id, f->extended, index);
	*row = fr;
	if (!fr &&
	    fox_frame_find(FOX_PROTO_PYLONTECH, f->id, f->extended, NULL))
		return neighbour_frame(e, f);
	if (fr && fr->dialect) {
		e->st.dialect_frames++;
		e->st.dialect = fr->dialect;
		return FOX_REC_DIALECT;
	}
	if (!fr) {
		other_frame(e, f);
		return FOX_REC_OTHER;
	}
	e->st.foxess_frames++;
	return FOX_REC_FOXESS;
}

const struct fox_record *fox_engine_feed(struct fox_engine *e,
					 const struct fox_lm_frame *f)
{
	struct fox_record *rec = &e->rec;
	struct fox_lm_link *link = &rec->link;
	struct fox_decoded *d = &e->decoded;
	const struct fox_frame *row = NULL;
	unsigned index = 0;
	enum fox_variant cue;

	rec->decoded = NULL;
	rec->n_events = 0;
	memset(link, 0, sizeof(*link));
	e->frame = f->number;
	if (!e->st.any_frame) {
		e->st.any_frame = true;
		e->st.first_time = f->time;
		e->now = f->time;
	}
	if (f->time > e->now)
		e->now = f->time;
	e->st.last_time = e->now;
	e->st.frames++;

	link_expire(e);
	if (f->error) {
		e->st.error_frames++;
		if (e->band >= 0)
			e->st.band_errors[e->band]++;
		rec->kind = FOX_REC_ERROR;
		link->variant = e->variant;
		return rec;
	}
	/* Every FoxESS row is a 29-bit ID's: row is the one the cue and the
	 * decoder would look up. */
	rec->kind = classify(e, f, &row, &index);
	if (rec->kind == FOX_REC_FOXESS &&
	    e->cfg.variant == FOX_VARIANT_UNKNOWN) {
		cue = fox_variant_cue_row(row, f->id, f->data, f->len);
		if (cue != FOX_VARIANT_UNKNOWN)
			e->variant = cue;
	}
	link->variant = e->variant;
	if (rec->kind != FOX_REC_FOXESS && rec->kind != FOX_REC_DIALECT)
		return rec;
	fox_decode_row(row, index, f->data, f->len, e->variant, FOX_ORDER_LE,
		       d);
	rec->decoded = d;
	if (rec->kind == FOX_REC_DIALECT)
		return rec;
	if (d->frame && d->frame->dir == FOX_DIR_INVERTER_TO_BMS) {
		if (d->status != FOX_SHORT)
			link_request(e, f, link);
		return rec;
	}
	link_reply(e, f, d, link);
	return rec;
}

void fox_engine_finish(struct fox_engine *e)
{
	account_time(e);
	link_finish(e);
}
