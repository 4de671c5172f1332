// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Statistics: "tshark -q -z foxess,summary[,filter]" prints a report for
 * a support ticket, and the GUI shows the same text in a window
 * (Statistics > FoxESS Link Summary); "-z foxess,tree" (Statistics > FoxESS >
 * Link) is a stats tree of the same traffic, which "wireshark -z
 * foxess,tree" shows as text in a window of the same kind.
 *
 * The GUI builds menu entries for stats trees and tables, not for a
 * "-z" text statistic, so the window is a "funnel" text window (the
 * mini-API Lua's TextWindow uses): the menu entry starts the summary's
 * taps, retaps the file, and each draw sets the window's text.
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
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/funnel.h>
#include <epan/stat_tap_ui.h>
#include <epan/stats_tree.h>
#include <epan/stats_tree_priv.h>
#include <epan/tap.h>

#include "compat.h"
#include "foxess-analysis.h"
#include "foxess-stats.h"
#include "foxess/summary.h"

/* The GUI's text windows, or NULL: tshark has funnel operations too, for
 * Lua's text windows it prints at the end, but no retap and no close
 * callback. */
static const funnel_ops_t *gui_ops(void)
{
	const funnel_ops_t *ops = funnel_get_funnel_ops();

	if (ops && ops->new_text_window && ops->set_text && ops->set_close_cb &&
	    ops->retap_packets)
		return ops;
	return NULL;
}

/* A statistic's text in a GUI window that a retap of the file fills. */
struct text_window {
	funnel_text_window_t *window; /* NULL: the text goes to stdout */
	bool retapping;		      /* in the window's own retap */
	bool closed;		      /* the window closed during that retap */
};

/* The start of a window's close callback: true when the window closed in
 * the middle of its retap, which closes it (close_after_retap) at the
 * end. */
static bool close_deferred(struct text_window *w)
{
	if (!w->retapping)
		return false;
	w->closed = true;
	return true;
}

/*
 * Fill w by a retap.  The GUI retaps before it returns; the one draw it
 * makes in the middle of that (the first after the reset) would show a
 * partial text until the end, so draws skip while retapping and draw
 * writes the text here, once.  close and draw take data.
 */
static void retap_into(struct text_window *w, text_win_close_cb_t close,
		       tap_draw_cb draw, void *data)
{
	const funnel_ops_t *ops = gui_ops();

	ops->set_close_cb(w->window, close, data);
	ops->set_text(w->window, "Reading the capture...");
	w->retapping = true;
	ops->retap_packets(ops->ops_id);
	w->retapping = false;
	if (w->closed)
		close(data);
	else
		draw(data);
}

struct summary {
	struct fox_buses *buses;
	struct fox_expert_tally *experts; /* per bus index */
	char *filter;
	/* listener keys: one per tap */
	char key_frames, key_errors, key_experts;
	bool any;
	nstime_t first, last;
	guint64 frames;
	struct text_window tw;
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

static void summary_reset(struct summary *s)
{
	fox_buses_free(s->buses);
	s->buses = fox_buses_new(foxess_analysis_config());
	s->any = false;
	s->frames = 0;
	fox_expert_tally_reset(s->experts);
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

static enum fox_lm_severity tally_severity(int severity)
{
	switch (severity) {
	case PI_ERROR:
		return FOX_LM_SEV_ERROR;
	case PI_WARN:
		return FOX_LM_SEV_WARN;
	}
	return FOX_LM_SEV_NOTE;
}

static tap_packet_status packet_expert(void *tapdata, packet_info *pinfo,
				       epan_dissect_t *edt, const void *data,
				       tap_flags_t flags)
{
	struct summary *s =
		from_key(tapdata, offsetof(struct summary, key_experts));
	const expert_info_t *ei = data;
	header_field_info *h;
	struct fox_bus *bus;
	const char *name;
	uint64_t key;

	(void)edt;
	(void)flags;
	if (!ei || ei->hf_index < 0)
		return TAP_PACKET_DONT_REDRAW;
	h = proto_registrar_get_nth(ei->hf_index);
	if (!h || (strncmp(h->abbrev, "foxess.", 7) &&
		   strncmp(h->abbrev, "pylontech.", 10)))
		return TAP_PACKET_DONT_REDRAW;
	key = foxess_bus_of(pinfo, &name);
	bus = s->buses ? fox_buses_get(s->buses, key, name) : NULL;
	if (bus && s->experts)
		fox_expert_tally_add(s->experts, bus->index, h->abbrev, h->name,
				     tally_severity(ei->severity));
	return TAP_PACKET_DONT_REDRAW;
}

/* Report: the text is lib/summary.c's, shared with foxess-scan. */

static void draw_summary(void *tapdata)
{
	struct summary *s = (struct summary *)tapdata;
	struct fox_summary_head head = {
		.filter = s->filter,
		.any = s->any,
		.first = { s->first.secs, s->first.nsecs },
		.last = { s->last.secs, s->last.nsecs },
		.frames = s->frames,
	};

	char *text;

	if (!s->buses || s->tw.retapping)
		return;
	if (s->tw.window && !s->any) {
		gui_ops()->set_text(s->tw.window, "No capture file is open.");
		return;
	}
	fox_buses_finish(s->buses);
	if (!s->tw.window) {
		fox_summary_write(stdout, &head, s->buses, s->experts);
		return;
	}
	text = fox_summary_text(&head, s->buses, s->experts);
	if (text)
		gui_ops()->set_text(s->tw.window, text);
	free(text);
}

static void finish_summary(void *tapdata)
{
	struct summary *s = (struct summary *)tapdata;

	fox_buses_free(s->buses);
	fox_expert_tally_free(s->experts);
	g_free(s->filter);
	g_free(s);
}

/* The listeners without a finish callback (removing one that is not
 * registered does nothing). */
static void remove_helpers(struct summary *s)
{
	remove_tap_listener(&s->key_frames);
	remove_tap_listener(&s->key_errors);
	remove_tap_listener(&s->key_experts);
}

/* The GUI closed the summary's window: no more taps, no more text.
 * Removing the "foxess" listener calls its finish callback, which frees
 * s. */
static void summary_close(void *data)
{
	struct summary *s = data;

	if (close_deferred(&s->tw))
		return;
	remove_helpers(s);
	remove_tap_listener(s);
}

static bool add_listener(const char *tap, void *key, const char *filter,
			 guint flags, tap_packet_cb packet, tap_draw_cb draw,
			 tap_finish_cb finish, tap_reset_cb reset)
{
	GString *err = register_tap_listener(tap, key, filter, flags, reset,
					     packet, draw, finish);

	if (!err)
		return true;
	fprintf(stderr, "foxess,summary: cannot listen to \"%s\": %s\n", tap,
		err->str);
	g_string_free(err, TRUE);
	return false;
}

/* A summary of the frames matching filter (NULL: all), written to stdout
 * or to window; NULL (nothing left behind) when a tap refused it. */
static struct summary *summary_start(const char *filter,
				     funnel_text_window_t *window)
{
	struct summary *s = g_new0(struct summary, 1);

	s->filter = g_strdup(filter);
	s->tw.window = window;
	s->experts = fox_expert_tally_new();
	s->buses = fox_buses_new(foxess_analysis_config());
	/* Draw and finish belong to the "foxess" listener only; it comes
	 * last, so that until it is registered s is freed here. */
	if (!add_listener("frame", &s->key_frames, NULL, TL_REQUIRES_NOTHING,
			  packet_frame, NULL, NULL, NULL) ||
	    !add_listener("frame", &s->key_errors, "can.flags.err == 1",
			  TL_REQUIRES_PROTO_TREE, packet_error, NULL, NULL,
			  NULL) ||
	    !add_listener("expert", &s->key_experts, NULL, TL_REQUIRES_NOTHING,
			  packet_expert, NULL, NULL, NULL) ||
	    !add_listener("foxess", s, s->filter, TL_REQUIRES_NOTHING,
			  packet_foxess, draw_summary, finish_summary,
			  reset_foxess)) {
		remove_helpers(s);
		finish_summary(s);
		return NULL;
	}
	return s;
}

#define SUMMARY_TITLE "FoxESS link summary"

/*
 * The GUI's summary: a text window, filled by a retap of the whole file,
 * whatever the GUI's display filter (as tshark's summary), or of the
 * frames matching filter.  False when no window could be made (not the
 * GUI) or a tap refused it.
 */
static bool summary_window(const char *filter)
{
	const funnel_ops_t *ops = gui_ops();
	funnel_text_window_t *window;
	struct summary *s;

	if (!ops)
		return false;
	window = ops->new_text_window(ops->ops_id, SUMMARY_TITLE);
	s = summary_start(filter, window);
	if (!s) {
		ops->set_text(window, "The FoxESS summary could not start: "
				      "see the console.");
		return false;
	}
	retap_into(&s->tw, summary_close, draw_summary, s);
	return true;
}

/* -z foxess,summary[,filter]: tshark prints the summary once the file is
 * read; the GUI opens its window (as it opens a dialog for other "-z"
 * statistics), which retaps: its "-z" statistics start after the file is
 * read, and a listener that only waited for a retap printed an empty
 * summary unless another dialog happened to retap. */
static bool summary_init(const char *opt_arg, void *userdata)
{
	static const char prefix[] = "foxess,summary,";
	const char *filter = NULL;

	(void)userdata;
	if (g_str_has_prefix(opt_arg, prefix) && opt_arg[sizeof(prefix) - 1])
		filter = opt_arg + sizeof(prefix) - 1;
	if (gui_ops())
		return summary_window(filter);
	return summary_start(filter, NULL) != NULL;
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
	if (fr && tf->dissected) {
		tick_stat_node(st, ST_FRAMES, 0, TRUE);
		tick_stat_node(st, fox_frame_name(fr, tf->link.variant),
			       st_frames, FALSE);
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

/*
 * -z foxess,tree[,filter] as text.  tshark makes every stats tree a "-z"
 * statistic; the GUI makes menu entries of them but refuses them on its
 * command line.  The plugin registers its own "-z" entry, which tshark
 * meets first (plugin taps register before its stats trees): it prints
 * the tree as tshark prints one, and the GUI shows that text in a window
 * (as for the summary).
 */
#define TREE_ABBR  "foxess"
#define TREE_ARG   TREE_ABBR ",tree"
#define TREE_TITLE "FoxESS link statistics"

/* The presentation of a tree this file started: its window or none. */
struct _tree_pres {
	struct text_window tw;
};

static void tree_text_draw(void *tapdata)
{
	stats_tree *st = tapdata;
	GString *text;

	if (st->pr->tw.retapping)
		return;
	text = stats_tree_format_as_str(st, ST_FORMAT_PLAIN,
					stats_tree_get_default_sort_col(st),
					stats_tree_is_default_sort_DESC(st));
	if (st->pr->tw.window)
		gui_ops()->set_text(st->pr->tw.window, text->str);
	else
		fputs(text->str, stdout);
	g_string_free(text, TRUE);
}

static void tree_text_finish(void *tapdata)
{
	stats_tree *st = tapdata;

	g_free(st->pr);
	st->pr = NULL;
	stats_tree_free(st);
}

/* The window closed: removing the listener calls tree_text_finish. */
static void tree_text_close(void *data)
{
	stats_tree *st = data;

	if (!close_deferred(&st->pr->tw))
		remove_tap_listener(st);
}

static bool tree_text_init(const char *opt_arg, void *userdata)
{
	stats_tree_cfg *cfg = stats_tree_get_cfg_by_abbr(TREE_ABBR);
	const funnel_ops_t *ops = gui_ops();
	const char *filter = NULL;
	struct _tree_pres *pr;
	stats_tree *st;
	GString *err;

	(void)userdata;
	if (opt_arg[sizeof(TREE_ARG) - 1] == ',' && opt_arg[sizeof(TREE_ARG)])
		filter = opt_arg + sizeof(TREE_ARG);
	if (!cfg)
		return false;
	pr = g_new0(struct _tree_pres, 1);
	st = stats_tree_new(cfg, pr, filter);
	err = register_tap_listener(cfg->tapname, st, st->filter, cfg->flags,
				    stats_tree_reset, stats_tree_packet,
				    tree_text_draw, tree_text_finish);
	if (err) {
		fprintf(stderr, TREE_ARG ": cannot listen to \"%s\": %s\n",
			cfg->tapname, err->str);
		g_string_free(err, TRUE);
		tree_text_finish(st);
		return false;
	}
	if (cfg->init)
		cfg->init(st);
	if (!ops)
		return true;
	pr->tw.window = ops->new_text_window(ops->ops_id, TREE_TITLE);
	retap_into(&pr->tw, tree_text_close, tree_text_draw, st);
	return true;
}
FOX_STAT_TAP_INIT_CB(tree_text_init_cb, tree_text_init)

static stat_tap_ui tree_text_ui = {
	REGISTER_PACKET_STAT_GROUP_UNSORTED,
	TREE_TITLE,
	TREE_ARG,
	tree_text_init_cb,
	0,
	NULL,
};

static stat_tap_ui summary_ui = {
	REGISTER_PACKET_STAT_GROUP_UNSORTED,
	SUMMARY_TITLE,
	"foxess,summary",
	summary_init_cb,
	0,
	NULL,
};

static void summary_menu(void *data)
{
	(void)data;
	summary_window(NULL);
}

static void register_listeners(void)
{
	register_stat_tap_ui(&summary_ui, NULL);
	register_stat_tap_ui(&tree_text_ui, NULL);
	/* Statistics > FoxESS Link Summary (Wireshark 4.0 makes submenus
	 * of "a/b" paths in the Tools menu only). */
	funnel_register_menu("FoxESS Link Summary",
			     REGISTER_PACKET_STAT_GROUP_UNSORTED, summary_menu,
			     NULL, NULL, FALSE);
	stats_tree_register_plugin(TREE_ABBR, TREE_ABBR,
				   "FoxESS" FOX_STATS_TREE_SUBMENU "Link", 0,
				   tree_packet, tree_init, NULL);
}

void foxess_stats_register_plugin(void)
{
	static tap_plugin plugin = { register_listeners };

	tap_register_plugin(&plugin);
}
