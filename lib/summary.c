// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The support-ticket summary (include/foxess/summary.h): the text of
 * "tshark -q -z foxess,summary" and of foxess-scan, from the buses'
 * engines and the expert infos counted per bus.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "foxess/summary.h"

/* Expert tally ----------------------------------------------------------- */

struct bus_experts {
	struct fox_expert_count *v;
	unsigned n, cap;
	bool sorted;
};

struct fox_expert_tally {
	struct bus_experts *bus;
	unsigned n_bus;
};

struct fox_expert_tally *fox_expert_tally_new(void)
{
	return calloc(1, sizeof(struct fox_expert_tally));
}

void fox_expert_tally_reset(struct fox_expert_tally *t)
{
	for (unsigned i = 0; i < t->n_bus; i++)
		free(t->bus[i].v);
	free(t->bus);
	t->bus = NULL;
	t->n_bus = 0;
}

void fox_expert_tally_free(struct fox_expert_tally *t)
{
	if (!t)
		return;
	fox_expert_tally_reset(t);
	free(t);
}

bool fox_expert_tally_add(struct fox_expert_tally *t, unsigned bus,
			  const char *abbrev, const char *name,
			  enum fox_lm_severity severity)
{
	struct bus_experts *b;
	struct fox_expert_count *c;

	if (bus >= t->n_bus) {
		struct bus_experts *more =
			realloc(t->bus, (bus + 1) * sizeof(*more));

		if (!more)
			return false;
		memset(more + t->n_bus, 0,
		       (bus + 1 - t->n_bus) * sizeof(*more));
		t->bus = more;
		t->n_bus = bus + 1;
	}
	b = &t->bus[bus];
	/* A bus shows a handful of kinds: a linear search is enough. */
	for (unsigned i = 0; i < b->n; i++) {
		if (b->v[i].abbrev == abbrev ||
		    !strcmp(b->v[i].abbrev, abbrev)) {
			b->v[i].count++;
			return true;
		}
	}
	if (b->n == b->cap) {
		unsigned cap = b->cap ? 2 * b->cap : 8;
		struct fox_expert_count *v = realloc(b->v, cap * sizeof(*v));

		if (!v)
			return false;
		b->v = v;
		b->cap = cap;
	}
	c = &b->v[b->n++];
	c->abbrev = abbrev;
	c->name = name;
	c->severity = severity;
	c->count = 1;
	b->sorted = false;
	return true;
}

static int cmp_expert(const void *a, const void *b)
{
	const struct fox_expert_count *x = a, *y = b;

	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	return strcmp(x->abbrev, y->abbrev);
}

const struct fox_expert_count *
fox_expert_tally_sorted(struct fox_expert_tally *t, unsigned bus, unsigned *n)
{
	struct bus_experts *b;

	*n = 0;
	if (!t || bus >= t->n_bus)
		return NULL;
	b = &t->bus[bus];
	if (!b->sorted) {
		qsort(b->v, b->n, sizeof(*b->v), cmp_expert);
		b->sorted = true;
	}
	*n = b->n;
	return b->v;
}

const char *fox_expert_severity_name(enum fox_lm_severity s)
{
	switch (s) {
	case FOX_LM_SEV_ERROR:
		return "Error";
	case FOX_LM_SEV_WARN:
		return "Warning";
	case FOX_LM_SEV_NOTE:
		return "Note";
	case FOX_LM_SEV_NONE:
		break;
	}
	return "?";
}

/* Wireshark's nstime_delta() and nstime_to_sec(), so that both callers
 * print the same span to the last digit. */
double fox_time_span(const struct fox_time *a, const struct fox_time *b)
{
	int64_t secs = b->secs - a->secs;
	int32_t nsecs = b->nsecs - a->nsecs;

	if (secs > 0 && nsecs < 0) {
		secs--;
		nsecs += 1000000000;
	} else if (secs < 0 && nsecs > 0) {
		secs++;
		nsecs -= 1000000000;
	}
	return (double)secs + (double)nsecs / 1000000000.0;
}

/* Report ----------------------------------------------------------------- */

/* Where the text goes: a stream, or a buffer that grows (for
 * fox_summary_text(); open_memstream() is POSIX, not in Windows' C
 * library).  The buffer starts smaller than most summaries, so that the
 * tests comparing the GUI window's text with tshark's grow it too. */
struct sink {
	FILE *file;
	char *buf;
	size_t len, cap;
	bool failed; /* out of memory: the buffer is dropped */
};

static void put_fmt(struct sink *out, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (out->file) {
		va_start(ap, fmt);
		vfprintf(out->file, fmt, ap);
		va_end(ap);
		return;
	}
	if (out->failed)
		return;
	va_start(ap, fmt);
	n = vsnprintf(out->buf + out->len, out->cap - out->len, fmt, ap);
	va_end(ap);
	if (n < 0) {
		out->failed = true;
		return;
	}
	if ((size_t)n >= out->cap - out->len) {
		size_t cap = 2 * out->cap;
		char *more;

		while (cap - out->len <= (size_t)n)
			cap *= 2;
		more = realloc(out->buf, cap);
		if (!more) {
			out->failed = true;
			return;
		}
		out->buf = more;
		out->cap = cap;
		va_start(ap, fmt);
		vsnprintf(out->buf + out->len, out->cap - out->len, fmt, ap);
		va_end(ap);
	}
	out->len += (size_t)n;
}

static void print_time(struct sink *out, const char *label,
		       const struct fox_time *t)
{
	struct tm tm;
	time_t secs = (time_t)t->secs;
	char buf[32];

#ifdef _WIN32
	gmtime_s(&tm, &secs);
#else
	gmtime_r(&secs, &tm);
#endif
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
	put_fmt(out, "%s%s.%03d UTC", label, buf, t->nsecs / 1000000);
}

static void print_minmax(struct sink *out, const char *label,
			 const struct fox_lm_minmax *m, int decimals,
			 const char *unit)
{
	if (!m->seen) {
		put_fmt(out, "%-16s-\n", label);
		return;
	}
	put_fmt(out, "%-16s%.*f .. %.*f %s\n", label, decimals, m->min,
		decimals, m->max, unit);
}

static void print_packs(struct sink *out, const struct fox_lm_stats *st,
			enum fox_variant variant)
{
	const struct fox_field *type =
		fox_field_find("foxess.info.battery_type", NULL);
	/* EP systems count battery units where H-series count packs. */
	const char *module = variant == FOX_VARIANT_EP ? "Unit" : "Pack";

	put_fmt(out, "%-16s%u %s%s configured\n", "System:", st->pack_count,
		variant == FOX_VARIANT_EP ? "unit" : "pack",
		st->pack_count == 1 ? "" : "s");
	for (unsigned n = 0; n <= FOX_LM_MAX_PACKS; n++) {
		const struct fox_lm_record *r = &st->records[n];
		const char *name;
		char who[16];

		if (!r->seen && !st->serials[n][0])
			continue;
		if (n)
			snprintf(who, sizeof(who), "%s %u:", module, n);
		else
			snprintf(who, sizeof(who), "BMS:");
		put_fmt(out, "  %-14s", who);
		if (r->seen) {
			name = type ? fox_value_name(type->names,
						     r->type_code) :
				      NULL;
			put_fmt(out, "%s (0x%02X), firmware %s",
				name ? name : "type", r->type_code,
				r->firmware);
		} else {
			put_fmt(out, "no module record");
		}
		put_fmt(out, ", serial %s\n",
			st->serials[n][0] ? st->serials[n] : "not seen");
	}
}

static void print_link(struct sink *out, const struct fox_engine *e,
		       const struct fox_lm_stats *st)
{
	put_fmt(out,
		"%-16s%" PRIu64 " sent, %" PRIu64 " answered, %" PRIu64
		" unanswered, %" PRIu64 " late, %" PRIu64 " pending at end\n",
		"Main polls:", st->requests[FOX_CLASS_MAIN], st->polls_answered,
		st->polls_unanswered, st->late_replies, st->polls_pending);
	put_fmt(out,
		"%-16spack data %" PRIu64 ", cell voltages %" PRIu64
		", cell temperatures %" PRIu64 ", serial numbers %" PRIu64 "\n",
		"Other requests:", st->requests[FOX_CLASS_PACK_DATA],
		st->requests[FOX_CLASS_CELL_VOLTAGES],
		st->requests[FOX_CLASS_CELL_TEMPS],
		st->requests[FOX_CLASS_SERIAL]);
	if (st->n_resp)
		put_fmt(out,
			"%-16smin %.1f ms, avg %.1f ms, p95 %.1f ms, max "
			"%.1f ms\n",
			"Response time:", 1000.0 * st->resp_min,
			1000.0 * st->resp_sum / (double)st->n_resp,
			1000.0 * fox_engine_response_percentile(e, 95),
			1000.0 * st->resp_max);
	else
		put_fmt(out, "%-16s-\n", "Response time:");
	put_fmt(out, "%-16s%u episode%s\n", "BMS Lost:", st->n_episodes,
		st->n_episodes == 1 ? "" : "s");
	for (unsigned i = 0; i < st->n_episodes && i < FOX_LM_MAX_EPISODES;
	     i++) {
		const struct fox_lm_episode *ep = &st->episodes[i];

		put_fmt(out, "  %u: from %.3f s (frame %u), %.1f s%s%s\n",
			i + 1, ep->start, ep->frame, ep->duration,
			ep->never_answered ? ", never answered" : "",
			ep->ongoing ? ", still silent at the end" : "");
	}
}

static void print_values(struct sink *out, const struct fox_lm_stats *st)
{
	print_minmax(out, "SoC:", &st->soc, 0, "%");
	print_minmax(out, "Voltage:", &st->voltage, 1, "V");
	print_minmax(out, "Current:", &st->current, 1, "A");
	print_minmax(out, "Temperature:", &st->temp, 1, "\u00b0C");
	print_minmax(out, "Cell voltage:", &st->cell_mv, 0, "mV");
	if (st->cell_mv.seen)
		put_fmt(out, "%-16s%.0f mV (frame %u)\n",
			"Worst spread:", st->worst_spread_mv,
			st->worst_spread_frame);
	put_fmt(out, "%-16s%.1f s\n", "Charge inhibit:", st->inhibit_time);
}

static void print_protocols(struct sink *out, const struct fox_lm_stats *st)
{
	put_fmt(out,
		"%-16sFoxESS %" PRIu64 ", Pylontech %" PRIu64 ", %s %" PRIu64
		"\n",
		"Frames:", st->foxess_frames, st->pylontech_frames,
		st->dialect ? st->dialect : "other dialects",
		st->dialect_frames);
	if (st->event_counts[FOX_LM_EV_PROTOCOL_MISMATCH])
		put_fmt(out,
			"%-16s%s frames on the bus while FoxESS polls go "
			"unanswered: check the inverter's battery-protocol "
			"setting\n",
			"MISMATCH:",
			st->pylontech_frames ? "Pylontech" : st->dialect);
}

/* Issue 13: what real installations bring that the expert counts alone
 * do not say; only what was seen. */
static void print_findings(struct sink *out, const struct fox_lm_stats *st)
{
	static const char *const conv[] = {
		[FOX_LM_CONV_UNKNOWN] = "not seen",
		[FOX_LM_CONV_NATIVE] = "native (0x1873 opposite to the "
				       "inverter's 0x07)",
		[FOX_LM_CONV_INVERTED] = "emulator (0x1873 has the sign of "
					 "the inverter's 0x07)",
	};

	if (st->n_foreign)
		put_fmt(out, "%-16s%u episode%s\n",
			"Foreign 11-bit:", st->n_foreign,
			st->n_foreign == 1 ? "" : "s");
	for (unsigned i = 0; i < st->n_foreign && i < FOX_LM_MAX_FOREIGN; i++) {
		const struct fox_lm_foreign *f = &st->foreign[i];
		double span = f->end - f->start;

		put_fmt(out,
			"  %u: from %.3f s (frame %u), %.1f s, %" PRIu64
			" frames",
			i + 1, f->start - st->first_time, f->frame, span,
			f->frames);
		if (span > 0)
			put_fmt(out, " (%.0f/s)",
				(double)(f->frames - 1) / span);
		put_fmt(out, ", IDs");
		for (unsigned k = 0; k < f->n_ids; k++)
			put_fmt(out, " 0x%03X", f->ids[k]);
		put_fmt(out, "%s\n", f->more_ids ? " ..." : "");
	}
	if (st->n_resets)
		put_fmt(out, "%-16s%u\n", "Counter resets:", st->n_resets);
	for (unsigned i = 0; i < st->n_resets && i < FOX_LM_MAX_RESETS; i++)
		put_fmt(out, "  frame %u: %s %.10g -> %.10g\n",
			st->resets[i].frame, st->resets[i].field,
			st->resets[i].before, st->resets[i].after);
	if (st->worst_cell_sum_frame)
		put_fmt(out,
			"%-16s%.1f V over %u positions against %.1f V (frame "
			"%u)\n",
			"Cell sum:", st->worst_cell_sum,
			st->worst_cell_sum_positions, st->worst_cell_sum_pack,
			st->worst_cell_sum_frame);
	if (st->convention != FOX_LM_CONV_UNKNOWN)
		put_fmt(out, "%-16s%s from frame %u\n",
			"Current sign:", conv[st->convention],
			st->convention_frame);
}

static void print_errors(struct sink *out, const struct fox_lm_stats *st)
{
	put_fmt(out, "%-16s%" PRIu64 "\n", "CAN errors:", st->error_frames);
	for (int b = 0; b < FOX_LM_CURRENT_BANDS; b++) {
		char band[32];

		if (b == 0)
			snprintf(band, sizeof(band),
				 "|I| < %.0f A:", fox_lm_band_edges[0]);
		else if (b == FOX_LM_CURRENT_BANDS - 1)
			snprintf(band, sizeof(band),
				 "|I| >= %.0f A:", fox_lm_band_edges[b - 1]);
		else
			snprintf(band, sizeof(band),
				 "%.0f-%.0f A:", fox_lm_band_edges[b - 1],
				 fox_lm_band_edges[b]);
		put_fmt(out, "  %-14s%" PRIu64 " in %.1f s", band,
			st->band_errors[b], st->band_time[b]);
		if (st->band_time[b] > 0)
			put_fmt(out, " (%.2f/min)",
				60.0 * (double)st->band_errors[b] /
					st->band_time[b]);
		put_fmt(out, "\n");
	}
}

static void print_experts(struct sink *out, struct fox_expert_tally *t,
			  unsigned bus)
{
	unsigned n;
	const struct fox_expert_count *c = fox_expert_tally_sorted(t, bus, &n);

	put_fmt(out, "Expert infos:%s\n", n ? "" : "    none");
	for (unsigned i = 0; i < n; i++)
		put_fmt(out, "  %-7s %6" PRIu64 "  %-30s %s\n",
			fox_expert_severity_name(c[i].severity), c[i].count,
			c[i].abbrev, c[i].name);
}

/* Everything the summary says about one bus. */
static void print_bus(struct sink *out, const struct fox_bus *bus,
		      struct fox_expert_tally *experts)
{
	const struct fox_engine *e = bus->engine;
	const struct fox_lm_stats *st = fox_engine_stats(e);

	/* A vehicle battery's bus next to the FoxESS one, say. */
	if (!st->foxess_frames && !st->pylontech_frames &&
	    !st->dialect_frames) {
		put_fmt(out,
			"%-16s%" PRIu64 ", no FoxESS or other battery "
			"protocol frames; %" PRIu64 " CAN errors\n",
			"Frames:", st->frames, st->error_frames);
		print_experts(out, experts, bus->index);
		return;
	}
	print_protocols(out, st);
	put_fmt(out, "%-16s%s\n",
		"Variant:", fox_variant_name(fox_engine_variant(e)));
	print_packs(out, st, fox_engine_variant(e));
	print_link(out, e, st);
	print_values(out, st);
	print_findings(out, st);
	print_errors(out, st);
	print_experts(out, experts, bus->index);
}

static void write_summary(struct sink *out, const struct fox_summary_head *head,
			  const struct fox_buses *buses,
			  struct fox_expert_tally *experts)
{
	unsigned n = buses ? fox_buses_count(buses) : 0;

	put_fmt(out, "\n===================================================="
		     "===============\n");
	put_fmt(out, "FoxESS link summary%s%s\n",
		head->filter ? ", filter: " : "",
		head->filter ? head->filter : "");
	put_fmt(out, "----------------------------------------------------"
		     "---------------\n");
	if (head->any) {
		print_time(out, "Capture:        ", &head->first);
		print_time(out, " to ", &head->last);
		put_fmt(out, " (%.1f s), %" PRIu64 " frames\n",
			fox_time_span(&head->first, &head->last), head->frames);
	}
	if (n > 1) {
		put_fmt(out, "%-16s%u in this file, each analysed on its own:",
			"Buses:", n);
		for (unsigned i = 0; i < n; i++)
			put_fmt(out, "%s %s", i ? "," : "",
				fox_buses_at(buses, i)->name);
		put_fmt(out, "\n");
	}
	for (unsigned i = 0; i < n; i++) {
		const struct fox_bus *bus = fox_buses_at(buses, i);

		if (n > 1)
			put_fmt(out, "--- Bus %s %.*s\n", bus->name,
				(int)(58 - strlen(bus->name)),
				"-----------------------------------------"
				"---------------------");
		else
			put_fmt(out, "%-16s%s\n", "Bus:",
				bus->key ? bus->name :
					   "single (no capture interface in "
					   "the file)");
		print_bus(out, bus, experts);
	}
	if (n == 0)
		print_experts(out, experts, 0);
	put_fmt(out, "===================================================="
		     "===============\n");
}

void fox_summary_write(FILE *out, const struct fox_summary_head *head,
		       const struct fox_buses *buses,
		       struct fox_expert_tally *experts)
{
	struct sink sink = { .file = out };

	write_summary(&sink, head, buses, experts);
}

char *fox_summary_text(const struct fox_summary_head *head,
		       const struct fox_buses *buses,
		       struct fox_expert_tally *experts)
{
	struct sink sink = { .cap = 1024 };

	sink.buf = malloc(sink.cap);
	if (!sink.buf)
		return NULL;
	sink.buf[0] = '\0';
	write_summary(&sink, head, buses, experts);
	if (sink.failed) {
		free(sink.buf);
		return NULL;
	}
	return sink.buf;
}
