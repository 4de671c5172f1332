// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * FoxESS link monitor (see include/foxess/link-monitor.h).  The situations
 * it recognises and the owner advice attached to them come from
 * protocol-notes section 6 (seed 000: BMS Lost; seed 001: the five
 * diagnostic layers); docs/diagnostics.md explains each event.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "foxess/link-monitor.h"

#define SEQ FOX_LM_GRP_SEQUENCE
#define RSP FOX_LM_GRP_RESPONSE_CODE
#define PRO FOX_LM_GRP_PROTOCOL

/* One event per entry, laid out as a table. */
/* clang-format off */
const struct fox_lm_event_info fox_lm_events[FOX_LM_EV_COUNT] = {
	[FOX_LM_EV_POLL_ANSWERED] = { "poll.answered",
		"Main poll answered", FOX_LM_SEV_NONE, SEQ },
	[FOX_LM_EV_POLL_UNANSWERED] = { "poll.unanswered",
		"Main poll not answered within the reply window",
		FOX_LM_SEV_WARN, SEQ },
	[FOX_LM_EV_LATE_REPLY] = { "reply.late",
		"Reply after the reply window of its request",
		FOX_LM_SEV_NOTE, SEQ },
	[FOX_LM_EV_BMS_LOST] = { "bms_lost",
		"BMS Lost: consecutive main polls unanswered",
		FOX_LM_SEV_ERROR, SEQ },
	[FOX_LM_EV_NEVER_ANSWERED] = { "bms_never_answered",
		"BMS has not answered any main poll since the capture start",
		FOX_LM_SEV_ERROR, SEQ },
	[FOX_LM_EV_LINK_RESTORED] = { "link_restored",
		"BMS link restored", FOX_LM_SEV_NOTE, SEQ },
	[FOX_LM_EV_BURST_INCOMPLETE] = { "burst.incomplete",
		"Main-poll reply set incomplete", FOX_LM_SEV_WARN, SEQ },
	[FOX_LM_EV_DUPLICATE_BURST] = { "burst.duplicate",
		"Second reply to one poll: two responders / ID conflict",
		FOX_LM_SEV_WARN, SEQ },
	[FOX_LM_EV_ITEM_GAP] = { "burst.gap",
		"Gap in a cell-voltage or temperature burst",
		FOX_LM_SEV_WARN, SEQ },
	[FOX_LM_EV_PACK_DATA_MISSING] = { "startup.pack_data_missing",
		"No pack data after the link came up", FOX_LM_SEV_WARN, SEQ },
	[FOX_LM_EV_SERIAL_MISSING] = { "startup.serial_missing",
		"No serial-number request after the link came up",
		FOX_LM_SEV_WARN, SEQ },
	[FOX_LM_EV_CHARGE_INHIBIT_FULL] = { "charge_inhibit.full",
		"Charge inhibit set at (nearly) full SoC", FOX_LM_SEV_NOTE,
		RSP },
	[FOX_LM_EV_CHARGE_INHIBIT] = { "charge_inhibit",
		"Charge inhibit set well below full SoC", FOX_LM_SEV_WARN,
		RSP },
	[FOX_LM_EV_PACK_ERROR] = { "pack_error",
		"Pack reports an error", FOX_LM_SEV_ERROR, RSP },
	[FOX_LM_EV_ERROR_BITS] = { "error_bits",
		"BMS error-code bits set", FOX_LM_SEV_ERROR, RSP },
	[FOX_LM_EV_ACTIVE_ERROR] = { "active_error",
		"BMS flags an active error", FOX_LM_SEV_ERROR, RSP },
	[FOX_LM_EV_OFFLINE] = { "offline",
		"BMS reports itself off-line", FOX_LM_SEV_WARN, RSP },
	[FOX_LM_EV_PACKS_MISSING] = { "packs_missing",
		"Packs missing from the operational bitmap",
		FOX_LM_SEV_WARN, RSP },
	[FOX_LM_EV_CONTACTOR_OPEN] = { "contactor_open",
		"Contactor open while the link is up", FOX_LM_SEV_WARN, RSP },
	[FOX_LM_EV_CELL_SPREAD] = { "cell_spread",
		"Cell voltage spread above threshold", FOX_LM_SEV_WARN, RSP },
	[FOX_LM_EV_CELL_VOLTAGE] = { "cell_voltage",
		"Cell voltage outside the window", FOX_LM_SEV_WARN, RSP },
	[FOX_LM_EV_TEMPERATURE] = { "temperature",
		"Temperature outside the window", FOX_LM_SEV_WARN, RSP },
	[FOX_LM_EV_CHARGE_OVER_LIMIT] = { "limit.charge_current",
		"Charge current above the advertised limit",
		FOX_LM_SEV_WARN, PRO },
	[FOX_LM_EV_DISCHARGE_OVER_LIMIT] = { "limit.discharge_current",
		"Discharge current above the advertised limit",
		FOX_LM_SEV_WARN, PRO },
	[FOX_LM_EV_VOLTAGE_WINDOW] = { "limit.voltage",
		"Pack voltage outside the advertised window",
		FOX_LM_SEV_WARN, PRO },
	[FOX_LM_EV_SIGN_FLAGS] = { "sign.flags",
		"Current sign contradicts the charging/discharging flags",
		FOX_LM_SEV_WARN, PRO },
	[FOX_LM_EV_SIGN_STATE] = { "sign.state",
		"Current sign contradicts the EP state", FOX_LM_SEV_WARN, PRO },
	[FOX_LM_EV_ENERGY_MISMATCH] = { "energy_mismatch",
		"EP stored energy disagrees with nominal energy x SoC",
		FOX_LM_SEV_WARN, PRO },
	[FOX_LM_EV_POLL_INTERVAL] = { "poll.interval",
		"Main-poll interval far from the expected ~1 s",
		FOX_LM_SEV_WARN, SEQ },
	[FOX_LM_EV_PROTOCOL_MISMATCH] = { "protocol_mismatch",
		"Another battery protocol on the bus while FoxESS polls go "
		"unanswered",
		FOX_LM_SEV_WARN, PRO },
};
/* clang-format on */

const double fox_lm_band_edges[FOX_LM_CURRENT_BANDS - 1] = { 5, 20, 50 };

/*
 * The main reply set as bits: every ID of the table's main-poll replies
 * gets one, in table order (protocol-notes sections 3 and 4).
 */
#define MAIN_SLOTS 64
#define NO_SLOT	   MAIN_SLOTS

struct main_slots {
	uint32_t id[MAIN_SLOTS];
	uint64_t required[FOX_VARIANT_EP + 1]; /* by variant */
	unsigned *base;			       /* per table row */
};

static bool main_slots_init(struct main_slots *ms)
{
	unsigned next = 0;

	ms->base = calloc(fox_n_frames, sizeof(*ms->base));
	if (!ms->base)
		return false;
	for (size_t i = 0; i < fox_n_frames; i++) {
		const struct fox_frame *fr = &fox_frames[i];

		ms->base[i] = NO_SLOT;
		if (fr->answers != FOX_CLASS_MAIN)
			continue;
		ms->base[i] = next;
		for (uint32_t id = fr->id_first;
		     id <= fr->id_last && next < MAIN_SLOTS;
		     id += fr->id_step, next++) {
			ms->id[next] = id;
			for (unsigned v = FOX_VARIANT_H; v <= FOX_VARIANT_EP;
			     v++)
				if (fr->required & (1u << v))
					ms->required[v] |= 1ull << next;
		}
	}
	return true;
}

/* The bit of a main-poll reply, 0 when it has none. */
static uint64_t main_slot_bit(const struct main_slots *ms,
			      const struct fox_decoded *d)
{
	unsigned slot = ms->base[d->frame - fox_frames] + d->index;

	return slot < MAIN_SLOTS ? 1ull << slot : 0;
}

/* The request of one class that replies are currently linked to. */
struct outstanding {
	bool open;
	uint32_t frame;
	double time;
	unsigned replies;
	uint64_t seen;	/* main: main_slot_bit set; bursts: item index */
	int last_index; /* bursts: last item index, -1 = none */
	bool duplicate_raised;
	bool late_raised;
};

struct fox_lm {
	struct fox_lm_config cfg;
	fox_lm_emit_fn emit;
	void *ctx;
	struct main_slots main;
	struct fox_lm_stats st;
	enum fox_variant variant;
	uint32_t frame; /* number of the frame being fed */
	double now;

	struct outstanding req[FOX_CLASS_COUNT];
	bool any_poll, any_answer;
	double prev_poll_time;
	unsigned silent; /* consecutive unanswered main polls */
	uint32_t silent_first_frame;
	double silent_first_time;
	bool outage; /* BMS Lost / never answered raised */

	double link_up_time; /* first answer (after a seen startup) */
	bool startup_seen;   /* the capture shows the link coming up */
	bool link_up;
	bool pack_data_seen, serial_req_seen;
	bool pack_data_raised, serial_raised;
	bool mismatch_raised;
	unsigned cellv_frames_max, temps_frames_max;

	/* Latest values (valid when *_seen) */
	bool have_pack, have_limits;
	bool packs_missing; /* the last 0x1875 bitmap lacks packs */
	double soc, voltage, current, nominal_kwh;
	double vmax, vmin, chg_max, dis_max;
	bool inhibit;
	double inhibit_since;
	double band_since;
	int band;
};

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
}

struct fox_lm *fox_lm_new(const struct fox_lm_config *cfg, fox_lm_emit_fn emit,
			  void *ctx)
{
	struct fox_lm *lm = calloc(1, sizeof(*lm));

	if (!lm)
		return NULL;
	lm->st.resp_hist = calloc(FOX_LM_RESP_BINS, sizeof(*lm->st.resp_hist));
	if (!lm->st.resp_hist || !main_slots_init(&lm->main)) {
		fox_lm_free(lm);
		return NULL;
	}
	lm->cfg = *cfg;
	if (lm->cfg.lost_polls == 0)
		lm->cfg.lost_polls = 1;
	lm->emit = emit;
	lm->ctx = ctx;
	lm->variant = cfg->variant;
	lm->band = -1;
	return lm;
}

void fox_lm_free(struct fox_lm *lm)
{
	if (!lm)
		return;
	free(lm->main.base);
	free(lm->st.resp_hist);
	free(lm);
}

const struct fox_lm_stats *fox_lm_stats(const struct fox_lm *lm)
{
	return &lm->st;
}

enum fox_variant fox_lm_variant(const struct fox_lm *lm)
{
	return lm->variant;
}

/* Events ----------------------------------------------------------------- */

static struct fox_lm_event *event_init(struct fox_lm *lm,
				       struct fox_lm_event *ev,
				       enum fox_lm_event_type type,
				       uint32_t about)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = type;
	ev->at_frame = lm->frame;
	ev->about_frame = about ? about : lm->frame;
	return ev;
}

static void event_send(struct fox_lm *lm, struct fox_lm_event *ev)
{
	lm->st.event_counts[ev->type]++;
	if (lm->emit)
		lm->emit(lm->ctx, ev);
}

static void emit_simple(struct fox_lm *lm, enum fox_lm_event_type type,
			double value, double limit, const char *detail)
{
	struct fox_lm_event ev;

	event_init(lm, &ev, type, 0);
	ev.value = value;
	ev.limit = limit;
	if (detail)
		snprintf(ev.detail, sizeof(ev.detail), "%s", detail);
	event_send(lm, &ev);
}

/* A condition is reported on every frame that shows it. */
static void condition(struct fox_lm *lm, bool holds,
		      enum fox_lm_event_type type, double value, double limit,
		      const char *detail)
{
	if (holds)
		emit_simple(lm, type, value, limit, detail);
}

/* The link is up and its startup (contactor closing) should be over. */
static bool after_startup(const struct fox_lm *lm)
{
	return lm->link_up &&
	       lm->now - lm->link_up_time >= lm->cfg.startup_deadline;
}

static void minmax(struct fox_lm_minmax *m, double v)
{
	if (!m->seen || v < m->min)
		m->min = v;
	if (!m->seen || v > m->max)
		m->max = v;
	m->seen = true;
}

static int current_band(double current)
{
	double a = fabs(current);
	int b = 0;

	while (b < FOX_LM_CURRENT_BANDS - 1 && a >= fox_lm_band_edges[b])
		b++;
	return b;
}

/* Time accounting up to now: charge-inhibit time, time per current band. */
static void account_time(struct fox_lm *lm)
{
	if (lm->inhibit) {
		lm->st.inhibit_time += lm->now - lm->inhibit_since;
		lm->inhibit_since = lm->now;
	}
	if (lm->band >= 0) {
		lm->st.band_time[lm->band] += lm->now - lm->band_since;
		lm->band_since = lm->now;
	}
}

/* Main polls and the link state ----------------------------------------- */

static void list_missing(const struct main_slots *ms, uint64_t missing,
			 char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned bit = 0; bit < MAIN_SLOTS && n + 8 < size; bit++) {
		if (!(missing >> bit & 1))
			continue;
		n += (size_t)snprintf(buf + n, size - n, "%s0x%04X",
				      n ? " " : "", ms->id[bit]);
	}
}

/*
 * Response times are kept as a histogram with bins 0.05 % wide from 1 us
 * up (the last bin holds everything above ~13 s), so percentiles are good
 * to 0.025 % in fixed memory.
 */
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

static void record_response(struct fox_lm *lm, double rt)
{
	struct fox_lm_stats *st = &lm->st;

	st->resp_hist[resp_bin(rt)]++;
	st->n_resp++;
	if (st->n_resp == 1 || rt < st->resp_min)
		st->resp_min = rt;
	if (st->n_resp == 1 || rt > st->resp_max)
		st->resp_max = rt;
	st->resp_sum += rt;
}

static struct fox_lm_episode *current_episode(struct fox_lm *lm)
{
	unsigned n = lm->st.n_episodes;

	if (n == 0 || n > FOX_LM_MAX_EPISODES)
		return NULL;
	return &lm->st.episodes[n - 1];
}

static bool foreign_seen(const struct fox_lm *lm)
{
	return lm->st.pylontech_frames || lm->st.dialect_frames;
}

/* The main poll p got no reply: count it, and declare BMS Lost when it is
 * the lost_polls-th in a row. */
static void poll_unanswered(struct fox_lm *lm, const struct outstanding *p)
{
	struct fox_lm_event ev;

	lm->st.polls_unanswered++;
	if (lm->silent++ == 0) {
		lm->silent_first_frame = p->frame;
		lm->silent_first_time = p->time;
	}
	event_init(lm, &ev, FOX_LM_EV_POLL_UNANSWERED, p->frame);
	ev.value = lm->silent;
	event_send(lm, &ev);

	if (lm->silent == lm->cfg.lost_polls) {
		struct fox_lm_episode *e;

		event_init(lm, &ev,
			   lm->any_answer ? FOX_LM_EV_BMS_LOST :
					    FOX_LM_EV_NEVER_ANSWERED,
			   p->frame);
		ev.ref_frame = lm->silent_first_frame;
		ev.value = lm->silent;
		ev.limit = p->time - lm->silent_first_time;
		ev.extra = lm->have_pack ? lm->soc : -1;
		event_send(lm, &ev);
		lm->outage = true;
		if (lm->st.n_episodes++ < FOX_LM_MAX_EPISODES) {
			e = current_episode(lm);
			memset(e, 0, sizeof(*e));
			e->start = lm->silent_first_time;
			e->frame = lm->silent_first_frame;
			e->ongoing = true;
			e->never_answered = !lm->any_answer;
		}
		lm->link_up = false;
	}
	if (lm->silent >= lm->cfg.lost_polls && foreign_seen(lm) &&
	    !lm->mismatch_raised) {
		event_init(lm, &ev, FOX_LM_EV_PROTOCOL_MISMATCH, p->frame);
		snprintf(ev.detail, sizeof(ev.detail), "%s",
			 lm->st.pylontech_frames ? "Pylontech" :
						   lm->st.dialect);
		ev.value = (double)(lm->st.pylontech_frames +
				    lm->st.dialect_frames);
		event_send(lm, &ev);
		lm->mismatch_raised = true;
	}
}

static void close_main(struct fox_lm *lm)
{
	struct outstanding *p = &lm->req[FOX_CLASS_MAIN];
	uint64_t want, missing;

	if (!p->open)
		return;
	p->open = false;
	if (p->replies == 0) {
		poll_unanswered(lm, p);
		return;
	}
	/* Completeness needs the variant: the EP set is larger. */
	if (lm->variant == FOX_VARIANT_UNKNOWN)
		return;
	want = lm->main.required[lm->variant];
	missing = want & ~p->seen;
	if (missing) {
		struct fox_lm_event ev;

		event_init(lm, &ev, FOX_LM_EV_BURST_INCOMPLETE, p->frame);
		list_missing(&lm->main, missing, ev.detail, sizeof(ev.detail));
		ev.value = __builtin_popcountll(missing);
		event_send(lm, &ev);
	}
}

static void startup_checks(struct fox_lm *lm)
{
	double up;

	if (!lm->link_up)
		return;
	up = lm->now - lm->link_up_time;
	if (up < lm->cfg.startup_deadline)
		return;
	if (!lm->pack_data_seen && !lm->pack_data_raised) {
		lm->pack_data_raised = true;
		emit_simple(lm, FOX_LM_EV_PACK_DATA_MISSING, up,
			    (double)lm->st.requests[FOX_CLASS_PACK_DATA], NULL);
	}
	if (lm->startup_seen && !lm->serial_req_seen && !lm->serial_raised) {
		lm->serial_raised = true;
		emit_simple(lm, FOX_LM_EV_SERIAL_MISSING, up, 0, NULL);
	}
}

static void main_poll(struct fox_lm *lm)
{
	close_main(lm);
	if (lm->any_poll) {
		double dt = lm->now - lm->prev_poll_time;

		condition(lm,
			  dt < lm->cfg.poll_interval_min ||
				  dt > lm->cfg.poll_interval_max,
			  FOX_LM_EV_POLL_INTERVAL, dt,
			  dt < lm->cfg.poll_interval_min ?
				  lm->cfg.poll_interval_min :
				  lm->cfg.poll_interval_max,
			  NULL);
	}
	lm->any_poll = true;
	lm->prev_poll_time = lm->now;
	startup_checks(lm);
}

/* The first reply to main poll p. */
static void poll_answered(struct fox_lm *lm, struct outstanding *p)
{
	struct fox_lm_event ev;
	double rt = lm->now - p->time;

	lm->st.polls_answered++;
	record_response(lm, rt);
	event_init(lm, &ev, FOX_LM_EV_POLL_ANSWERED, 0);
	ev.ref_frame = p->frame;
	ev.value = rt;
	event_send(lm, &ev);

	if (lm->outage) {
		struct fox_lm_episode *e = current_episode(lm);

		event_init(lm, &ev, FOX_LM_EV_LINK_RESTORED, 0);
		ev.ref_frame = lm->silent_first_frame;
		ev.value = lm->now - lm->silent_first_time;
		ev.limit = lm->silent;
		event_send(lm, &ev);
		if (e) {
			e->duration = ev.value;
			e->ongoing = false;
		}
		lm->outage = false;
	}
	if (!lm->link_up) {
		/* Silent polls before this answer: the capture shows the
		 * link coming up, so the startup sequence must follow. */
		if (lm->silent > 0)
			lm->startup_seen = true;
		lm->link_up = true;
		lm->link_up_time = p->time;
	}
	lm->any_answer = true;
	lm->silent = 0;
}

/* Value checks ----------------------------------------------------------- */

static const struct fox_value *get(const struct fox_decoded *d,
				   const char *abbrev)
{
	return fox_decoded_get(d, abbrev, 0);
}

static bool getv(const struct fox_decoded *d, const char *abbrev, double *v)
{
	const struct fox_value *fv = get(d, abbrev);

	if (fv)
		*v = fv->value;
	return fv != NULL;
}

static void check_limits_frame(struct fox_lm *lm, const struct fox_decoded *d)
{
	lm->have_limits =
		getv(d, "foxess.limits.voltage_max", &lm->vmax) &&
		getv(d, "foxess.limits.voltage_min", &lm->vmin) &&
		getv(d, "foxess.limits.charge_current_max", &lm->chg_max) &&
		getv(d, "foxess.limits.discharge_current_max", &lm->dis_max);
}

static void check_pack_frame(struct fox_lm *lm, const struct fox_decoded *d)
{
	double v, i, soc, nominal;
	int band;

	if (!getv(d, "foxess.pack.voltage", &v) ||
	    !getv(d, "foxess.pack.current", &i) ||
	    !getv(d, "foxess.pack.soc", &soc))
		return;
	account_time(lm);
	lm->have_pack = true;
	lm->voltage = v;
	lm->current = i;
	lm->soc = soc;
	if (getv(d, "foxess.pack.energy_nominal", &nominal))
		lm->nominal_kwh = nominal;
	minmax(&lm->st.voltage, v);
	minmax(&lm->st.current, i);
	minmax(&lm->st.soc, soc);
	band = current_band(i);
	if (band != lm->band) {
		lm->band = band;
		lm->band_since = lm->now;
	}
	if (!lm->have_limits)
		return;
	condition(lm, i > lm->chg_max + lm->cfg.current_margin,
		  FOX_LM_EV_CHARGE_OVER_LIMIT, i, lm->chg_max, NULL);
	condition(lm, -i > lm->dis_max + lm->cfg.current_margin,
		  FOX_LM_EV_DISCHARGE_OVER_LIMIT, -i, lm->dis_max, NULL);
	condition(lm,
		  v > lm->vmax || v<lm->vmin, FOX_LM_EV_VOLTAGE_WINDOW, v, v> lm
					  ->vmax ?
			  lm->vmax :
			  lm->vmin,
		  v > lm->vmax ? "above the maximum" : "below the minimum");
}

static void check_temps(struct fox_lm *lm, double tmax, double tmin)
{
	bool high = tmax > lm->cfg.temp_max, low = tmin < lm->cfg.temp_min;

	minmax(&lm->st.temp, tmax);
	minmax(&lm->st.temp, tmin);
	condition(lm, high || low, FOX_LM_EV_TEMPERATURE, high ? tmax : tmin,
		  high ? lm->cfg.temp_max : lm->cfg.temp_min,
		  high ? "above the maximum" : "below the minimum");
}

/* 0x0C05..: per-pack temperatures. */
static void check_module_frame(struct fox_lm *lm, const struct fox_decoded *d)
{
	double tmax, tmin;

	if (getv(d, "foxess.module.temp_max", &tmax) &&
	    getv(d, "foxess.module.temp_min", &tmin))
		check_temps(lm, tmax, tmin);
}

static void check_status_frame(struct fox_lm *lm, const struct fox_decoded *d)
{
	const struct fox_value *bitmap = get(d, "foxess.status.packs_ok");
	const struct fox_value *count = get(d, "foxess.status.pack_count");
	const struct fox_value *contactor = get(d, "foxess.status.contactor");

	if (bitmap && count) {
		unsigned n = (unsigned)count->raw;
		uint8_t want, missing;
		char names[FOX_LM_DETAIL_MAX];
		size_t len = 0;

		if (n > FOX_LM_MAX_PACKS)
			n = FOX_LM_MAX_PACKS;
		lm->st.pack_count = n;
		want = (uint8_t)((1u << n) - 1);
		missing = want & (uint8_t)~bitmap->raw;
		names[0] = '\0';
		for (unsigned k = 0; k < n; k++)
			if (missing >> k & 1)
				len += (size_t)snprintf(
					names + len, sizeof(names) - len,
					"%s%u", len ? ", " : "", k + 1);
		lm->packs_missing = missing != 0;
		condition(lm, missing != 0, FOX_LM_EV_PACKS_MISSING,
			  __builtin_popcount(missing), n, names);
	}
	if (contactor)
		condition(lm, contactor->raw == 0 && after_startup(lm),
			  FOX_LM_EV_CONTACTOR_OPEN, lm->now - lm->link_up_time,
			  0, NULL);
}

static void check_cells_frame(struct fox_lm *lm, const struct fox_decoded *d)
{
	const struct fox_value *inhibit = get(d, "foxess.cells.charge_inhibit");
	double cmax, cmin;

	if (inhibit) {
		bool set = inhibit->raw != 0;
		double soc = lm->have_pack ? lm->soc : -1;

		account_time(lm);
		condition(lm, set,
			  soc >= lm->cfg.inhibit_warn_soc ?
				  FOX_LM_EV_CHARGE_INHIBIT_FULL :
				  FOX_LM_EV_CHARGE_INHIBIT,
			  soc, lm->cfg.inhibit_warn_soc, NULL);
		if (set && !lm->inhibit)
			lm->inhibit_since = lm->now;
		lm->inhibit = set;
	}
	if (getv(d, "foxess.cells.voltage_max", &cmax) &&
	    getv(d, "foxess.cells.voltage_min", &cmin)) {
		double spread = cmax - cmin;
		bool high = cmax > lm->cfg.cell_max_mv;
		bool low = cmin < lm->cfg.cell_min_mv;

		minmax(&lm->st.cell_mv, cmax);
		minmax(&lm->st.cell_mv, cmin);
		if (spread > lm->st.worst_spread_mv) {
			lm->st.worst_spread_mv = spread;
			lm->st.worst_spread_frame = lm->frame;
		}
		condition(lm, spread > lm->cfg.cell_spread_mv,
			  FOX_LM_EV_CELL_SPREAD, spread, lm->cfg.cell_spread_mv,
			  NULL);
		condition(lm, high || low, FOX_LM_EV_CELL_VOLTAGE,
			  high ? cmax : cmin,
			  high ? lm->cfg.cell_max_mv : lm->cfg.cell_min_mv,
			  high ? "above the maximum" : "below the minimum");
	}
}

static void check_info_frame(struct fox_lm *lm, const struct fox_decoded *d)
{
	const struct fox_value *err = get(d, "foxess.info.pack_error");
	const struct fox_value *addr = get(d, "foxess.info.address");
	const struct fox_value *type = get(d, "foxess.info.battery_type");
	const struct fox_value *fw = get(d, "foxess.info.firmware");
	unsigned slot;
	char who[16];

	if (!err || !addr)
		return;
	/* Record address 0x01 = BMS master, 0x10 * n = pack n. */
	slot = addr->raw == 0x01 ? 0 : (unsigned)addr->raw >> 4;
	if (slot > FOX_LM_MAX_PACKS || (slot && (addr->raw & 0x0F)))
		return;
	if (type && fw) {
		struct fox_lm_record *r = &lm->st.records[slot];

		r->seen = true;
		r->type_code = (uint8_t)type->raw;
		snprintf(r->firmware, sizeof(r->firmware), "%s", fw->text);
	}
	if (slot)
		snprintf(who, sizeof(who), "pack %u", slot);
	else
		snprintf(who, sizeof(who), "BMS master");
	condition(lm, err->raw != 0, FOX_LM_EV_PACK_ERROR, (double)err->raw,
		  slot, who);
}

static void check_sign(struct fox_lm *lm, enum fox_lm_event_type type,
		       bool charging, bool discharging, const char *what)
{
	double i = lm->current, db = lm->cfg.current_deadband;
	bool wrong = (charging && i < -db) || (discharging && i > db);

	condition(lm, lm->have_pack && wrong, type, i, 0, what);
}

static void check_state_frame(struct fox_lm *lm, const struct fox_decoded *d)
{
	const struct fox_value *bits, *status, *chg, *dis, *active;

	/* These are H-series meanings: on EP the bytes are counters. */
	if (lm->variant != FOX_VARIANT_H)
		return;
	bits = get(d, "foxess.state.error_code");
	status = get(d, "foxess.flags.status");
	chg = get(d, "foxess.flags.charging");
	dis = get(d, "foxess.flags.discharging");
	active = get(d, "foxess.flags.active_error");
	if (bits) {
		char hex[8];

		snprintf(hex, sizeof(hex), "0x%02X", (unsigned)bits->raw);
		condition(lm, bits->raw != 0, FOX_LM_EV_ERROR_BITS,
			  (double)bits->raw, 0, hex);
	}
	if (active)
		condition(lm, active->raw != 0, FOX_LM_EV_ACTIVE_ERROR,
			  (double)active->raw, 0, NULL);
	/* The BMS reports off-line until its contactor closes at startup. */
	if (status)
		condition(lm, status->raw == 6 && after_startup(lm),
			  FOX_LM_EV_OFFLINE, (double)status->raw, 0, NULL);
	if (chg && dis)
		check_sign(lm, FOX_LM_EV_SIGN_FLAGS, chg->raw && !dis->raw,
			   dis->raw && !chg->raw,
			   chg->raw ? "charging" : "discharging");
}

/* EP 0x187B byte 1: 1 charging, 2 discharging (native order). */
static void check_ep_state(struct fox_lm *lm, const struct fox_decoded *d)
{
	const struct fox_value *state = get(d, "foxess.ep_health.state");

	if (!state || lm->variant != FOX_VARIANT_EP)
		return;
	check_sign(lm, FOX_LM_EV_SIGN_STATE, state->raw == 1, state->raw == 2,
		   state->raw == 1 ? "charging" : "discharging");
}

/* EP 0x1903: stored energy = nominal x SoC (protocol-notes section 4). */
static void check_ep_energy(struct fox_lm *lm, const struct fox_decoded *d)
{
	double stored, expect, tol;

	if (lm->variant != FOX_VARIANT_EP || !lm->have_pack ||
	    lm->nominal_kwh <= 0 ||
	    !getv(d, "foxess.ep_stored.energy", &stored))
		return;
	expect = lm->nominal_kwh * lm->soc / 100.0;
	/* The native value is floored to 0.1 kWh: allow that step too. */
	tol = lm->nominal_kwh * lm->cfg.energy_tolerance / 100.0 + 0.1;
	condition(lm, fabs(stored - expect) > tol, FOX_LM_EV_ENERGY_MISMATCH,
		  stored, expect, NULL);
}

static void check_temps_frame(struct fox_lm *lm, const struct fox_decoded *d)
{
	double tmax, tmin;

	if (getv(d, "foxess.temps.max", &tmax) &&
	    getv(d, "foxess.temps.min", &tmin))
		check_temps(lm, tmax, tmin);
}

/* The checks of each main-poll reply, by the table's frame key. */
static const struct {
	const char *key;
	void (*check)(struct fox_lm *lm, const struct fox_decoded *d);
} main_checks[] = {
	{ "limits", check_limits_frame }, { "pack", check_pack_frame },
	{ "temps", check_temps_frame },	  { "status", check_status_frame },
	{ "cells", check_cells_frame },	  { "info", check_info_frame },
	{ "state", check_state_frame },	  { "ep_health", check_ep_state },
	{ "ep_stored", check_ep_energy },
};

static void check_main_values(struct fox_lm *lm, const struct fox_decoded *d)
{
	for (size_t i = 0; i < sizeof(main_checks) / sizeof(main_checks[0]);
	     i++) {
		if (strcmp(d->frame->key, main_checks[i].key) == 0) {
			main_checks[i].check(lm, d);
			return;
		}
	}
}

static void serial_part(struct fox_lm *lm, const struct fox_decoded *d)
{
	const struct fox_value *owner = get(d, "foxess.serial.owner");
	const struct fox_value *frag = get(d, "foxess.serial.fragment");
	char *s;

	if (!owner || !frag || owner->raw > FOX_LM_MAX_PACKS || d->index > 2)
		return;
	s = lm->st.serials[owner->raw];
	/* Parts arrive in order; a short part (NUL padding) leaves the
	 * rest of its 7 characters empty. */
	if (d->index == 0)
		memset(s, 0, FOX_LM_SERIAL_LEN + 1);
	memcpy(s + 7 * d->index, frag->text, strnlen(frag->text, 7));
}

/* Replies ---------------------------------------------------------------- */

/* Bursts of numbered items (cell voltages, temperatures): name gaps. */
static void burst_item(struct fox_lm *lm, struct outstanding *p, unsigned index,
		       unsigned per_frame, const char *what)
{
	int expect = p->last_index + 1;

	/* Missing packs send no cells or temperatures: gaps then are the
	 * packs_missing diagnosis, not lost frames. */
	if ((int)index > expect && !lm->packs_missing) {
		char detail[FOX_LM_DETAIL_MAX];
		struct fox_lm_event ev;

		snprintf(detail, sizeof(detail), "%s %u-%u", what,
			 expect * per_frame + 1, index * per_frame);
		event_init(lm, &ev, FOX_LM_EV_ITEM_GAP, 0);
		ev.ref_frame = p->frame;
		ev.value = index - expect;
		snprintf(ev.detail, sizeof(ev.detail), "%s", detail);
		event_send(lm, &ev);
	}
	if ((int)index > p->last_index)
		p->last_index = (int)index;
}

static void reply(struct fox_lm *lm, const struct fox_lm_frame *f,
		  const struct fox_decoded *d, struct fox_lm_link *link)
{
	enum fox_class c = d->frame ? d->frame->answers : FOX_CLASS_NONE;
	struct outstanding *p = &lm->req[c];

	link->class = c;
	if (c == FOX_CLASS_NONE)
		return;
	if (c == FOX_CLASS_PACK_DATA)
		lm->pack_data_seen = true;
	/* Replies before the first request of the capture answer a request
	 * we did not see. */
	if (p->frame == 0)
		return;
	if (!p->open || lm->now - p->time > lm->cfg.reply_window) {
		if (c == FOX_CLASS_MAIN && p->replies == 0 && !p->late_raised) {
			p->late_raised = true;
			lm->st.late_replies++;
			emit_simple(lm, FOX_LM_EV_LATE_REPLY, lm->now - p->time,
				    lm->cfg.reply_window, NULL);
		}
		return;
	}
	link->request_frame = p->frame;
	link->response_time = lm->now - p->time;
	if (c == FOX_CLASS_MAIN) {
		uint64_t bit = main_slot_bit(&lm->main, d);

		if ((p->seen & bit) && !p->duplicate_raised) {
			struct fox_lm_event ev;

			p->duplicate_raised = true;
			event_init(lm, &ev, FOX_LM_EV_DUPLICATE_BURST, 0);
			ev.ref_frame = p->frame;
			snprintf(ev.detail, sizeof(ev.detail), "0x%04X", f->id);
			event_send(lm, &ev);
		}
		p->seen |= bit;
		if (p->replies++ == 0)
			poll_answered(lm, p);
		/* A short frame still arrived; its values are incomplete. */
		if (d->frame && d->status == FOX_OK)
			check_main_values(lm, d);
		return;
	}
	p->replies++;
	if (d->status != FOX_OK)
		return;
	if (c == FOX_CLASS_CELL_VOLTAGES && d->frame &&
	    d->frame->index == FOX_IDX_ITEMS)
		burst_item(lm, p, d->index, d->frame->per_frame, "cells");
	else if (c == FOX_CLASS_CELL_TEMPS && d->frame &&
		 d->frame->index == FOX_IDX_ITEMS)
		burst_item(lm, p, d->index, d->frame->per_frame, "sensors");
	else if (c == FOX_CLASS_SERIAL && d->frame)
		serial_part(lm, d);
	else if (c == FOX_CLASS_PACK_DATA && d->frame)
		check_module_frame(lm, d);
}

static void request(struct fox_lm *lm, const struct fox_lm_frame *f,
		    struct fox_lm_link *link)
{
	enum fox_class c = fox_request_class(f->data, f->len);
	struct outstanding *p = &lm->req[c];

	link->class = c;
	link->is_request = true;
	lm->st.requests[c]++;
	if (c == FOX_CLASS_NONE)
		return;
	if (c == FOX_CLASS_MAIN)
		main_poll(lm);
	if (c == FOX_CLASS_SERIAL)
		lm->serial_req_seen = true;
	memset(p, 0, sizeof(*p));
	p->open = true;
	p->frame = f->number;
	p->time = lm->now;
	p->last_index = -1;
}

/* Frames of another protocol or dialect: the table names them. */
static bool foreign(struct fox_lm *lm, const struct fox_lm_frame *f)
{
	const struct fox_frame *fr;

	fr = fox_frame_find(FOX_PROTO_PYLONTECH, f->id, f->extended, NULL);
	if (fr) {
		lm->st.pylontech_frames++;
		return true;
	}
	fr = fox_frame_find(FOX_PROTO_FOXESS, f->id, f->extended, NULL);
	if (fr && fr->dialect) {
		lm->st.dialect_frames++;
		lm->st.dialect = fr->dialect;
		return true;
	}
	return !fr;
}

static void error_frame(struct fox_lm *lm)
{
	lm->st.error_frames++;
	if (lm->band >= 0)
		lm->st.band_errors[lm->band]++;
}

void fox_lm_feed(struct fox_lm *lm, const struct fox_lm_frame *f,
		 struct fox_lm_link *link)
{
	struct fox_lm_link scratch;
	struct fox_decoded d;
	enum fox_variant cue;

	if (!link)
		link = &scratch;
	memset(link, 0, sizeof(*link));
	lm->frame = f->number;
	if (!lm->st.any_frame) {
		lm->st.any_frame = true;
		lm->st.first_time = f->time;
		lm->now = f->time;
	}
	if (f->time > lm->now)
		lm->now = f->time;
	lm->st.last_time = lm->now;
	lm->st.frames++;
	link->variant = lm->variant;

	/* The reply window closes at the next poll or when it expires,
	 * whichever comes first; any later frame tells it expired. */
	if (lm->req[FOX_CLASS_MAIN].open &&
	    lm->now - lm->req[FOX_CLASS_MAIN].time > lm->cfg.reply_window)
		close_main(lm);
	if (f->error) {
		error_frame(lm);
		return;
	}
	if (foreign(lm, f))
		return;
	lm->st.foxess_frames++;
	if (lm->cfg.variant == FOX_VARIANT_UNKNOWN) {
		cue = fox_variant_cue(f->id, f->data, f->len);
		if (cue != FOX_VARIANT_UNKNOWN)
			lm->variant = cue;
	}
	link->variant = lm->variant;
	fox_decode(FOX_PROTO_FOXESS, f->id, true, f->data, f->len, lm->variant,
		   &d);
	if (d.frame && d.frame->dir == FOX_DIR_INVERTER_TO_BMS &&
	    !d.frame->dialect) {
		if (d.status != FOX_SHORT)
			request(lm, f, link);
		return;
	}
	reply(lm, f, &d, link);
}

void fox_lm_finish(struct fox_lm *lm)
{
	struct fox_lm_episode *e;

	account_time(lm);
	if (lm->req[FOX_CLASS_MAIN].open &&
	    lm->req[FOX_CLASS_MAIN].replies == 0) {
		lm->st.polls_pending++;
		lm->req[FOX_CLASS_MAIN].open = false;
	}
	e = current_episode(lm);
	if (e && e->ongoing)
		e->duration = lm->now - e->start;
}

double fox_lm_response_percentile(const struct fox_lm *lm, double p)
{
	const struct fox_lm_stats *st = &lm->st;
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

/* Descriptions --------------------------------------------------------------
 */

/* Expert infos hold 240 characters: the advice is the short form of
 * seed 000 (BMS Lost) and seed 001 layers 1-2; docs/diagnostics.md has
 * the full text. */
static const char advice_lost[] =
	"Reseat the cable at both ends (BMS port), check the DIP switch, "
	"power-cycle: AC off, battery off, 2 min, battery on, AC on. Do not "
	"open the battery";

static const char advice_never[] =
	"Check the inverter's battery-protocol setting, BMS port, DIP "
	"switch, 500 kbit/s, 60 ohm termination";

static const char *sign_note =
	"(a genuine FoxESS BMS sends + = charging; some emulators send the "
	"opposite)";

size_t fox_lm_event_describe(const struct fox_lm_event *ev,
			     const struct fox_lm_config *cfg, char *buf,
			     size_t size)
{
	double ms = 1000.0 * ev->value;
	char soc[64];
	int n = 0;

	switch (ev->type) {
	case FOX_LM_EV_POLL_ANSWERED:
		n = snprintf(buf, size,
			     "Main poll in frame %u answered after "
			     "%.1f ms",
			     ev->ref_frame, ms);
		break;
	case FOX_LM_EV_POLL_UNANSWERED:
		n = snprintf(buf, size,
			     "Main poll in frame %u got no reply "
			     "within %.0f ms (%.0f in a row)",
			     ev->about_frame, 1000.0 * cfg->reply_window,
			     ev->value);
		break;
	case FOX_LM_EV_LATE_REPLY:
		n = snprintf(buf, size,
			     "Reply %.0f ms after its main poll, "
			     "outside the %.0f ms reply window",
			     ms, 1000.0 * ev->limit);
		break;
	case FOX_LM_EV_BMS_LOST:
		if (ev->extra < 0)
			snprintf(soc, sizeof(soc), "none seen");
		else
			snprintf(soc, sizeof(soc), "%.0f %%%s", ev->extra,
				 ev->extra <= 10 ? " (low: BMS may be asleep)" :
						   "");
		n = snprintf(buf, size,
			     "BMS Lost: %.0f polls unanswered since "
			     "frame %u (%.1f s); last SoC %s. %s",
			     ev->value, ev->ref_frame, ev->limit, soc,
			     advice_lost);
		break;
	case FOX_LM_EV_NEVER_ANSWERED:
		n = snprintf(buf, size,
			     "BMS never answered: %.0f polls from "
			     "frame %u (%.1f s). %s",
			     ev->value, ev->ref_frame, ev->limit, advice_never);
		break;
	case FOX_LM_EV_LINK_RESTORED:
		n = snprintf(buf, size,
			     "BMS link restored after %.1f s (%.0f "
			     "polls unanswered from frame %u)",
			     ev->value, ev->limit, ev->ref_frame);
		break;
	case FOX_LM_EV_BURST_INCOMPLETE:
		n = snprintf(buf, size,
			     "Reply to the main poll in frame %u "
			     "lacks %s",
			     ev->about_frame, ev->detail);
		break;
	case FOX_LM_EV_DUPLICATE_BURST:
		n = snprintf(buf, size,
			     "Second %s in the reply to the poll in "
			     "frame %u: two responders (two BMS or an ID "
			     "conflict; check the DIP addresses)",
			     ev->detail, ev->ref_frame);
		break;
	case FOX_LM_EV_ITEM_GAP:
		n = snprintf(buf, size,
			     "Burst for the request in frame %u "
			     "skips %s",
			     ev->ref_frame, ev->detail);
		break;
	case FOX_LM_EV_PACK_DATA_MISSING:
		n = snprintf(buf, size,
			     "No pack data (0x0C05..) %.0f s after "
			     "the link came up (%.0f pack-data requests): the "
			     "BMS closes its contactor only after sending all "
			     "pack data",
			     ev->value, ev->limit);
		break;
	case FOX_LM_EV_SERIAL_MISSING:
		n = snprintf(buf, size,
			     "No serial-number request %.0f s after "
			     "the link came up",
			     ev->value);
		break;
	case FOX_LM_EV_CHARGE_INHIBIT_FULL:
		n = snprintf(buf, size,
			     "Charge inhibit set at SoC %.0f %% "
			     "(expected when full)",
			     ev->value);
		break;
	case FOX_LM_EV_CHARGE_INHIBIT:
		if (ev->value < 0)
			n = snprintf(buf, size,
				     "Charge inhibit set (no SoC seen "
				     "yet): the BMS forbids charging");
		else
			n = snprintf(buf, size,
				     "Charge inhibit set at SoC "
				     "%.0f %%, below %.0f %%: the BMS forbids "
				     "charging",
				     ev->value, ev->limit);
		break;
	case FOX_LM_EV_PACK_ERROR:
		n = snprintf(buf, size, "Pack error 0x%02X reported for %s",
			     (unsigned)ev->value, ev->detail);
		break;
	case FOX_LM_EV_ERROR_BITS:
		n = snprintf(buf, size,
			     "BMS error-code bits %s set (0x03: pack "
			     "communication error)",
			     ev->detail);
		break;
	case FOX_LM_EV_ACTIVE_ERROR:
		n = snprintf(buf, size, "BMS flags an active error");
		break;
	case FOX_LM_EV_OFFLINE:
		n = snprintf(buf, size, "BMS reports itself off-line");
		break;
	case FOX_LM_EV_PACKS_MISSING:
		n = snprintf(buf, size,
			     "Pack%s %s missing from the operational "
			     "bitmap (%.0f packs configured)",
			     ev->value > 1 ? "s" : "", ev->detail, ev->limit);
		break;
	case FOX_LM_EV_CONTACTOR_OPEN:
		n = snprintf(buf, size,
			     "Contactor open %.0f s after the link "
			     "came up",
			     ev->value);
		break;
	case FOX_LM_EV_CELL_SPREAD:
		n = snprintf(buf, size,
			     "Cell spread %.0f mV (max - min) above "
			     "%.0f mV: imbalance",
			     ev->value, ev->limit);
		break;
	case FOX_LM_EV_CELL_VOLTAGE:
		n = snprintf(buf, size, "Cell voltage %.0f mV %s of %.0f mV",
			     ev->value, ev->detail, ev->limit);
		break;
	case FOX_LM_EV_TEMPERATURE:
		n = snprintf(buf, size, "Temperature %.1f degC %s of %.1f degC",
			     ev->value, ev->detail, ev->limit);
		break;
	case FOX_LM_EV_CHARGE_OVER_LIMIT:
		n = snprintf(buf, size,
			     "Charge current %.1f A above the "
			     "advertised limit %.1f A",
			     ev->value, ev->limit);
		break;
	case FOX_LM_EV_DISCHARGE_OVER_LIMIT:
		n = snprintf(buf, size,
			     "Discharge current %.1f A above the "
			     "advertised limit %.1f A",
			     ev->value, ev->limit);
		break;
	case FOX_LM_EV_VOLTAGE_WINDOW:
		n = snprintf(buf, size,
			     "Pack voltage %.1f V %s %.1f V of the "
			     "advertised window",
			     ev->value, ev->detail, ev->limit);
		break;
	case FOX_LM_EV_SIGN_FLAGS:
		n = snprintf(buf, size,
			     "Pack current %+.1f A contradicts the "
			     "%s flag %s",
			     ev->value, ev->detail, sign_note);
		break;
	case FOX_LM_EV_SIGN_STATE:
		n = snprintf(buf, size,
			     "Pack current %+.1f A contradicts the "
			     "EP state \"%s\" %s",
			     ev->value, ev->detail, sign_note);
		break;
	case FOX_LM_EV_ENERGY_MISMATCH:
		n = snprintf(buf, size,
			     "EP stored energy %.1f kWh, but nominal "
			     "energy x SoC = %.2f kWh",
			     ev->value, ev->limit);
		break;
	case FOX_LM_EV_POLL_INTERVAL:
		n = snprintf(buf, size,
			     "Main-poll interval %.2f s (expected "
			     "~1 s, limit %.2f s)",
			     ev->value, ev->limit);
		break;
	case FOX_LM_EV_PROTOCOL_MISMATCH:
		n = snprintf(buf, size,
			     "%s frames on the bus while FoxESS polls "
			     "go unanswered: check the inverter's "
			     "battery-protocol setting, it must match the "
			     "protocol the BMS speaks",
			     ev->detail);
		break;
	case FOX_LM_EV_COUNT:
		break;
	}
	return n < 0 ? 0 : (size_t)n;
}
