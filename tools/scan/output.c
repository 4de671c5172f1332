// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * foxess-scan's machine-readable output: one JSON object per file
 * (docs/foxess-scan.schema.json) and a CSV time series for plots
 * (columns in docs/foxess-scan.md).
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "foxess/field-handles.h"
#include "output.h"

/* JSON --------------------------------------------------------------------- */

static void json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/* A number JSON can carry (NaN and infinities cannot). */
static void json_number(FILE *out, double v, int decimals)
{
	if (isfinite(v))
		fprintf(out, "%.*f", decimals, v);
	else
		fputs("null", out);
}

static void json_time(FILE *out, const struct fox_time *t)
{
	struct tm tm;
	time_t secs = (time_t)t->secs;
	char buf[32];

	gmtime_r(&secs, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(out, "\"%s.%06dZ\"", buf, t->nsecs / 1000);
}

static void json_minmax(FILE *out, const char *key,
			const struct fox_lm_minmax *m, int decimals)
{
	fprintf(out, ",\"%s\":", key);
	if (!m->seen) {
		fputs("null", out);
		return;
	}
	fputs("{\"min\":", out);
	json_number(out, m->min, decimals);
	fputs(",\"max\":", out);
	json_number(out, m->max, decimals);
	fputc('}', out);
}

static void json_modules(FILE *out, const struct fox_lm_stats *st)
{
	const struct fox_field *type =
		fox_field_find("foxess.info.battery_type", NULL);
	bool first = true;

	fputs(",\"modules\":[", out);
	for (unsigned n = 0; n <= FOX_LM_MAX_PACKS; n++) {
		const struct fox_lm_record *r = &st->records[n];
		const char *name;

		if (!r->seen && !st->serials[n][0])
			continue;
		fprintf(out, "%s{\"position\":%u", first ? "" : ",", n);
		first = false;
		if (r->seen) {
			name = type ? fox_value_name(type->names,
						     r->type_code) :
				      NULL;
			fprintf(out,
				",\"type_code\":%u,\"type\":", r->type_code);
			if (name)
				json_string(out, name);
			else
				fputs("null", out);
			fputs(",\"firmware\":", out);
			json_string(out, r->firmware);
		} else {
			fputs(",\"type_code\":null,\"type\":null,\"firmware\":null",
			      out);
		}
		fputs(",\"serial\":", out);
		if (st->serials[n][0])
			json_string(out, st->serials[n]);
		else
			fputs("null", out);
		fputc('}', out);
	}
	fputc(']', out);
}

/* Issue 13's findings: foreign 11-bit traffic, counter resets, the
 * cell-voltage sum and the EP current-sign convention. */
static void json_findings(FILE *out, const struct fox_lm_stats *st)
{
	static const char *const conv[] = {
		[FOX_LM_CONV_UNKNOWN] = "unknown",
		[FOX_LM_CONV_NATIVE] = "native",
		[FOX_LM_CONV_INVERTED] = "emulator",
	};

	fprintf(out, ",\"foreign_11bit_episodes\":%u,\"foreign_11bit\":[",
		st->n_foreign);
	for (unsigned i = 0; i < st->n_foreign && i < FOX_LM_MAX_FOREIGN; i++) {
		const struct fox_lm_foreign *f = &st->foreign[i];

		fprintf(out, "%s{\"start_s\":", i ? "," : "");
		json_number(out, f->start - st->first_time, 6);
		fprintf(out, ",\"frame\":%u,\"duration_s\":", f->frame);
		json_number(out, f->end - f->start, 6);
		fprintf(out, ",\"frames\":%" PRIu64 ",\"ids\":[", f->frames);
		for (unsigned k = 0; k < f->n_ids; k++)
			fprintf(out, "%s%u", k ? "," : "", f->ids[k]);
		fprintf(out, "],\"more_ids\":%s}",
			f->more_ids ? "true" : "false");
	}
	fprintf(out, "],\"counter_resets_total\":%u,\"counter_resets\":[",
		st->n_resets);
	for (unsigned i = 0; i < st->n_resets && i < FOX_LM_MAX_RESETS; i++) {
		fprintf(out, "%s{\"frame\":%u,\"field\":", i ? "," : "",
			st->resets[i].frame);
		json_string(out, st->resets[i].field);
		fputs(",\"before\":", out);
		json_number(out, st->resets[i].before, 6);
		fputs(",\"after\":", out);
		json_number(out, st->resets[i].after, 6);
		fputc('}', out);
	}
	fputs("],\"cell_sum\":", out);
	if (st->worst_cell_sum_frame) {
		fputs("{\"volts\":", out);
		json_number(out, st->worst_cell_sum, 3);
		fprintf(out, ",\"positions\":%u,\"pack_volts\":",
			st->worst_cell_sum_positions);
		json_number(out, st->worst_cell_sum_pack, 3);
		fprintf(out, ",\"frame\":%u}", st->worst_cell_sum_frame);
	} else {
		fputs("null", out);
	}
	fputs(",\"current_sign\":", out);
	if (st->convention != FOX_LM_CONV_UNKNOWN)
		fprintf(out, "{\"convention\":\"%s\",\"frame\":%u}",
			conv[st->convention], st->convention_frame);
	else
		fputs("null", out);
}

static void json_bus(FILE *out, const struct fox_bus *bus,
		     struct fox_expert_tally *experts)
{
	const struct fox_engine *e = bus->engine;
	const struct fox_lm_stats *st = fox_engine_stats(e);
	const struct fox_expert_count *c;
	unsigned n;

	fputs("{\"name\":", out);
	json_string(out, bus->name);
	fprintf(out,
		",\"interface\":%s,\"variant\":\"%s\",\"frames\":%" PRIu64
		",\"foxess_frames\":%" PRIu64 ",\"pylontech_frames\":%" PRIu64
		",\"dialect\":",
		bus->key ? "true" : "false",
		fox_variant_name(fox_engine_variant(e)), st->frames,
		st->foxess_frames, st->pylontech_frames);
	if (st->dialect)
		json_string(out, st->dialect);
	else
		fputs("null", out);
	fprintf(out,
		",\"dialect_frames\":%" PRIu64 ",\"error_frames\":%" PRIu64
		",\"protocol_mismatch\":%s,\"pack_count\":%u",
		st->dialect_frames, st->error_frames,
		st->event_counts[FOX_LM_EV_PROTOCOL_MISMATCH] ? "true" :
								"false",
		st->pack_count);
	json_modules(out, st);
	fprintf(out,
		",\"main_polls\":{\"sent\":%" PRIu64 ",\"answered\":%" PRIu64
		",\"unanswered\":%" PRIu64 ",\"late\":%" PRIu64
		",\"pending\":%" PRIu64 "}",
		st->requests[FOX_CLASS_MAIN], st->polls_answered,
		st->polls_unanswered, st->late_replies, st->polls_pending);
	fprintf(out,
		",\"requests\":{\"pack_data\":%" PRIu64
		",\"cell_voltages\":%" PRIu64 ",\"cell_temperatures\":%" PRIu64
		",\"serial_numbers\":%" PRIu64 "}",
		st->requests[FOX_CLASS_PACK_DATA],
		st->requests[FOX_CLASS_CELL_VOLTAGES],
		st->requests[FOX_CLASS_CELL_TEMPS],
		st->requests[FOX_CLASS_SERIAL]);
	fputs(",\"response_ms\":", out);
	if (st->n_resp) {
		fputs("{\"min\":", out);
		json_number(out, 1000.0 * st->resp_min, 3);
		fputs(",\"avg\":", out);
		json_number(out, 1000.0 * st->resp_sum / (double)st->n_resp, 3);
		fputs(",\"p95\":", out);
		json_number(out, 1000.0 * fox_engine_response_percentile(e, 95),
			    3);
		fputs(",\"max\":", out);
		json_number(out, 1000.0 * st->resp_max, 3);
		fputc('}', out);
	} else {
		fputs("null", out);
	}
	fprintf(out, ",\"bms_lost_episodes\":%u,\"bms_lost\":[",
		st->n_episodes);
	for (unsigned i = 0; i < st->n_episodes && i < FOX_LM_MAX_EPISODES;
	     i++) {
		const struct fox_lm_episode *ep = &st->episodes[i];

		fprintf(out, "%s{\"start_s\":", i ? "," : "");
		json_number(out, ep->start, 6);
		fprintf(out, ",\"frame\":%u,\"duration_s\":", ep->frame);
		json_number(out, ep->duration, 6);
		fprintf(out, ",\"never_answered\":%s,\"ongoing\":%s}",
			ep->never_answered ? "true" : "false",
			ep->ongoing ? "true" : "false");
	}
	fputc(']', out);
	json_minmax(out, "soc_pct", &st->soc, 1);
	json_minmax(out, "voltage_v", &st->voltage, 2);
	json_minmax(out, "current_a", &st->current, 2);
	json_minmax(out, "temperature_c", &st->temp, 2);
	json_minmax(out, "cell_mv", &st->cell_mv, 0);
	fputs(",\"worst_spread\":", out);
	if (st->cell_mv.seen) {
		fputs("{\"mv\":", out);
		json_number(out, st->worst_spread_mv, 0);
		fprintf(out, ",\"frame\":%u}", st->worst_spread_frame);
	} else {
		fputs("null", out);
	}
	json_findings(out, st);
	fputs(",\"charge_inhibit_s\":", out);
	json_number(out, st->inhibit_time, 3);
	fputs(",\"current_bands\":[", out);
	for (int b = 0; b < FOX_LM_CURRENT_BANDS; b++) {
		fprintf(out, "%s{\"from_a\":", b ? "," : "");
		json_number(out, b ? fox_lm_band_edges[b - 1] : 0, 0);
		fputs(",\"to_a\":", out);
		if (b < FOX_LM_CURRENT_BANDS - 1)
			json_number(out, fox_lm_band_edges[b], 0);
		else
			fputs("null", out);
		fprintf(out, ",\"errors\":%" PRIu64 ",\"seconds\":",
			st->band_errors[b]);
		json_number(out, st->band_time[b], 3);
		fputc('}', out);
	}
	fputs("],\"experts\":[", out);
	c = fox_expert_tally_sorted(experts, bus->index, &n);
	for (unsigned i = 0; i < n; i++) {
		fprintf(out, "%s{\"abbrev\":", i ? "," : "");
		json_string(out, c[i].abbrev);
		fprintf(out,
			",\"severity\":\"%s\",\"count\":%" PRIu64
			",\"summary\":",
			fox_expert_severity_name(c[i].severity), c[i].count);
		json_string(out, c[i].name);
		fputc('}', out);
	}
	fputs("]}", out);
}

/* FNV-1a: a stable document id, so that loading the same file twice
 * replaces its document rather than adding a second. */
static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h;
}

void json_write(FILE *out, const char *path, const char *format, bool complete,
		const struct fox_summary_head *head,
		const struct fox_buses *buses, struct fox_expert_tally *experts,
		const struct scan_options *opt)
{
	unsigned n = fox_buses_count(buses);

	if (opt->bulk_index) {
		fputs("{\"index\":{\"_index\":", out);
		json_string(out, opt->bulk_index);
		fprintf(out, ",\"_id\":\"%016" PRIx64 "\"}}\n", fnv1a(path));
	}
	fputs("{\"schema\":\"foxess-scan/1\",\"file\":", out);
	json_string(out, path);
	fputs(",\"format\":", out);
	json_string(out, format);
	fprintf(out, ",\"complete\":%s,\"frames\":%" PRIu64 ",\"first_time\":",
		complete ? "true" : "false", head->frames);
	if (head->any)
		json_time(out, &head->first);
	else
		fputs("null", out);
	fputs(",\"last_time\":", out);
	if (head->any)
		json_time(out, &head->last);
	else
		fputs("null", out);
	fputs(",\"duration_s\":", out);
	json_number(out,
		    head->any ? fox_time_span(&head->first, &head->last) : 0,
		    6);
	fputs(",\"buses\":[", out);
	for (unsigned i = 0; i < n; i++) {
		if (i)
			fputc(',', out);
		json_bus(out, fox_buses_at(buses, i), experts);
	}
	fputs("]}\n", out);
}

/* CSV ---------------------------------------------------------------------- */

void csv_header(FILE *out)
{
	fputs("file,bus,start_s,frames,foxess_frames,error_frames,main_polls,"
	      "unanswered_polls,late_replies,bms_lost,soc_pct,voltage_v,"
	      "current_a\n",
	      out);
}

void csv_begin(struct csv_state *c, const char *path, double interval,
	       FILE *out)
{
	memset(c, 0, sizeof(*c));
	c->out = out;
	c->path = path;
	c->interval = interval > 0 ? interval : 60;
}

/* A field's value in a decoded frame, by handle. */
static bool value_of(const struct fox_decoded *d, unsigned h, double *v)
{
	const struct fox_field *field = fox_field_of(h);

	for (unsigned i = 0; i < d->n_values; i++) {
		if (d->values[i].field == field) {
			*v = d->values[i].value;
			return true;
		}
	}
	return false;
}

static void csv_text(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static void csv_rows(struct csv_state *c)
{
	for (unsigned i = 0; i < c->n_bus; i++) {
		struct csv_bus *b = &c->state[i];
		const struct fox_lm_stats *st;
		const struct fox_lm_stats *s0 = &b->at_start;

		if (!c->bus[i])
			continue;
		st = fox_engine_stats(c->bus[i]->engine);
		if (b->active) {
			csv_text(c->out, c->path);
			fputc(',', c->out);
			csv_text(c->out, c->bus[i]->name);
			fprintf(c->out,
				",%.3f,%" PRIu64 ",%" PRIu64 ",%" PRIu64
				",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
				",",
				(double)c->bucket * c->interval,
				st->frames - s0->frames,
				st->foxess_frames - s0->foxess_frames,
				st->error_frames - s0->error_frames,
				st->requests[FOX_CLASS_MAIN] -
					s0->requests[FOX_CLASS_MAIN],
				st->polls_unanswered - s0->polls_unanswered,
				st->late_replies - s0->late_replies,
				st->event_counts[FOX_LM_EV_BMS_LOST] +
					st->event_counts
						[FOX_LM_EV_NEVER_ANSWERED] -
					s0->event_counts[FOX_LM_EV_BMS_LOST] -
					s0->event_counts
						[FOX_LM_EV_NEVER_ANSWERED]);
			if (b->have_pack)
				fprintf(c->out, "%.1f,%.2f,%.2f\n", b->soc,
					b->voltage, b->current);
			else
				fputs(",,\n", c->out);
		}
		b->active = false;
		b->have_pack = false;
		b->at_start = *st;
	}
}

void csv_time(struct csv_state *c, double t)
{
	int64_t bucket = (int64_t)floor(t / c->interval);

	if (!c->out || bucket <= c->bucket)
		return;
	csv_rows(c);
	c->bucket = bucket;
}

void csv_frame(struct csv_state *c, const struct fox_bus *bus,
	       const struct fox_record *rec)
{
	struct csv_bus *b;
	double soc, v, i;

	if (!c->out)
		return;
	if (bus->index >= c->n_bus) {
		unsigned n = bus->index + 1;
		const struct fox_bus **nb = realloc(c->bus, n * sizeof(*nb));
		struct csv_bus *ns;

		if (!nb)
			return;
		c->bus = nb;
		ns = realloc(c->state, n * sizeof(*ns));
		if (!ns)
			return;
		c->state = ns;
		memset(c->bus + c->n_bus, 0, (n - c->n_bus) * sizeof(*nb));
		memset(c->state + c->n_bus, 0, (n - c->n_bus) * sizeof(*ns));
		c->n_bus = n;
	}
	c->bus[bus->index] = bus;
	b = &c->state[bus->index];
	b->active = true;
	if (rec->kind == FOX_REC_FOXESS && rec->decoded &&
	    value_of(rec->decoded, FOX_FLD_PACK_SOC, &soc) &&
	    value_of(rec->decoded, FOX_FLD_PACK_VOLTAGE, &v) &&
	    value_of(rec->decoded, FOX_FLD_PACK_CURRENT, &i)) {
		b->have_pack = true;
		b->soc = soc;
		b->voltage = v;
		b->current = i;
	}
}

void csv_end(struct csv_state *c)
{
	if (c->out)
		csv_rows(c);
	free(c->bus);
	free(c->state);
}
