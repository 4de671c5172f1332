// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Statistics: "tshark -q -z foxess,summary[,filter]" prints a report for
 * a support ticket; "-z foxess,tree" (Statistics > FoxESS in the GUI) is
 * a stats tree of the same traffic.
 *
 * The summary runs its own bus engines, one per bus (capture interface),
 * over the frames the "foxess" tap delivers (only those matching its
 * filter, if it has one), so one-pass and two-pass runs report the same
 * numbers.  CAN error frames never reach a subdissector (the SocketCAN
 * dissector keeps them), so a listener on the "frame" tap filtered on
 * can.flags.err feeds them in, in frame order; a listener on the "expert"
 * tap counts every expert info the FoxESS and Pylontech dissectors
 * raised, per bus.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/stat_tap_ui.h>
#include <epan/stats_tree.h>
#include <epan/tap.h>

#include "compat.h"
#include "foxess-analysis.h"
#include "foxess-stats.h"

struct expert_count {
	int hf;
	int severity;
	guint64 count;
};

struct summary {
	struct fox_buses *buses;
	GPtrArray *experts; /* per bus index: hf index -> expert_count */
	char *filter;
	/* listener keys: one per tap */
	char key_frames, key_errors, key_experts;
	bool any;
	nstime_t first, last;
	guint64 frames;
};

/* Every listener sees each frame; the first one to see the file's first
 * frame sets the time base all of them feed the monitor with. */
static double frame_time(struct summary *s, const packet_info *pinfo)
{
	nstime_t rel;

	if (!s->any) {
		s->first = pinfo->abs_ts;
		s->any = true;
	}
	nstime_delta(&rel, &pinfo->abs_ts, &s->first);
	return nstime_to_sec(&rel);
}

/* A bus's expert counts; NULL for a bus without expert infos. */
static void free_experts(gpointer experts)
{
	if (experts)
		g_hash_table_destroy(experts);
}

static void summary_reset(struct summary *s)
{
	fox_buses_free(s->buses);
	s->buses = fox_buses_new(foxess_analysis_config());
	s->any = false;
	s->frames = 0;
	g_ptr_array_set_size(s->experts, 0);
}

/* The engine of a frame's bus; NULL when out of memory. */
static struct fox_engine *bus_engine(struct summary *s, uint64_t key,
				     const char *name)
{
	struct fox_bus *bus;

	if (!s->buses)
		return NULL;
	bus = fox_buses_get(s->buses, key, name);
	return bus ? bus->engine : NULL;
}

static void reset_foxess(void *tapdata)
{
	summary_reset((struct summary *)tapdata);
}

static tap_packet_status packet_foxess(void *tapdata, packet_info *pinfo,
				       epan_dissect_t *edt, const void *data,
				       tap_flags_t flags)
{
	struct summary *s = (struct summary *)tapdata;
	const struct foxess_tap_frame *tf = data;
	struct fox_lm_frame f;

	(void)edt;
	(void)flags;
	struct fox_engine *e;

	if (!tf)
		return TAP_PACKET_DONT_REDRAW;
	e = bus_engine(s, tf->bus_key, tf->bus_name);
	if (!e)
		return TAP_PACKET_DONT_REDRAW;
	f = tf->frame;
	f.time = frame_time(s, pinfo);
	fox_engine_feed(e, &f);
	return TAP_PACKET_DONT_REDRAW;
}

static struct summary *from_key(void *key, size_t offset)
{
	return (struct summary *)((char *)key - offset);
}

static tap_packet_status packet_frame(void *tapdata, packet_info *pinfo,
				      epan_dissect_t *edt, const void *data,
				      tap_flags_t flags)
{
	struct summary *s =
		from_key(tapdata, offsetof(struct summary, key_frames));

	(void)edt;
	(void)data;
	(void)flags;
	frame_time(s, pinfo);
	s->last = pinfo->abs_ts;
	s->frames++;
	return TAP_PACKET_DONT_REDRAW;
}

static tap_packet_status packet_error(void *tapdata, packet_info *pinfo,
				      epan_dissect_t *edt, const void *data,
				      tap_flags_t flags)
{
	struct summary *s =
		from_key(tapdata, offsetof(struct summary, key_errors));
	struct fox_lm_frame f = { .number = pinfo->num, .error = true };
	struct fox_engine *e;
	const char *name;
	uint64_t key = foxess_bus_of(pinfo, &name);

	(void)edt;
	(void)data;
	(void)flags;
	f.time = frame_time(s, pinfo);
	e = bus_engine(s, key, name);
	if (e)
		fox_engine_feed(e, &f);
	return TAP_PACKET_DONT_REDRAW;
}

static tap_packet_status packet_expert(void *tapdata, packet_info *pinfo,
				       epan_dissect_t *edt, const void *data,
				       tap_flags_t flags)
{
	struct summary *s =
		from_key(tapdata, offsetof(struct summary, key_experts));
	const expert_info_t *ei = data;
	struct expert_count *c;
	struct fox_bus *bus;
	GHashTable *experts;
	const char *abbrev, *name;
	uint64_t key;

	(void)edt;
	(void)flags;
	if (!ei || ei->hf_index < 0)
		return TAP_PACKET_DONT_REDRAW;
	abbrev = proto_registrar_get_abbrev(ei->hf_index);
	if (!abbrev || (strncmp(abbrev, "foxess.", 7) &&
			strncmp(abbrev, "pylontech.", 10)))
		return TAP_PACKET_DONT_REDRAW;
	key = foxess_bus_of(pinfo, &name);
	bus = s->buses ? fox_buses_get(s->buses, key, name) : NULL;
	if (!bus)
		return TAP_PACKET_DONT_REDRAW;
	if (bus->index >= s->experts->len)
		g_ptr_array_set_size(s->experts, bus->index + 1);
	experts = g_ptr_array_index(s->experts, bus->index);
	if (!experts) {
		experts = g_hash_table_new_full(g_direct_hash, g_direct_equal,
						NULL, g_free);
		g_ptr_array_index(s->experts, bus->index) = experts;
	}
	c = g_hash_table_lookup(experts, GINT_TO_POINTER(ei->hf_index));
	if (!c) {
		c = g_new0(struct expert_count, 1);
		c->hf = ei->hf_index;
		c->severity = ei->severity;
		g_hash_table_insert(experts, GINT_TO_POINTER(ei->hf_index), c);
	}
	c->count++;
	return TAP_PACKET_DONT_REDRAW;
}

/* Report ------------------------------------------------------------------ */

static void print_time(const char *label, const nstime_t *t)
{
	struct tm tm;
	time_t secs = t->secs;
	char buf[32];

	gmtime_r(&secs, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
	printf("%s%s.%03d UTC", label, buf, t->nsecs / 1000000);
}

static void print_minmax(const char *label, const struct fox_lm_minmax *m,
			 int decimals, const char *unit)
{
	if (!m->seen) {
		printf("%-16s-\n", label);
		return;
	}
	printf("%-16s%.*f .. %.*f %s\n", label, decimals, m->min, decimals,
	       m->max, unit);
}

static void print_packs(const struct fox_lm_stats *st, enum fox_variant variant)
{
	const struct fox_field *type =
		fox_field_find("foxess.info.battery_type", NULL);
	/* EP systems count battery units where H-series count packs. */
	const char *module = variant == FOX_VARIANT_EP ? "Unit" : "Pack";

	printf("%-16s%u %s%s configured\n", "System:", st->pack_count,
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
		printf("  %-14s", who);
		if (r->seen) {
			name = type ? fox_value_name(type->names,
						     r->type_code) :
				      NULL;
			printf("%s (0x%02X), firmware %s", name ? name : "type",
			       r->type_code, r->firmware);
		} else {
			printf("no module record");
		}
		printf(", serial %s\n",
		       st->serials[n][0] ? st->serials[n] : "not seen");
	}
}

static void print_link(const struct fox_engine *e,
		       const struct fox_lm_stats *st)
{
	printf("%-16s%" PRIu64 " sent, %" PRIu64 " answered, %" PRIu64
	       " unanswered, %" PRIu64 " late, %" PRIu64 " pending at end\n",
	       "Main polls:", st->requests[FOX_CLASS_MAIN], st->polls_answered,
	       st->polls_unanswered, st->late_replies, st->polls_pending);
	printf("%-16spack data %" PRIu64 ", cell voltages %" PRIu64
	       ", cell temperatures %" PRIu64 ", serial numbers %" PRIu64 "\n",
	       "Other requests:", st->requests[FOX_CLASS_PACK_DATA],
	       st->requests[FOX_CLASS_CELL_VOLTAGES],
	       st->requests[FOX_CLASS_CELL_TEMPS],
	       st->requests[FOX_CLASS_SERIAL]);
	if (st->n_resp)
		printf("%-16smin %.1f ms, avg %.1f ms, p95 %.1f ms, max %.1f "
		       "ms\n",
		       "Response time:", 1000.0 * st->resp_min,
		       1000.0 * st->resp_sum / (double)st->n_resp,
		       1000.0 * fox_engine_response_percentile(e, 95),
		       1000.0 * st->resp_max);
	else
		printf("%-16s-\n", "Response time:");
	printf("%-16s%u episode%s\n", "BMS Lost:", st->n_episodes,
	       st->n_episodes == 1 ? "" : "s");
	for (unsigned i = 0; i < st->n_episodes && i < FOX_LM_MAX_EPISODES;
	     i++) {
		const struct fox_lm_episode *e = &st->episodes[i];

		printf("  %u: from %.3f s (frame %u), %.1f s%s%s\n", i + 1,
		       e->start, e->frame, e->duration,
		       e->never_answered ? ", never answered" : "",
		       e->ongoing ? ", still silent at the end" : "");
	}
}

static void print_values(const struct fox_lm_stats *st)
{
	print_minmax("SoC:", &st->soc, 0, "%");
	print_minmax("Voltage:", &st->voltage, 1, "V");
	print_minmax("Current:", &st->current, 1, "A");
	print_minmax("Temperature:", &st->temp, 1, "degC");
	print_minmax("Cell voltage:", &st->cell_mv, 0, "mV");
	if (st->cell_mv.seen)
		printf("%-16s%.0f mV (frame %u)\n",
		       "Worst spread:", st->worst_spread_mv,
		       st->worst_spread_frame);
	printf("%-16s%.1f s\n", "Charge inhibit:", st->inhibit_time);
}

static void print_protocols(const struct fox_lm_stats *st)
{
	printf("%-16sFoxESS %" PRIu64 ", Pylontech %" PRIu64 ", %s %" PRIu64
	       "\n",
	       "Frames:", st->foxess_frames, st->pylontech_frames,
	       st->dialect ? st->dialect : "other dialects",
	       st->dialect_frames);
	if (st->event_counts[FOX_LM_EV_PROTOCOL_MISMATCH])
		printf("%-16s%s frames on the bus while FoxESS polls go "
		       "unanswered: check the inverter's battery-protocol "
		       "setting\n",
		       "MISMATCH:",
		       st->pylontech_frames ? "Pylontech" : st->dialect);
}

/* Issue 13: what real installations bring that the expert counts alone
 * do not say; only what was seen. */
static void print_findings(const struct fox_lm_stats *st)
{
	static const char *const conv[] = {
		[FOX_LM_CONV_UNKNOWN] = "not seen",
		[FOX_LM_CONV_NATIVE] = "native (0x1873 opposite to the "
				       "inverter's 0x07)",
		[FOX_LM_CONV_INVERTED] = "emulator (0x1873 has the sign of "
					 "the inverter's 0x07)",
	};

	if (st->n_foreign)
		printf("%-16s%u episode%s\n", "Foreign 11-bit:", st->n_foreign,
		       st->n_foreign == 1 ? "" : "s");
	for (unsigned i = 0; i < st->n_foreign && i < FOX_LM_MAX_FOREIGN; i++) {
		const struct fox_lm_foreign *f = &st->foreign[i];
		double span = f->end - f->start;

		printf("  %u: from %.3f s (frame %u), %.1f s, %" PRIu64
		       " frames",
		       i + 1, f->start - st->first_time, f->frame, span,
		       f->frames);
		if (span > 0)
			printf(" (%.0f/s)", (double)(f->frames - 1) / span);
		printf(", IDs");
		for (unsigned k = 0; k < f->n_ids; k++)
			printf(" 0x%03X", f->ids[k]);
		printf("%s\n", f->more_ids ? " ..." : "");
	}
	if (st->n_resets)
		printf("%-16s%u\n", "Counter resets:", st->n_resets);
	for (unsigned i = 0; i < st->n_resets && i < FOX_LM_MAX_RESETS; i++)
		printf("  frame %u: %s %.10g -> %.10g\n", st->resets[i].frame,
		       st->resets[i].field, st->resets[i].before,
		       st->resets[i].after);
	if (st->worst_cell_sum_frame)
		printf("%-16s%.1f V over %u positions against %.1f V (frame "
		       "%u)\n",
		       "Cell sum:", st->worst_cell_sum,
		       st->worst_cell_sum_positions, st->worst_cell_sum_pack,
		       st->worst_cell_sum_frame);
	if (st->convention != FOX_LM_CONV_UNKNOWN)
		printf("%-16s%s from frame %u\n",
		       "Current sign:", conv[st->convention],
		       st->convention_frame);
}

static void print_errors(const struct fox_lm_stats *st)
{
	printf("%-16s%" PRIu64 "\n", "CAN errors:", st->error_frames);
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
		printf("  %-14s%" PRIu64 " in %.1f s", band, st->band_errors[b],
		       st->band_time[b]);
		if (st->band_time[b] > 0)
			printf(" (%.2f/min)",
			       60.0 * (double)st->band_errors[b] /
				       st->band_time[b]);
		printf("\n");
	}
}

static gint cmp_expert(gconstpointer a, gconstpointer b)
{
	const struct expert_count *x = *(const struct expert_count *const *)a;
	const struct expert_count *y = *(const struct expert_count *const *)b;

	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	return strcmp(proto_registrar_get_abbrev(x->hf),
		      proto_registrar_get_abbrev(y->hf));
}

static void print_experts(GHashTable *experts)
{
	GPtrArray *list = g_ptr_array_new();
	GHashTableIter it;
	gpointer value;

	if (experts) {
		g_hash_table_iter_init(&it, experts);
		while (g_hash_table_iter_next(&it, NULL, &value))
			g_ptr_array_add(list, value);
	}
	g_ptr_array_sort(list, cmp_expert);
	printf("Expert infos:%s\n", list->len ? "" : "    none");
	for (guint i = 0; i < list->len; i++) {
		const struct expert_count *c = g_ptr_array_index(list, i);
		header_field_info *h = proto_registrar_get_nth(c->hf);

		printf("  %-7s %6" PRIu64 "  %-30s %s\n",
		       val_to_str_const(c->severity, expert_severity_vals, "?"),
		       c->count, h->abbrev, h->name);
	}
	g_ptr_array_free(list, TRUE);
}

/* Everything the summary says about one bus. */
static void print_bus(struct summary *s, const struct fox_bus *bus)
{
	const struct fox_engine *e = bus->engine;
	const struct fox_lm_stats *st = fox_engine_stats(e);
	GHashTable *experts =
		bus->index < s->experts->len ?
			g_ptr_array_index(s->experts, bus->index) :
			NULL;

	/* A vehicle battery's bus next to the FoxESS one, say. */
	if (!st->foxess_frames && !st->pylontech_frames &&
	    !st->dialect_frames) {
		printf("%-16s%" PRIu64 ", no FoxESS or other battery protocol "
		       "frames; %" PRIu64 " CAN errors\n",
		       "Frames:", st->frames, st->error_frames);
		print_experts(experts);
		return;
	}
	print_protocols(st);
	printf("%-16s%s\n",
	       "Variant:", fox_variant_name(fox_engine_variant(e)));
	print_packs(st, fox_engine_variant(e));
	print_link(e, st);
	print_values(st);
	print_findings(st);
	print_errors(st);
	print_experts(experts);
}

static void draw_summary(void *tapdata)
{
	struct summary *s = (struct summary *)tapdata;
	unsigned n;
	nstime_t span;

	if (!s->buses)
		return;
	fox_buses_finish(s->buses);
	n = fox_buses_count(s->buses);
	printf("\n===================================================="
	       "===============\n");
	printf("FoxESS link summary%s%s\n", s->filter ? ", filter: " : "",
	       s->filter ? s->filter : "");
	printf("----------------------------------------------------"
	       "---------------\n");
	if (s->any) {
		nstime_delta(&span, &s->last, &s->first);
		print_time("Capture:        ", &s->first);
		print_time(" to ", &s->last);
		printf(" (%.1f s), %" PRIu64 " frames\n", nstime_to_sec(&span),
		       s->frames);
	}
	if (n > 1) {
		printf("%-16s%u in this file, each analysed on its own:",
		       "Buses:", n);
		for (unsigned i = 0; i < n; i++)
			printf("%s %s", i ? "," : "",
			       fox_buses_at(s->buses, i)->name);
		printf("\n");
	}
	for (unsigned i = 0; i < n; i++) {
		const struct fox_bus *bus = fox_buses_at(s->buses, i);

		if (n > 1)
			printf("--- Bus %s %.*s\n", bus->name,
			       (int)(58 - strlen(bus->name)),
			       "-----------------------------------------"
			       "---------------------");
		else
			printf("%-16s%s\n", "Bus:",
			       bus->key ? bus->name :
					  "single (no capture interface in "
					  "the file)");
		print_bus(s, bus);
	}
	if (n == 0)
		print_experts(NULL);
	printf("===================================================="
	       "===============\n");
}

static void summary_remove(struct summary *s)
{
	remove_tap_listener(s);
	remove_tap_listener(&s->key_frames);
	remove_tap_listener(&s->key_errors);
	remove_tap_listener(&s->key_experts);
}

static void finish_summary(void *tapdata)
{
	struct summary *s = (struct summary *)tapdata;

	fox_buses_free(s->buses);
	g_ptr_array_free(s->experts, TRUE);
	g_free(s->filter);
	g_free(s);
}

static bool add_listener(struct summary *s, const char *tap, void *key,
			 const char *filter, guint flags, tap_packet_cb packet,
			 tap_draw_cb draw, tap_finish_cb finish,
			 tap_reset_cb reset)
{
	GString *err = register_tap_listener(tap, key, filter, flags, reset,
					     packet, draw, finish);

	if (!err)
		return true;
	fprintf(stderr, "foxess,summary: cannot listen to \"%s\": %s\n", tap,
		err->str);
	g_string_free(err, TRUE);
	summary_remove(s);
	return false;
}

static bool summary_init(const char *opt_arg, void *userdata)
{
	static const char prefix[] = "foxess,summary,";
	struct summary *s = g_new0(struct summary, 1);

	(void)userdata;
	if (g_str_has_prefix(opt_arg, prefix) && opt_arg[sizeof(prefix) - 1])
		s->filter = g_strdup(opt_arg + sizeof(prefix) - 1);
	s->experts = g_ptr_array_new_with_free_func(free_experts);
	s->buses = fox_buses_new(foxess_analysis_config());
	/* Draw and finish belong to the "foxess" listener only. */
	if (!add_listener(s, "frame", &s->key_frames, NULL, TL_REQUIRES_NOTHING,
			  packet_frame, NULL, NULL, NULL) ||
	    !add_listener(s, "foxess", s, s->filter, TL_REQUIRES_NOTHING,
			  packet_foxess, draw_summary, finish_summary,
			  reset_foxess) ||
	    !add_listener(s, "frame", &s->key_errors, "can.flags.err == 1",
			  TL_REQUIRES_PROTO_TREE, packet_error, NULL, NULL,
			  NULL) ||
	    !add_listener(s, "expert", &s->key_experts, NULL,
			  TL_REQUIRES_NOTHING, packet_expert, NULL, NULL,
			  NULL)) {
		finish_summary(s);
		return false;
	}
	return true;
}
FOX_STAT_TAP_INIT_CB(summary_init_cb, summary_init)

/* Stats tree -------------------------------------------------------------- */

static int st_frames, st_requests, st_events, st_response;

#define ST_FRAMES   "FoxESS frames by type"
#define ST_REQUESTS "Requests by what they ask for"
#define ST_RESPONSE "Time from a request to each of its reply frames (us)"
#define ST_EVENTS   "Diagnoses"

/* A request's row: what it asks for, in words. */
static const char *request_row(enum fox_class c)
{
	return c == FOX_CLASS_NONE ? "no reply expected (acknowledge, "
				     "clock, measurement)" :
				     fox_class_name(c);
}

static void tree_init(stats_tree *st)
{
	st_frames = stats_tree_create_node(st, ST_FRAMES, 0, STAT_DT_INT, TRUE);
	st_requests =
		stats_tree_create_node(st, ST_REQUESTS, 0, STAT_DT_INT, TRUE);
	/* Whole microseconds: a float average shows float noise. */
	st_response =
		stats_tree_create_node(st, ST_RESPONSE, 0, STAT_DT_INT, TRUE);
	st_events = stats_tree_create_node(st, ST_EVENTS, 0, STAT_DT_INT, TRUE);
}

static tap_packet_status tree_packet(stats_tree *st, packet_info *pinfo,
				     epan_dissect_t *edt, const void *data,
				     tap_flags_t flags)
{
	const struct foxess_tap_frame *tf = data;
	const struct fox_frame *fr;

	(void)pinfo;
	(void)edt;
	(void)flags;
	if (!tf)
		return TAP_PACKET_DONT_REDRAW;
	fr = fox_frame_find(FOX_PROTO_FOXESS, tf->frame.id, tf->frame.extended,
			    NULL);
	if (fr && !tf->frame.error) {
		tick_stat_node(st, ST_FRAMES, 0, TRUE);
		tick_stat_node(st, fr->name, st_frames, FALSE);
	}
	if (tf->link.is_request) {
		tick_stat_node(st, ST_REQUESTS, 0, TRUE);
		tick_stat_node(st, request_row(tf->link.class), st_requests,
			       FALSE);
	}
	if (tf->link.request_frame) {
		int us = (int)(1e6 * tf->link.response_time + 0.5);

		avg_stat_node_add_value_int(st, ST_RESPONSE, 0, TRUE, us);
		avg_stat_node_add_value_int(st, fox_class_name(tf->link.class),
					    st_response, FALSE, us);
	}
	for (unsigned i = 0; i < tf->n_events; i++) {
		tick_stat_node(st, ST_EVENTS, 0, TRUE);
		tick_stat_node(st, fox_lm_events[tf->events[i].type].summary,
			       st_events, FALSE);
	}
	return TAP_PACKET_REDRAW;
}

static stat_tap_ui summary_ui = {
	REGISTER_PACKET_STAT_GROUP_UNSORTED,
	"FoxESS link summary",
	"foxess,summary",
	summary_init_cb,
	0,
	NULL,
};

static void register_listeners(void)
{
	register_stat_tap_ui(&summary_ui, NULL);
	stats_tree_register_plugin("foxess", "foxess", "FoxESS/Link", 0,
				   tree_packet, tree_init, NULL);
}

void foxess_stats_register_plugin(void)
{
	static tap_plugin plugin = { register_listeners };

	tap_register_plugin(&plugin);
}
