// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Wireshark layer of the link monitor.
 *
 * The first pass over a file (pinfo->fd->visited false) feeds each frame
 * to the per-file monitor and keeps, per frame, the request/response link
 * and the events the monitor reported.  An event about an earlier frame
 * (an unanswered poll is only certain when the next poll arrives) is kept
 * twice: on the frame where it became certain, which is where a one-pass
 * run (live capture, plain tshark -r) shows it, and on the frame it is
 * about, which is where later passes (tshark -2, the GUI) show it.
 * "Response in" on a request needs the future, so it appears only on
 * later passes.  docs/diagnostics.md lists which output is which.
 *
 * A day-long log has millions of frames, so what later passes need is
 * kept compact: 2 bytes per frame, a record per request, and the rare
 * events and unusual links in maps.
 */
#include <epan/packet.h>
#include <epan/proto_data.h>
#include <epan/tap.h>
#include <epan/dissectors/packet-socketcan.h>

#include "foxess-analysis.h"

/* A frame as the first pass saw it, in 2 bytes. */
struct frame_link {
	uint8_t request_back; /* replies: frames back to the request */
	uint8_t bits;	      /* link.class, and FL_* above it */
};

#define FL_CLASS_MASK	 0x07
#define FL_FED		 0x08 /* fed to the monitor on the first pass */
#define FL_REQUEST	 0x10 /* link.is_request */
#define FL_FAR_LINK	 0x20 /* link kept whole in far_links */
#define FL_EVENTS	 0x40 /* events kept in frame_events */
#define FL_UNANSWERED	 0x80 /* main poll that got no reply */
#define LINKS_PER_CHUNK	 65536
#define MAX_REQUEST_BACK UINT8_MAX
G_STATIC_ASSERT(FOX_CLASS_COUNT <= FL_CLASS_MASK + 1);

/* Where the monitor's variant (link.variant) changed, in frame order. */
struct variant_change {
	uint32_t frame;
	enum fox_variant variant;
};

/* A 0x1871 request; appended in frame order, found by binary search. */
struct request_rec {
	uint32_t frame;
	uint32_t response_frame; /* first reply */
	double time;		 /* frame time, see foxess_analysis_frame */
	double response_time;
};

/* Most events are about the frame they were fed on, so its later-pass
 * events are its first-pass ones: the array is shared until they differ. */
struct frame_events {
	wmem_array_t *first; /* events shown on the first pass */
	wmem_array_t *later; /* events shown on later passes, if own_later */
	bool own_later;
};

/* Everything a frame shows, rebuilt from the records above. */
struct frame_info {
	struct fox_lm_link link;
	uint32_t response_frame; /* requests: first reply */
	double response_time;
	bool unanswered;
	const struct frame_events *events;
};

static int proto_foxess = -1;
static int hf_request_in = -1;
static int hf_response_in = -1;
static int hf_response_time = -1;
static int hf_no_response = -1;
static int hf_request_class = -1;
static expert_field ei_event[FOX_LM_EV_COUNT];
static int foxess_tap = -1;

/* Preferences */
static guint pref_reply_window_ms = 500;
static guint pref_lost_polls = 3;
static guint pref_inhibit_warn_soc = 95;
static guint pref_cell_spread_mv = 30;
static guint pref_cell_min_mv = 2500;
static guint pref_cell_max_mv = 3650;
static const char *pref_temp_min = "-10";
static const char *pref_temp_max = "50";
static guint pref_poll_min_ms = 500;
static guint pref_poll_max_ms = 2500;
static guint pref_startup_deadline_s = 15;
static const char *pref_current_margin = "0";
static const char *pref_current_deadband = "1";
static guint pref_energy_tolerance = 3;

static struct fox_lm_config config;

/* Per-file state */
static struct fox_lm *monitor;
static nstime_t first_ts; /* times are fed relative to this */
static bool have_first_ts;
static GPtrArray *link_chunks;	 /* frame_link[LINKS_PER_CHUNK] each */
static GArray *requests;	 /* struct request_rec */
static GArray *variant_changes;	 /* struct variant_change */
static wmem_map_t *frame_events; /* frame number -> frame_events */
static wmem_map_t *far_links;	 /* frame number -> fox_lm_link */
static uint32_t feeding;	 /* frame being fed */

static const value_string class_vals[] = {
	{ FOX_CLASS_NONE, "No reply expected" },
	{ FOX_CLASS_MAIN, "Main poll" },
	{ FOX_CLASS_PACK_DATA, "Pack data" },
	{ FOX_CLASS_CELL_VOLTAGES, "Cell voltages" },
	{ FOX_CLASS_CELL_TEMPS, "Cell temperatures" },
	{ FOX_CLASS_SERIAL, "Serial numbers" },
	{ 0, NULL },
};

static double pref_number(const char *text, double fallback)
{
	char *end;
	double v;

	if (!text)
		return fallback;
	v = g_ascii_strtod(text, &end);
	return end == text || *end ? fallback : v;
}

static void build_config(void)
{
	fox_lm_config_default(&config);
	config.variant = foxess_forced_variant();
	config.reply_window = pref_reply_window_ms / 1000.0;
	config.lost_polls = pref_lost_polls;
	config.inhibit_warn_soc = pref_inhibit_warn_soc;
	config.cell_spread_mv = pref_cell_spread_mv;
	config.cell_min_mv = pref_cell_min_mv;
	config.cell_max_mv = pref_cell_max_mv;
	config.temp_min = pref_number(pref_temp_min, config.temp_min);
	config.temp_max = pref_number(pref_temp_max, config.temp_max);
	config.poll_interval_min = pref_poll_min_ms / 1000.0;
	config.poll_interval_max = pref_poll_max_ms / 1000.0;
	config.startup_deadline = pref_startup_deadline_s;
	config.current_margin =
		pref_number(pref_current_margin, config.current_margin);
	config.current_deadband =
		pref_number(pref_current_deadband, config.current_deadband);
	config.energy_tolerance = pref_energy_tolerance;
}

const struct fox_lm_config *foxess_analysis_config(void)
{
	return &config;
}

static struct frame_link *frame_link_at(uint32_t frame, bool create)
{
	guint chunk = frame / LINKS_PER_CHUNK;

	if (chunk >= link_chunks->len) {
		if (!create)
			return NULL;
		g_ptr_array_set_size(link_chunks, chunk + 1);
	}
	if (!g_ptr_array_index(link_chunks, chunk)) {
		if (!create)
			return NULL;
		g_ptr_array_index(link_chunks, chunk) =
			g_new0(struct frame_link, LINKS_PER_CHUNK);
	}
	return (struct frame_link *)g_ptr_array_index(link_chunks, chunk) +
	       frame % LINKS_PER_CHUNK;
}

static struct request_rec *request_info(uint32_t frame)
{
	guint lo = 0, hi = requests->len;

	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		struct request_rec *r =
			&g_array_index(requests, struct request_rec, mid);

		if (r->frame == frame)
			return r;
		if (r->frame < frame)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The monitor's variant as of frame num on the first pass. */
static enum fox_variant variant_at(uint32_t num)
{
	guint lo = 0, hi = variant_changes->len;

	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;

		if (g_array_index(variant_changes, struct variant_change, mid)
			    .frame <= num)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? g_array_index(variant_changes, struct variant_change,
				  lo - 1)
			       .variant :
		    FOX_VARIANT_UNKNOWN;
}

static struct frame_events *events_of(uint32_t frame)
{
	struct frame_events *fe;

	fe = (struct frame_events *)wmem_map_lookup(frame_events,
						    GUINT_TO_POINTER(frame));
	if (!fe) {
		fe = wmem_new0(wmem_file_scope(), struct frame_events);
		wmem_map_insert(frame_events, GUINT_TO_POINTER(frame), fe);
		frame_link_at(frame, true)->bits |= FL_EVENTS;
	}
	return fe;
}

static void keep_event(wmem_array_t **list, const struct fox_lm_event *ev)
{
	if (!*list)
		*list = wmem_array_new(wmem_file_scope(), sizeof(*ev));
	wmem_array_append_one(*list, *ev);
}

static void separate_later(struct frame_events *fe)
{
	if (fe->own_later)
		return;
	fe->own_later = true;
	if (fe->first) {
		fe->later = wmem_array_new(wmem_file_scope(),
					   sizeof(struct fox_lm_event));
		wmem_array_append(fe->later, wmem_array_get_raw(fe->first),
				  wmem_array_get_count(fe->first));
	}
}

static void on_event(void *ctx, const struct fox_lm_event *ev)
{
	uint32_t about = feeding;
	struct frame_events *fe, *about_fe;

	(void)ctx;
	if (ev->type == FOX_LM_EV_POLL_ANSWERED)
		return;
	if (ev->about_frame != ev->at_frame && request_info(ev->about_frame))
		about = ev->about_frame;
	if (ev->type == FOX_LM_EV_POLL_UNANSWERED)
		frame_link_at(about, true)->bits |= FL_UNANSWERED;
	fe = events_of(feeding);
	about_fe = events_of(about);
	if (about_fe == fe && !fe->own_later) {
		keep_event(&fe->first, ev);
		return;
	}
	separate_later(fe);
	keep_event(&fe->first, ev);
	separate_later(about_fe);
	keep_event(&about_fe->later, ev);
}

static void analysis_init(void)
{
	build_config();
	link_chunks = g_ptr_array_new_with_free_func(g_free);
	requests = g_array_new(FALSE, FALSE, sizeof(struct request_rec));
	variant_changes =
		g_array_new(FALSE, FALSE, sizeof(struct variant_change));
	frame_events =
		wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
	far_links =
		wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
	monitor = fox_lm_new(&config, on_event, NULL);
	have_first_ts = false;
}

static void analysis_cleanup(void)
{
	fox_lm_free(monitor);
	monitor = NULL;
	g_ptr_array_free(link_chunks, TRUE);
	link_chunks = NULL;
	g_array_free(requests, TRUE);
	requests = NULL;
	g_array_free(variant_changes, TRUE);
	variant_changes = NULL;
	frame_events = NULL;
	far_links = NULL;
}

static void nstime_from_seconds(nstime_t *t, double s)
{
	t->secs = (time_t)s;
	t->nsecs = (int)((s - (double)t->secs) * 1e9 + 0.5);
	if (t->nsecs >= 1000000000) {
		t->secs++;
		t->nsecs -= 1000000000;
	}
}

/*
 * Feed the frame and keep what later passes show.  A reply's link is kept
 * as the distance back to its request when its response time can be
 * recomputed exactly from the request's time, else whole in far_links.
 */
static void first_pass(packet_info *pinfo, struct foxess_tap_frame *tf)
{
	struct frame_link *fl = frame_link_at(pinfo->num, true);
	struct fox_lm_link link;
	struct request_rec *req = NULL;

	if (tf->frame.extended && tf->frame.id == FOX_REQUEST_ID) {
		struct request_rec rec = { pinfo->num, 0, tf->frame.time, 0 };

		g_array_append_val(requests, rec);
	}
	feeding = pinfo->num;
	fox_lm_feed(monitor, &tf->frame, &link);
	feeding = 0;
	fl->bits |= (uint8_t)(link.class | FL_FED |
			      (link.is_request ? FL_REQUEST : 0));
	if (link.variant != variant_at(pinfo->num)) {
		struct variant_change change = { pinfo->num, link.variant };

		g_array_append_val(variant_changes, change);
	}
	if (!link.request_frame)
		return;
	req = request_info(link.request_frame);
	if (req && !req->response_frame) {
		req->response_frame = pinfo->num;
		req->response_time = link.response_time;
	}
	if (req && pinfo->num - link.request_frame <= MAX_REQUEST_BACK &&
	    tf->frame.time - req->time == link.response_time) {
		fl->request_back = (uint8_t)(pinfo->num - link.request_frame);
	} else {
		fl->bits |= FL_FAR_LINK;
		wmem_map_insert(
			far_links, GUINT_TO_POINTER(pinfo->num),
			wmem_memdup(wmem_file_scope(), &link, sizeof(link)));
	}
}

/* What the first pass kept of frame num (time: as fed); false if it was
 * not fed. */
static bool frame_info_of(uint32_t num, double time, struct frame_info *fi)
{
	const struct frame_link *fl = frame_link_at(num, false);
	const struct request_rec *req;

	memset(fi, 0, sizeof(*fi));
	if (!fl || !(fl->bits & FL_FED))
		return false;
	fi->link.class = (enum fox_class)(fl->bits & FL_CLASS_MASK);
	fi->link.is_request = (fl->bits & FL_REQUEST) != 0;
	fi->link.variant = variant_at(num);
	fi->unanswered = (fl->bits & FL_UNANSWERED) != 0;
	if (fl->bits & FL_FAR_LINK) {
		fi->link = *(const struct fox_lm_link *)wmem_map_lookup(
			far_links, GUINT_TO_POINTER(num));
	} else if (fl->request_back) {
		req = request_info(num - fl->request_back);
		fi->link.request_frame = req->frame;
		fi->link.response_time = time - req->time;
	}
	if (fi->link.is_request && (req = request_info(num))) {
		fi->response_frame = req->response_frame;
		fi->response_time = req->response_time;
	}
	if (fl->bits & FL_EVENTS)
		fi->events = (const struct frame_events *)wmem_map_lookup(
			frame_events, GUINT_TO_POINTER(num));
	return true;
}

static void show_links(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
		       const struct frame_info *fi)
{
	proto_item *pi;
	nstime_t t;

	if (fi->link.is_request && fi->link.class != FOX_CLASS_NONE) {
		pi = proto_tree_add_uint(tree, hf_request_class, tvb, 0, 0,
					 fi->link.class);
		proto_item_set_generated(pi);
		if (fi->response_frame) {
			pi = proto_tree_add_uint(tree, hf_response_in, tvb, 0,
						 0, fi->response_frame);
			proto_item_set_generated(pi);
			nstime_from_seconds(&t, fi->response_time);
			pi = proto_tree_add_time(tree, hf_response_time, tvb, 0,
						 0, &t);
			proto_item_set_generated(pi);
		} else if (fi->unanswered && pinfo->fd->visited) {
			pi = proto_tree_add_item(tree, hf_no_response, tvb, 0,
						 0, ENC_NA);
			proto_item_set_generated(pi);
		}
	}
	if (fi->link.request_frame) {
		pi = proto_tree_add_uint(tree, hf_request_in, tvb, 0, 0,
					 fi->link.request_frame);
		proto_item_set_generated(pi);
		nstime_from_seconds(&t, fi->link.response_time);
		pi = proto_tree_add_time(tree, hf_response_time, tvb, 0, 0, &t);
		proto_item_set_generated(pi);
	}
}

void foxess_analysis_frame(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
			   proto_item *item, uint32_t can_id)
{
	struct foxess_tap_frame *tf;
	struct frame_info fi;
	wmem_array_t *events = NULL;
	guint len = tvb_captured_length(tvb);
	nstime_t rel;

	if (!monitor)
		return;
	tf = wmem_new0(pinfo->pool, struct foxess_tap_frame);
	tf->frame.number = pinfo->num;
	/* Relative times keep microsecond deltas exact in a double. */
	if (!have_first_ts) {
		first_ts = pinfo->abs_ts;
		have_first_ts = true;
	}
	nstime_delta(&rel, &pinfo->abs_ts, &first_ts);
	tf->frame.time = nstime_to_sec(&rel);
	tf->frame.error = (can_id & CAN_ERR_FLAG) != 0;
	tf->frame.extended = (can_id & CAN_EFF_FLAG) != 0;
	tf->frame.id =
		can_id & (tf->frame.extended ? CAN_EFF_MASK : CAN_SFF_MASK);
	tf->frame.len = len < sizeof(tf->data) ? len : sizeof(tf->data);
	tvb_memcpy(tvb, tf->data, 0, tf->frame.len);
	tf->frame.data = tf->data;

	if (!pinfo->fd->visited && !frame_info_of(pinfo->num, 0, &fi))
		first_pass(pinfo, tf);
	if (!frame_info_of(pinfo->num, tf->frame.time, &fi))
		return;
	tf->link = fi.link;
	show_links(tvb, pinfo, tree, &fi);

	if (fi.events)
		events = !pinfo->fd->visited  ? fi.events->first :
			 fi.events->own_later ? fi.events->later :
						fi.events->first;
	if (events) {
		tf->events =
			(const struct fox_lm_event *)wmem_array_get_raw(events);
		tf->n_events = wmem_array_get_count(events);
	}
	for (unsigned i = 0; i < tf->n_events; i++) {
		const struct fox_lm_event *ev = &tf->events[i];
		char text[768];

		fox_lm_event_describe(ev, &config, text, sizeof(text));
		expert_add_info_format(pinfo, item, &ei_event[ev->type], "%s",
				       text);
	}
	tap_queue_packet(foxess_tap, pinfo, tf);
}

/*
 * Frames no dissector claimed (another vendor's protocol with its
 * dissector disabled, unknown IDs): observed for the protocol-mismatch
 * diagnosis and the statistics, never claimed.
 */
static gboolean observe_can(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
			    void *data)
{
	struct can_info *can_info = (struct can_info *)data;

	(void)tree;
	if (can_info)
		foxess_analysis_frame(tvb, pinfo, NULL, NULL, can_info->id);
	return FALSE;
}

static int expert_group(enum fox_lm_group g)
{
	switch (g) {
	case FOX_LM_GRP_SEQUENCE:
		return PI_SEQUENCE;
	case FOX_LM_GRP_RESPONSE_CODE:
		return PI_RESPONSE_CODE;
	case FOX_LM_GRP_PROTOCOL:
		break;
	}
	return PI_PROTOCOL;
}

static int expert_severity(enum fox_lm_severity s)
{
	switch (s) {
	case FOX_LM_SEV_ERROR:
		return PI_ERROR;
	case FOX_LM_SEV_WARN:
		return PI_WARN;
	case FOX_LM_SEV_NOTE:
	case FOX_LM_SEV_NONE:
		break;
	}
	return PI_NOTE;
}

static void register_experts(expert_module_t *expert)
{
	static const ei_register_info blank = { NULL,
						{ NULL, 0, 0, NULL, EXPFILL } };
	ei_register_info *ei = g_new0(ei_register_info, FOX_LM_EV_COUNT);
	unsigned n = 0;

	for (unsigned t = 0; t < FOX_LM_EV_COUNT; t++) {
		const struct fox_lm_event_info *info = &fox_lm_events[t];
		expert_field init = EI_INIT;

		ei_event[t] = init;
		if (info->severity == FOX_LM_SEV_NONE)
			continue;
		ei[n] = blank;
		ei[n].ids = &ei_event[t];
		ei[n].eiinfo.name = g_strdup_printf("foxess.%s", info->key);
		ei[n].eiinfo.group = expert_group(info->group);
		ei[n].eiinfo.severity = expert_severity(info->severity);
		ei[n].eiinfo.summary = info->summary;
		n++;
	}
	expert_register_field_array(expert, ei, n);
}

static void register_prefs(module_t *m)
{
	prefs_register_uint_preference(
		m, "reply_window", "Reply window (ms)",
		"A main poll not answered within this time (or before the "
		"next poll) counts as unanswered",
		10, &pref_reply_window_ms);
	prefs_register_uint_preference(
		m, "lost_polls", "Unanswered polls for BMS Lost",
		"Consecutive unanswered main polls that make a BMS Lost", 10,
		&pref_lost_polls);
	prefs_register_uint_preference(
		m, "inhibit_warn_soc", "Charge inhibit warning below SoC (%)",
		"Charge inhibit is a note at or above this SoC and a warning "
		"below it",
		10, &pref_inhibit_warn_soc);
	prefs_register_uint_preference(
		m, "cell_spread", "Cell spread threshold (mV)",
		"Max - min cell voltage above this is flagged", 10,
		&pref_cell_spread_mv);
	prefs_register_uint_preference(
		m, "cell_min", "Lowest normal cell voltage (mV)",
		"Cell voltage window, low end", 10, &pref_cell_min_mv);
	prefs_register_uint_preference(
		m, "cell_max", "Highest normal cell voltage (mV)",
		"Cell voltage window, high end", 10, &pref_cell_max_mv);
	prefs_register_string_preference(
		m, "temp_min", "Lowest normal temperature (degC)",
		"Cell temperature window, low end", &pref_temp_min);
	prefs_register_string_preference(
		m, "temp_max", "Highest normal temperature (degC)",
		"Cell temperature window, high end", &pref_temp_max);
	prefs_register_uint_preference(
		m, "poll_interval_min",
		"Shortest normal main-poll interval (ms)",
		"Main polls closer together than this are flagged", 10,
		&pref_poll_min_ms);
	prefs_register_uint_preference(
		m, "poll_interval_max",
		"Longest normal main-poll interval (ms)",
		"Main polls further apart than this are flagged", 10,
		&pref_poll_max_ms);
	prefs_register_uint_preference(
		m, "startup_deadline", "Startup deadline (s)",
		"Time after the link comes up by which pack data and the "
		"serial-number request are expected, and the contactor closed",
		10, &pref_startup_deadline_s);
	prefs_register_string_preference(
		m, "current_margin", "Current margin over the limits (A)",
		"Current may exceed the advertised limits by this much "
		"before it is flagged",
		&pref_current_margin);
	prefs_register_string_preference(
		m, "current_deadband", "Current dead band for sign checks (A)",
		"Currents this close to zero are not checked against the "
		"charging/discharging flags",
		&pref_current_deadband);
	prefs_register_uint_preference(
		m, "energy_tolerance",
		"EP stored-energy tolerance (% of nominal)",
		"Allowed difference between 0x1903 stored energy and nominal "
		"energy x SoC",
		10, &pref_energy_tolerance);
}

void foxess_analysis_register(int proto, module_t *prefs,
			      expert_module_t *expert)
{
	static hf_register_info hf[] = {
		{ &hf_request_in,
		  { "Request in", "foxess.request_in", FT_FRAMENUM, BASE_NONE,
		    FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0,
		    "The inverter request this reply answers", HFILL } },
		{ &hf_response_in,
		  { "Response in", "foxess.response_in", FT_FRAMENUM, BASE_NONE,
		    FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0,
		    "First reply to this request (needs two passes: "
		    "tshark -2 or the GUI)",
		    HFILL } },
		{ &hf_response_time,
		  { "Response time", "foxess.response_time", FT_RELATIVE_TIME,
		    BASE_NONE, NULL, 0x0,
		    "Time from the request to this reply (on a request: to "
		    "its first reply)",
		    HFILL } },
		{ &hf_no_response,
		  { "No response seen", "foxess.no_response", FT_NONE,
		    BASE_NONE, NULL, 0x0,
		    "Main poll with no reply within the reply window (needs "
		    "two passes)",
		    HFILL } },
		{ &hf_request_class,
		  { "Expected reply", "foxess.request_class", FT_UINT8,
		    BASE_DEC, VALS(class_vals), 0x0,
		    "Which reply set this request asks for", HFILL } },
	};

	proto_foxess = proto;
	proto_register_field_array(proto, hf, array_length(hf));
	register_experts(expert);
	register_prefs(prefs);
	register_init_routine(analysis_init);
	register_cleanup_routine(analysis_cleanup);
	foxess_tap = register_tap("foxess");
}

void foxess_analysis_handoff(void)
{
	heur_dissector_add("can", observe_can,
			   "FoxESS link monitor (observes unclaimed frames)",
			   "foxess_observer", proto_foxess, HEURISTIC_ENABLE);
}
