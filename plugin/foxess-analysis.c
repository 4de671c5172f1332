// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Wireshark layer of the bus engine.
 *
 * Every bus of the file (foxess_bus_of(): its capture interface) has its
 * own engine.  The first pass over a file (pinfo->fd->visited false) feeds
 * each frame to its bus's engine and keeps, per frame, the request/reply
 * link, the variant and the events the engine decided at that frame.
 * Every later dissection (GUI re-dissection, refilter, tshark -2) shows
 * exactly those, on the same frame: an event is never moved.  Only the
 * generated fields on a request, "Response in" and "No response seen",
 * use what the first pass learnt after the request; they appear once the
 * first pass is over.  docs/diagnostics.md states the rule.
 *
 * A day-long log has millions of frames, so what later passes need is
 * kept compact: 1 byte per frame (a code into a dictionary of records), a
 * 12-byte record per request, the events in frame order sharing what they
 * say, and the unusual links in maps.
 */
#include <math.h>

#include <epan/packet.h>
#include <epan/proto_data.h>
#include <epan/tap.h>
#include <epan/dissectors/packet-socketcan.h>
#include <wiretap/wtap.h>
#include <wsutil/report_message.h>

#include "compat.h"
#include "foxess-analysis.h"
#include "table-fields.h"

/*
 * A frame as the first pass saw it, in a 16-bit record: FL_* flags and the
 * link class in the low byte, the variant and a distance in the high byte:
 * on a reply, back to its request; on a 0x1871 request, forward to its
 * first reply (0: none, or kept in far_responses).  0: not fed.
 */
#define FL_CLASS_MASK	 0x07
#define FL_FED		 0x08 /* fed to an engine on the first pass */
#define FL_REQUEST	 0x10 /* link.is_request */
#define FL_FAR_LINK	 0x20 /* link kept whole in far_links */
#define FL_EVENTS	 0x40 /* events kept in kept_events */
#define FL_UNANSWERED	 0x80 /* main poll that got no reply */
#define FL_BACK_SHIFT	 8
#define FL_BACK_MASK	 0x3F
#define FL_VARIANT_SHIFT 14
#define LINKS_PER_CHUNK	 65536
/* Replies follow their request within 32 frames on foxsim's 8-pack day
 * (cell voltages of 8 packs); a reply further back is a far link, a first
 * reply further on a far response. */
#define MAX_REQUEST_BACK FL_BACK_MASK
G_STATIC_ASSERT(FOX_CLASS_COUNT <= FL_CLASS_MASK + 1);
G_STATIC_ASSERT(FOX_VARIANT_EP < 1 << (16 - FL_VARIANT_SHIFT));

/*
 * The records of LINKS_PER_CHUNK frames.  A day-long log has millions of
 * frames but about 70 distinct records per chunk (foxsim -s 12; up to 187
 * in a corpus capture full of faults), so each frame keeps a 1-byte
 * code into the chunk's dictionary of records; a chunk with more distinct
 * records than codes keeps them whole, in wide.  The chunk also says which
 * of its frames are 0x1871 requests, to find their request_rec without a
 * frame number in each: request_info().
 */
#define LINK_CODES    256
#define REQUEST_WORDS (LINKS_PER_CHUNK / 64)
struct link_chunk {
	uint16_t dict[LINK_CODES]; /* code -> record; code 0 is record 0 */
	unsigned n_codes;
	uint16_t *wide; /* LINKS_PER_CHUNK records once dict is full */
	uint8_t codes[LINKS_PER_CHUNK];
	uint32_t first_request; /* index in requests of the chunk's first */
	/* bit i % 64 of word i / 64: frame i of the chunk is a request */
	uint64_t request_bits[REQUEST_WORDS];
	/* requests of the chunk before each word's frames */
	uint16_t requests_before[REQUEST_WORDS];
};

/*
 * A 0x1871 request; appended in frame order.  A day-long log has
 * 158,401 (foxsim -s 12): 12 bytes each, the time kept as bytes so that
 * nothing pads the record, the response time as the nanoseconds it is
 * shown with; the frame number is its place (request_info()), the first
 * reply a distance in the request's frame record.
 */
struct request_rec {
	uint32_t response_ns;	      /* its response time, or RESPONSE_FAR */
	uint8_t time[sizeof(double)]; /* frame time: request_time() */
};

/* A first reply more than MAX_REQUEST_BACK frames on, or a response time of
 * 4.29 s or more (or negative), is in far_responses. */
#define RESPONSE_FAR UINT32_MAX
struct far_response {
	uint32_t frame;
	double seconds;
};

/*
 * What an event says, apart from the frame it was decided at: its other
 * frames as distances back from that one.  A day-long log at full SoC has
 * a charge-inhibit note every second, each saying what the one before
 * said: they share one.
 */
struct event_kind {
	uint32_t about_back; /* at_frame - about_frame */
	uint32_t ref_back;   /* at_frame - ref_frame */
	uint8_t type;
	uint8_t frames; /* EK_ABOUT, EK_REF: that frame is not 0 */
	double value, limit, extra;
	const char *detail; /* file scope; NULL when empty */
};

#define EK_ABOUT 0x01
#define EK_REF	 0x02
G_STATIC_ASSERT(FOX_LM_EV_COUNT <= UINT8_MAX + 1);

/* An event kept for later passes, on the frame it was decided at;
 * appended in frame order. */
struct kept_event {
	uint32_t frame; /* at_frame */
	uint32_t kind;	/* in event_kinds */
};

/* Everything a frame shows, rebuilt from the records above. */
struct frame_info {
	struct fox_lm_link link;
	uint32_t response_frame; /* requests: first reply */
	nstime_t response_ts;
	bool unanswered;
	const struct fox_lm_event *events;
	unsigned n_events;
};

static int proto_foxess = -1;
static int hf_request_in = -1;
static int hf_response_in = -1;
static int hf_response_time = -1;
static int hf_no_response = -1;
static int hf_request_class = -1;
static int hf_bus = -1;
static int hf_advice = -1;
static int ett_observed = -1;
static expert_field ei_event[FOX_LM_EV_COUNT];
static int foxess_tap = -1;

/* Preferences: each starts from the engine's default
 * (fox_lm_config_default) in register_prefs(). */
static guint pref_reply_window_ms;
static guint pref_lost_polls;
static guint pref_inhibit_warn_soc;
static guint pref_cell_spread_mv;
static guint pref_cell_min_mv;
static guint pref_cell_max_mv;
static guint pref_poll_min_ms;
static guint pref_poll_max_ms;
static guint pref_startup_deadline_s;
static guint pref_energy_tolerance;
static guint pref_foreign_frames;
static guint pref_cell_sum_tolerance;

/*
 * The thresholds that take a sign or decimals: Wireshark (4.0 to 4.6) has
 * no such preference type, so they are text, checked when the
 * preferences are applied.  Bad text is reported, naming the preference
 * and the text, and the last good value stays in effect.
 */
struct number_pref {
	const char *name;
	const char *unit;
	bool negative_ok;
	const char *text; /* the preference's own storage */
	double value;	  /* in effect */
};

enum { NP_TEMP_MIN, NP_TEMP_MAX, NP_CURRENT_MARGIN, NP_CURRENT_DEADBAND };

static struct number_pref number_prefs[] = {
	[NP_TEMP_MIN] = { "temp_min", "\u00b0C", true },
	[NP_TEMP_MAX] = { "temp_max", "\u00b0C", true },
	[NP_CURRENT_MARGIN] = { "current_margin", "A", false },
	[NP_CURRENT_DEADBAND] = { "current_deadband", "A", false },
};

static struct fox_lm_config config;

/* Per-file state */
static struct fox_buses *buses;
static wmem_map_t *bus_names; /* interface id + 1 -> name */
static nstime_t first_ts;     /* times are fed relative to this */
static bool have_first_ts;
static GPtrArray *link_chunks; /* struct link_chunk */
static GArray *requests;       /* struct request_rec */
static GArray *kept_events;    /* struct kept_event */
static GArray *event_kinds;    /* struct event_kind */
/* Per event type, the kind its last event had (index + 1, 0: none). */
static guint last_kind[FOX_LM_EV_COUNT];
static wmem_map_t *far_links;	  /* frame number -> fox_lm_link */
static wmem_map_t *far_responses; /* request frame -> far_response */

static const value_string class_vals[] = {
	{ FOX_CLASS_NONE, "No reply expected" },
	{ FOX_CLASS_MAIN, "Main poll" },
	{ FOX_CLASS_PACK_DATA, "Pack data" },
	{ FOX_CLASS_CELL_VOLTAGES, "Cell voltages" },
	{ FOX_CLASS_CELL_TEMPS, "Cell temperatures" },
	{ FOX_CLASS_SERIAL, "Serial numbers" },
	{ 0, NULL },
};

/* text as a finite decimal number, blanks around it allowed. */
static bool parse_number(const char *text, double *v)
{
	char *end;

	*v = g_ascii_strtod(text, &end);
	while (g_ascii_isspace(*end))
		end++;
	return end != text && !*end && isfinite(*v);
}

void foxess_analysis_prefs_apply(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(number_prefs); i++) {
		struct number_pref *np = &number_prefs[i];
		const char *text = np->text ? np->text : "";
		double v;

		if (parse_number(text, &v) && (np->negative_ok || v >= 0)) {
			np->value = v;
			continue;
		}
		report_failure("Invalid value \"%s\" for preference "
			       "foxess.%s: expected a number%s (%s); using "
			       "%g %s",
			       text, np->name,
			       np->negative_ok ? "" : ", 0 or more", np->unit,
			       np->value, np->unit);
	}
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
	config.temp_min = number_prefs[NP_TEMP_MIN].value;
	config.temp_max = number_prefs[NP_TEMP_MAX].value;
	config.poll_interval_min = pref_poll_min_ms / 1000.0;
	config.poll_interval_max = pref_poll_max_ms / 1000.0;
	config.startup_deadline = pref_startup_deadline_s;
	config.current_margin = number_prefs[NP_CURRENT_MARGIN].value;
	config.current_deadband = number_prefs[NP_CURRENT_DEADBAND].value;
	config.energy_tolerance = pref_energy_tolerance;
	config.foreign_frames = pref_foreign_frames;
	config.cell_sum_tolerance = pref_cell_sum_tolerance;
}

const struct fox_lm_config *foxess_analysis_config(void)
{
	return &config;
}

uint64_t foxess_bus_of(packet_info *pinfo, const char **name)
{
	uint32_t id;
	const char *n;
	char *kept;

	if (!pinfo->rec ||
	    !(pinfo->rec->presence_flags & WTAP_HAS_INTERFACE_ID)) {
		*name = NULL;
		return 0;
	}
	id = pinfo->rec->rec_header.packet_header.interface_id;
	kept = bus_names ? (char *)wmem_map_lookup(bus_names,
						   GUINT_TO_POINTER(id + 1)) :
			   NULL;
	if (!kept) {
		n = epan_get_interface_name(pinfo->epan, id,
					    pinfo->rec->section_number);
		/* Wireshark says "unknown" for an interface with no name. */
		if (n && *n && strcmp(n, "unknown"))
			kept = wmem_strdup(wmem_file_scope(), n);
		else
			kept = wmem_strdup_printf(wmem_file_scope(),
						  "interface %u", id);
		if (bus_names)
			wmem_map_insert(bus_names, GUINT_TO_POINTER(id + 1),
					kept);
	}
	*name = kept;
	return (uint64_t)id + 1;
}

/* A new chunk, number chunk; out of line, as it is needed once per
 * LINKS_PER_CHUNK frames and link_chunk_of() runs several times a frame. */
static __attribute__((noinline)) struct link_chunk *link_chunk_new(guint chunk)
{
	struct link_chunk *c;

	if (chunk >= link_chunks->len)
		g_ptr_array_set_size(link_chunks, chunk + 1);
	/* Created in frame order, before the chunk's first request is
	 * appended. */
	c = g_new0(struct link_chunk, 1);
	c->n_codes = 1;
	c->first_request = requests->len;
	g_ptr_array_index(link_chunks, chunk) = c;
	return c;
}

static struct link_chunk *link_chunk_of(uint32_t frame, bool create)
{
	guint chunk = frame / LINKS_PER_CHUNK;
	struct link_chunk *c = NULL;

	if (chunk < link_chunks->len)
		c = g_ptr_array_index(link_chunks, chunk);
	if (!c && create)
		c = link_chunk_new(chunk);
	return c;
}

/* The record of frame, 0 if it was not fed. */
static uint16_t link_record(uint32_t frame)
{
	const struct link_chunk *c = link_chunk_of(frame, false);
	guint i = frame % LINKS_PER_CHUNK;

	if (!c)
		return 0;
	return c->wide ? c->wide[i] : c->dict[c->codes[i]];
}

/*
 * Code of each record in the dictionary of code_owner, 0 when not in it
 * (code 0 is record 0): the chunk being written, so that storing a
 * frame's record does not search its dictionary.
 */
static uint8_t record_code[1 << 16];
static struct link_chunk *code_owner;

static void own_codes(struct link_chunk *c)
{
	if (code_owner)
		for (unsigned k = 1; k < code_owner->n_codes; k++)
			record_code[code_owner->dict[k]] = 0;
	code_owner = c;
	if (c)
		for (unsigned k = 1; k < c->n_codes; k++)
			record_code[c->dict[k]] = (uint8_t)k;
}

/* Keep rec as the record of frame: its code, or the whole record once the
 * chunk's dictionary is full. */
static void set_link_record(uint32_t frame, uint16_t rec)
{
	struct link_chunk *c = link_chunk_of(frame, true);
	guint i = frame % LINKS_PER_CHUNK;
	unsigned code = 0;

	if (!c->wide && code_owner != c)
		own_codes(c);
	if (!c->wide && !(code = record_code[rec]) && rec) {
		if (c->n_codes < LINK_CODES) {
			code = c->n_codes++;
			c->dict[code] = rec;
			record_code[rec] = (uint8_t)code;
		} else {
			own_codes(NULL);
			c->wide = g_new(uint16_t, LINKS_PER_CHUNK);
			for (guint k = 0; k < LINKS_PER_CHUNK; k++)
				c->wide[k] = c->dict[c->codes[k]];
		}
	}
	if (c->wide)
		c->wide[i] = rec;
	else
		c->codes[i] = (uint8_t)code;
}

static void free_link_chunk(gpointer p)
{
	struct link_chunk *c = p;

	if (c) {
		g_free(c->wide);
		g_free(c);
	}
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

static double request_time(const struct request_rec *r)
{
	double t;

	memcpy(&t, r->time, sizeof(t));
	return t;
}

/* The request record of frame, or NULL when frame is no 0x1871 request. */
static struct request_rec *request_info(uint32_t frame)
{
	const struct link_chunk *c = link_chunk_of(frame, false);
	guint i = frame % LINKS_PER_CHUNK;
	uint64_t word;

	if (!c)
		return NULL;
	word = c->request_bits[i / 64];
	if (!(word >> (i % 64) & 1))
		return NULL;
	return &g_array_index(
		requests, struct request_rec,
		c->first_request + c->requests_before[i / 64] +
			(guint)__builtin_popcountll(
				word & ((UINT64_C(1) << (i % 64)) - 1)));
}

/*
 * The last request added, and its place in requests: most replies answer
 * it, and request_info()'s search of the chunk's bitmap cost more than
 * the rest of keeping a reply's link.
 */
static uint32_t last_request_frame; /* 0: none */
static guint last_request_index;

/* request_info() of a reply's request frame. */
static struct request_rec *request_of_reply(uint32_t frame)
{
	if (frame && frame == last_request_frame)
		return &g_array_index(requests, struct request_rec,
				      last_request_index);
	return request_info(frame);
}

/* Frame (the next in frame order) is a 0x1871 request at time. */
static void add_request(uint32_t frame, double time)
{
	struct link_chunk *c = link_chunk_of(frame, true);
	guint i = frame % LINKS_PER_CHUNK;
	uint64_t *word = &c->request_bits[i / 64];
	struct request_rec r = { 0, { 0 } };

	c->requests_before[i / 64] =
		(uint16_t)(requests->len - c->first_request -
			   (guint)__builtin_popcountll(*word));
	*word |= UINT64_C(1) << (i % 64);
	memcpy(r.time, &time, sizeof(r.time));
	g_array_append_val(requests, r);
	last_request_frame = frame;
	last_request_index = requests->len - 1;
}

/* The distance from request frame req to its first reply, 0 if far. */
static unsigned response_distance(uint32_t req)
{
	return link_record(req) >> FL_BACK_SHIFT & FL_BACK_MASK;
}

static bool has_response(uint32_t req, const struct request_rec *r)
{
	return response_distance(req) || r->response_ns == RESPONSE_FAR;
}

/* The first reply to request frame req (record r) is frame, s seconds
 * later: kept as the tree shows it. */
static void set_response(uint32_t req, struct request_rec *r, uint32_t frame,
			 double s)
{
	struct far_response *far;
	nstime_t t;

	nstime_from_seconds(&t, s);
	if (frame - req <= MAX_REQUEST_BACK && t.secs >= 0 && t.secs < 4 &&
	    t.nsecs >= 0) {
		r->response_ns =
			(uint32_t)t.secs * 1000000000u + (uint32_t)t.nsecs;
		set_link_record(req,
				(uint16_t)(link_record(req) |
					   (frame - req) << FL_BACK_SHIFT));
		return;
	}
	r->response_ns = RESPONSE_FAR;
	far = wmem_new(wmem_file_scope(), struct far_response);
	far->frame = frame;
	far->seconds = s;
	wmem_map_insert(far_responses, GUINT_TO_POINTER(req), far);
}

/* The first reply to request frame req (record r), 0 if none, and its
 * response time in *t. */
static uint32_t response_of(uint32_t req, const struct request_rec *r,
			    nstime_t *t)
{
	const struct far_response *far;
	unsigned distance;

	if (r->response_ns == RESPONSE_FAR) {
		far = wmem_map_lookup(far_responses, GUINT_TO_POINTER(req));
		nstime_from_seconds(t, far->seconds);
		return far->frame;
	}
	t->secs = r->response_ns / 1000000000u;
	t->nsecs = (int)(r->response_ns % 1000000000u);
	distance = response_distance(req);
	return distance ? req + distance : 0;
}

static void analysis_init(void)
{
	build_config();
	buses = fox_buses_new(&config);
	bus_names =
		wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
	link_chunks = g_ptr_array_new_with_free_func(free_link_chunk);
	requests = g_array_new(FALSE, FALSE, sizeof(struct request_rec));
	kept_events = g_array_new(FALSE, FALSE, sizeof(struct kept_event));
	event_kinds = g_array_new(FALSE, FALSE, sizeof(struct event_kind));
	memset(last_kind, 0, sizeof(last_kind));
	far_links =
		wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
	far_responses =
		wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
	have_first_ts = false;
	last_request_frame = 0;
}

static void analysis_cleanup(void)
{
	fox_buses_free(buses);
	buses = NULL;
	bus_names = NULL;
	own_codes(NULL);
	g_ptr_array_free(link_chunks, TRUE);
	link_chunks = NULL;
	g_array_free(requests, TRUE);
	requests = NULL;
	g_array_free(kept_events, TRUE);
	kept_events = NULL;
	g_array_free(event_kinds, TRUE);
	event_kinds = NULL;
	far_links = NULL;
	far_responses = NULL;
}

static bool same_number(double a, double b)
{
	return !memcmp(&a, &b, sizeof(a));
}

/* The index in event_kinds of what ev, decided at frame num, says: the
 * last kind of its type when it says the same, else a new one. */
static guint kind_of(uint32_t num, const struct fox_lm_event *ev)
{
	struct event_kind k = {
		.about_back = num - ev->about_frame,
		.ref_back = num - ev->ref_frame,
		.type = (uint8_t)ev->type,
		.frames = (ev->about_frame ? EK_ABOUT : 0) |
			  (ev->ref_frame ? EK_REF : 0),
		.value = ev->value,
		.limit = ev->limit,
		.extra = ev->extra,
	};
	const struct event_kind *last;

	if (!ev->about_frame)
		k.about_back = 0;
	if (!ev->ref_frame)
		k.ref_back = 0;
	if (last_kind[ev->type]) {
		last = &g_array_index(event_kinds, struct event_kind,
				      last_kind[ev->type] - 1);
		if (last->about_back == k.about_back &&
		    last->ref_back == k.ref_back && last->frames == k.frames &&
		    same_number(last->value, k.value) &&
		    same_number(last->limit, k.limit) &&
		    same_number(last->extra, k.extra) &&
		    !strcmp(last->detail ? last->detail : "", ev->detail))
			return last_kind[ev->type] - 1;
	}
	k.detail = ev->detail[0] ? wmem_strdup(wmem_file_scope(), ev->detail) :
				   NULL;
	g_array_append_val(event_kinds, k);
	last_kind[ev->type] = event_kinds->len;
	return event_kinds->len - 1;
}

/* The events of rec worth showing, kept for every pass of frame num;
 * true when there are any.  An unanswered poll is marked on the poll, an
 * earlier frame. */
static bool keep_events(uint32_t num, const struct fox_record *rec)
{
	bool kept = false;

	for (unsigned i = 0; i < rec->n_events; i++) {
		const struct fox_lm_event *ev = &rec->events[i];
		struct kept_event k;

		if (ev->type == FOX_LM_EV_POLL_UNANSWERED &&
		    request_info(ev->about_frame))
			set_link_record(ev->about_frame,
					link_record(ev->about_frame) |
						FL_UNANSWERED);
		if (fox_lm_events[ev->type].severity == FOX_LM_SEV_NONE)
			continue;
		k.frame = num;
		k.kind = kind_of(num, ev);
		g_array_append_val(kept_events, k);
		kept = true;
	}
	return kept;
}

/* The events kept for frame num, rebuilt in pool; their count in *n. */
static const struct fox_lm_event *events_of(uint32_t num,
					    wmem_allocator_t *pool, unsigned *n)
{
	guint lo = 0, hi = kept_events->len, first;
	struct fox_lm_event *ev;

	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;

		if (g_array_index(kept_events, struct kept_event, mid).frame <
		    num)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	while (hi < kept_events->len &&
	       g_array_index(kept_events, struct kept_event, hi).frame == num)
		hi++;
	*n = hi - first;
	ev = wmem_alloc0_array(pool, struct fox_lm_event, *n ? *n : 1);
	for (unsigned i = 0; i < *n; i++) {
		const struct kept_event *e = &g_array_index(
			kept_events, struct kept_event, first + i);
		const struct event_kind *k =
			&g_array_index(event_kinds, struct event_kind, e->kind);

		ev[i].type = (enum fox_lm_event_type)k->type;
		ev[i].at_frame = e->frame;
		if (k->frames & EK_ABOUT)
			ev[i].about_frame = e->frame - k->about_back;
		if (k->frames & EK_REF)
			ev[i].ref_frame = e->frame - k->ref_back;
		ev[i].value = k->value;
		ev[i].limit = k->limit;
		ev[i].extra = k->extra;
		if (k->detail)
			g_strlcpy(ev[i].detail, k->detail,
				  sizeof(ev[i].detail));
	}
	return ev;
}

/*
 * The part of frame num's record that keeps its link to its request (in
 * tf's frame), and the request's first reply.  A reply's link is kept as
 * the distance back to its request when its response time can be
 * recomputed exactly from the request's time, else whole in far_links.
 */
static uint16_t keep_link(uint32_t num, const struct foxess_tap_frame *tf,
			  const struct fox_lm_link *link, bool is_request)
{
	struct request_rec *req = request_of_reply(link->request_frame);

	if (req && !has_response(link->request_frame, req))
		set_response(link->request_frame, req, num,
			     link->response_time);
	/* A request's distance is the one to its own first reply. */
	if (req && !is_request &&
	    num - link->request_frame <= MAX_REQUEST_BACK &&
	    tf->frame.time - request_time(req) == link->response_time)
		return (uint16_t)((num - link->request_frame) << FL_BACK_SHIFT);
	wmem_map_insert(far_links, GUINT_TO_POINTER(num),
			wmem_memdup(wmem_file_scope(), link, sizeof(*link)));
	return FL_FAR_LINK;
}

/* Feed the frame to its bus's engine and keep what later passes show, in
 * one record per frame. */
static const struct fox_record *first_pass(packet_info *pinfo,
					   struct foxess_tap_frame *tf)
{
	struct fox_bus *bus;
	const struct fox_record *rec;
	const struct fox_lm_link *link;
	bool is_request;
	uint16_t fl;

	bus = fox_buses_get(buses, tf->bus_key, tf->bus_name);
	if (!bus)
		return NULL;
	is_request = tf->frame.extended && tf->frame.id == FOX_REQUEST_ID;
	if (is_request)
		add_request(pinfo->num, tf->frame.time);
	rec = fox_engine_feed(bus->engine, &tf->frame);
	link = &rec->link;
	fl = (uint16_t)(link->class | FL_FED |
			(link->is_request ? FL_REQUEST : 0) |
			link->variant << FL_VARIANT_SHIFT);
	if (keep_events(pinfo->num, rec))
		fl |= FL_EVENTS;
	if (link->request_frame)
		fl |= keep_link(pinfo->num, tf, link, is_request);
	set_link_record(pinfo->num, fl);
	return rec;
}

/* What the first pass kept of frame num (time: as fed; events rebuilt in
 * pool, none without one); false if it was not fed. */
static bool frame_info_of(uint32_t num, double time, wmem_allocator_t *pool,
			  struct frame_info *fi)
{
	uint16_t fl = link_record(num);
	unsigned back = fl >> FL_BACK_SHIFT & FL_BACK_MASK;
	const struct request_rec *req;

	memset(fi, 0, sizeof(*fi));
	if (!(fl & FL_FED))
		return false;
	fi->link.class = (enum fox_class)(fl & FL_CLASS_MASK);
	fi->link.is_request = (fl & FL_REQUEST) != 0;
	fi->link.variant = (enum fox_variant)(fl >> FL_VARIANT_SHIFT);
	fi->unanswered = (fl & FL_UNANSWERED) != 0;
	if (fl & FL_FAR_LINK) {
		fi->link = *(const struct fox_lm_link *)wmem_map_lookup(
			far_links, GUINT_TO_POINTER(num));
	} else if (back && !request_info(num)) {
		fi->link.request_frame = num - back;
		req = request_info(fi->link.request_frame);
		fi->link.response_time = time - request_time(req);
	}
	if (fi->link.is_request && (req = request_info(num)))
		fi->response_frame = response_of(num, req, &fi->response_ts);
	if (pool && (fl & FL_EVENTS))
		fi->events = events_of(num, pool, &fi->n_events);
	return true;
}

/* What the first pass shows of frame pinfo->num, fed just now: the
 * record's link, the events kept (those worth showing).  A request's
 * first reply and "no response" are not known yet. */
static void first_pass_info(packet_info *pinfo, const struct fox_record *rec,
			    struct frame_info *fi)
{
	memset(fi, 0, sizeof(*fi));
	fi->link = rec->link;
	if (rec->n_events && (link_record(pinfo->num) & FL_EVENTS))
		fi->events = events_of(pinfo->num, pinfo->pool, &fi->n_events);
}

/*
 * The generated link fields.  "Response in" and "No response seen" on a
 * request need frames after it: they appear once the first pass is over,
 * the only thing that differs between passes.
 */
static void show_links(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
		       const struct frame_info *fi)
{
	proto_item *pi;
	nstime_t t;

	if (fi->link.is_request && fi->link.class != FOX_CLASS_NONE) {
		pi = proto_tree_add_uint(tree, hf_request_class, tvb, 0, 0,
					 fi->link.class);
		proto_item_set_generated(pi);
		if (fi->response_frame && pinfo->fd->visited) {
			pi = proto_tree_add_uint(tree, hf_response_in, tvb, 0,
						 0, fi->response_frame);
			proto_item_set_generated(pi);
			pi = proto_tree_add_time(tree, hf_response_time, tvb, 0,
						 0, &fi->response_ts);
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

/* The event a reader should see first: the most severe, the first of
 * equals. */
static const struct fox_lm_event *lead_event(const struct fox_lm_event *ev,
					     unsigned n)
{
	const struct fox_lm_event *lead = NULL;

	for (unsigned i = 0; i < n; i++)
		if (!lead || fox_lm_events[ev[i].type].severity >
				     fox_lm_events[lead->type].severity)
			lead = &ev[i];
	return lead;
}

void foxess_analysis_frame(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
			   proto_item *item, uint32_t can_id,
			   struct foxess_frame_analysis *out)
{
	const struct fox_record *rec = NULL;
	struct foxess_tap_frame local, *tf = &local;
	bool tapped = have_tap_listener(foxess_tap);
	struct frame_info fi;
	guint len = tvb_captured_length(tvb);
	nstime_t rel;
	proto_item *pi;

	if (out)
		memset(out, 0, sizeof(*out));
	if (!buses)
		return;
	/* A queued tap record outlives this call; with nobody listening
	 * (tshark without -z foxess), the stack will do. */
	if (tapped)
		tf = wmem_new(pinfo->pool, struct foxess_tap_frame);
	memset(tf, 0, sizeof(*tf));
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
	tf->bus_key = foxess_bus_of(pinfo, &tf->bus_name);
	tf->dissected = out != NULL;

	/* The first pass shows the engine's record as it is: what
	 * first_pass() keeps rebuilds exactly that (frame_info_of()), so
	 * every later pass shows the same, without the first paying for the
	 * rebuild. */
	if (!pinfo->fd->visited && !(link_record(pinfo->num) & FL_FED)) {
		rec = first_pass(pinfo, tf);
		if (!rec)
			return;
		first_pass_info(pinfo, rec, &fi);
	} else if (!frame_info_of(pinfo->num, tf->frame.time, pinfo->pool,
				  &fi)) {
		return;
	}
	tf->link = fi.link;
	tf->events = fi.events;
	tf->n_events = fi.n_events;
	if (out) {
		/* The variant the first pass decoded the frame with: frames
		 * before the bus's first variant cue keep H-series meanings
		 * in every pass, as they had in the first (placement rule,
		 * docs/diagnostics.md). */
		out->variant = fi.link.variant;
		out->decoded = rec ? rec->decoded : NULL;
		out->lead = lead_event(fi.events, fi.n_events);
	}
	/* An observed frame is shown only when it carries a diagnosis
	 * (foreign 11-bit traffic), under an item of its own. */
	if (!item) {
		if (!tf->n_events)
			goto queue;
		item = proto_tree_add_protocol_format(
			tree, proto_foxess, tvb, 0, 0,
			"FoxESS link monitor (not a FoxESS frame)");
		tree = proto_item_add_subtree(item, ett_observed);
	}
	if (tree && tf->bus_name) {
		pi = proto_tree_add_string(tree, hf_bus, tvb, 0, 0,
					   tf->bus_name);
		proto_item_set_generated(pi);
	}
	show_links(tvb, pinfo, tree, &fi);
	/* Short expert texts, the advice as a field (as TCP analysis keeps
	 * details in generated fields). */
	for (unsigned i = 0; i < tf->n_events; i++) {
		const struct fox_lm_event *ev = &tf->events[i];
		const char *advice = fox_lm_event_advice(ev);
		char text[256];

		fox_lm_event_message(ev, &config, text, sizeof(text));
		expert_add_info_format(pinfo, item, &ei_event[ev->type], "%s",
				       text);
		if (tree && advice) {
			pi = proto_tree_add_string(tree, hf_advice, tvb, 0, 0,
						   advice);
			proto_item_set_generated(pi);
		}
	}
queue:
	if (tapped)
		tap_queue_packet(foxess_tap, pinfo, tf);
}

void foxess_analysis_info(packet_info *pinfo,
			  const struct foxess_frame_analysis *fa)
{
	if (fa->lead)
		col_prepend_fstr(pinfo->cinfo, COL_INFO, "[%s] ",
				 fox_lm_events[fa->lead->type].tag);
}

/*
 * Frames no dissector claimed (another vendor's protocol with its
 * dissector disabled, unknown IDs): observed for the protocol-mismatch
 * diagnosis and the statistics, never claimed.
 */
static fox_heur_bool observe_can(tvbuff_t *tvb, packet_info *pinfo,
				 proto_tree *tree, void *data)
{
	struct can_info *can_info = (struct can_info *)data;

	if (can_info)
		foxess_analysis_frame(tvb, pinfo, tree, NULL, can_info->id,
				      NULL);
	return FALSE;
}

static void register_experts(expert_module_t *expert)
{
	ei_register_info *ei = g_new0(ei_register_info, FOX_LM_EV_COUNT);
	unsigned n = 0;

	for (unsigned t = 0; t < FOX_LM_EV_COUNT; t++) {
		const struct fox_lm_event_info *info = &fox_lm_events[t];
		expert_field init = EI_INIT;

		ei_event[t] = init;
		if (info->severity == FOX_LM_SEV_NONE)
			continue;
		fox_ws_fill_ei(&ei[n++], &ei_event[t],
			       g_strdup_printf("foxess.%s", info->key),
			       info->summary, info->severity, info->group);
	}
	expert_register_field_array(expert, ei, n);
}

/* A threshold's default as the engine writes it, for a text preference. */
static const char *default_text(double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	return g_strdup(g_ascii_formatd(buf, sizeof(buf), "%g", v));
}

static void register_prefs(module_t *m)
{
	struct fox_lm_config def;

	fox_lm_config_default(&def);
	pref_reply_window_ms = (guint)(def.reply_window * 1000 + 0.5);
	pref_lost_polls = def.lost_polls;
	pref_inhibit_warn_soc = (guint)def.inhibit_warn_soc;
	pref_cell_spread_mv = (guint)def.cell_spread_mv;
	pref_cell_min_mv = (guint)def.cell_min_mv;
	pref_cell_max_mv = (guint)def.cell_max_mv;
	number_prefs[NP_TEMP_MIN].value = def.temp_min;
	number_prefs[NP_TEMP_MAX].value = def.temp_max;
	number_prefs[NP_CURRENT_MARGIN].value = def.current_margin;
	number_prefs[NP_CURRENT_DEADBAND].value = def.current_deadband;
	for (size_t i = 0; i < G_N_ELEMENTS(number_prefs); i++)
		number_prefs[i].text = default_text(number_prefs[i].value);
	pref_poll_min_ms = (guint)(def.poll_interval_min * 1000 + 0.5);
	pref_poll_max_ms = (guint)(def.poll_interval_max * 1000 + 0.5);
	pref_startup_deadline_s = (guint)def.startup_deadline;
	pref_energy_tolerance = (guint)def.energy_tolerance;
	pref_foreign_frames = def.foreign_frames;
	pref_cell_sum_tolerance = (guint)def.cell_sum_tolerance;

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
		m, "temp_min", "Lowest normal temperature (\u00b0C)",
		"Cell temperature window, low end (a number, may be "
		"negative)",
		&number_prefs[NP_TEMP_MIN].text);
	prefs_register_string_preference(
		m, "temp_max", "Highest normal temperature (\u00b0C)",
		"Cell temperature window, high end (a number, may be "
		"negative)",
		&number_prefs[NP_TEMP_MAX].text);
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
		"before it is flagged (a number, 0 or more)",
		&number_prefs[NP_CURRENT_MARGIN].text);
	prefs_register_string_preference(
		m, "current_deadband", "Current dead band for sign checks (A)",
		"Currents this close to zero are not checked against the "
		"charging/discharging flags (a number, 0 or more)",
		&number_prefs[NP_CURRENT_DEADBAND].text);
	prefs_register_uint_preference(
		m, "energy_tolerance",
		"EP stored-energy tolerance (% of nominal)",
		"Allowed difference between 0x1903 stored energy and nominal "
		"energy x SoC",
		10, &pref_energy_tolerance);
	prefs_register_uint_preference(
		m, "foreign_frames", "Foreign 11-bit frames per second",
		"This many standard-ID frames of no battery protocol within "
		"one second on a bus with FoxESS polls are foreign traffic",
		10, &pref_foreign_frames);
	prefs_register_uint_preference(
		m, "cell_sum_tolerance",
		"Cell-voltage sum tolerance (% of pack voltage)",
		"Allowed difference between the sum of a cell-voltage dump "
		"and the pack voltage (times the EP unit count)",
		10, &pref_cell_sum_tolerance);
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
		    "First reply to this request (known after the first "
		    "pass: tshark -2 or the GUI)",
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
		    "Main poll with no reply within the reply window (known "
		    "after the first pass: tshark -2 or the GUI)",
		    HFILL } },
		{ &hf_bus,
		  { "Bus", "foxess.bus", FT_STRING, BASE_NONE, NULL, 0x0,
		    "The capture interface this frame came from: each bus "
		    "is analysed on its own",
		    HFILL } },
		{ &hf_advice,
		  { "Advice", "foxess.advice", FT_STRING, BASE_NONE, NULL, 0x0,
		    "What to check about the diagnosis of this frame (seeds "
		    "000 and 001; docs/diagnostics.md has the full text)",
		    HFILL } },
		{ &hf_request_class,
		  { "Expected reply", "foxess.request_class", FT_UINT8,
		    BASE_DEC, VALS(class_vals), 0x0,
		    "Which reply set this request asks for", HFILL } },
	};

	proto_foxess = proto;
	static int *ett[] = { &ett_observed };

	proto_register_field_array(proto, hf, array_length(hf));
	proto_register_subtree_array(ett, array_length(ett));
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
