// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The link state of the bus engine: which request each reply answers,
 * main polls answered or not, BMS Lost episodes, reply-set completeness,
 * bursts with gaps, and the startup sequence (protocol-notes sections 2,
 * 3 and 6).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine-internal.h"

struct main_slots *main_slots_new(void)
{
	struct main_slots *ms;
	unsigned next = 0;

	ms = calloc(1, sizeof(*ms) + fox_n_frames * sizeof(ms->base[0]));
	if (!ms)
		return NULL;
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
	return ms;
}

/* The bit of a main-poll reply, 0 when it has none. */
static uint64_t main_slot_bit(const struct main_slots *ms,
			      const struct fox_decoded *d)
{
	unsigned slot = ms->base[d->frame - fox_frames] + d->index;

	return slot < MAIN_SLOTS ? 1ull << slot : 0;
}

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
static struct fox_lm_episode *current_episode(struct fox_engine *e)
{
	unsigned n = e->st.n_episodes;

	if (n == 0 || n > FOX_LM_MAX_EPISODES)
		return NULL;
	return &e->st.episodes[n - 1];
}

static bool foreign_seen(const struct fox_engine *e)
{
	return e->st.pylontech_frames || e->st.dialect_frames;
}

/* The main poll p got no reply: count it, and declare BMS Lost when it is
 * the lost_polls-th in a row. */
static void poll_unanswered(struct fox_engine *e, const struct outstanding *p)
{
	struct fox_lm_event ev;

	e->st.polls_unanswered++;
	if (e->silent++ == 0) {
		e->silent_first_frame = p->frame;
		e->silent_first_time = p->time;
	}
	event_init(e, &ev, FOX_LM_EV_POLL_UNANSWERED, p->frame);
	ev.value = e->silent;
	event_send(e, &ev);

	if (e->silent == e->cfg.lost_polls) {
		struct fox_lm_episode *ep;

		event_init(e, &ev,
			   e->any_answer ? FOX_LM_EV_BMS_LOST :
					   FOX_LM_EV_NEVER_ANSWERED,
			   p->frame);
		ev.ref_frame = e->silent_first_frame;
		ev.value = e->silent;
		ev.limit = p->time - e->silent_first_time;
		ev.extra = e->have_pack ? e->soc : -1;
		event_send(e, &ev);
		e->outage = true;
		if (e->st.n_episodes++ < FOX_LM_MAX_EPISODES) {
			ep = current_episode(e);
			memset(ep, 0, sizeof(*ep));
			ep->start = e->silent_first_time;
			ep->frame = e->silent_first_frame;
			ep->ongoing = true;
			ep->never_answered = !e->any_answer;
		}
		e->link_up = false;
	}
	if (e->silent >= e->cfg.lost_polls && foreign_seen(e) &&
	    !e->mismatch_raised) {
		event_init(e, &ev, FOX_LM_EV_PROTOCOL_MISMATCH, p->frame);
		snprintf(ev.detail, sizeof(ev.detail), "%s",
			 e->st.pylontech_frames ? "Pylontech" : e->st.dialect);
		ev.value =
			(double)(e->st.pylontech_frames + e->st.dialect_frames);
		event_send(e, &ev);
		e->mismatch_raised = true;
	}
}

static void close_main(struct fox_engine *e)
{
	struct outstanding *p = &e->req[FOX_CLASS_MAIN];
	uint64_t want, missing;

	if (!p->open)
		return;
	p->open = false;
	if (p->replies == 0) {
		poll_unanswered(e, p);
		return;
	}
	/* Completeness needs the variant: the EP set is larger. */
	if (e->variant == FOX_VARIANT_UNKNOWN)
		return;
	want = e->main->required[e->variant];
	missing = want & ~p->seen;
	if (missing) {
		struct fox_lm_event ev;

		event_init(e, &ev, FOX_LM_EV_BURST_INCOMPLETE, p->frame);
		list_missing(e->main, missing, ev.detail, sizeof(ev.detail));
		ev.value = __builtin_popcountll(missing);
		event_send(e, &ev);
	}
}

static void startup_checks(struct fox_engine *e)
{
	double up;

	if (!e->link_up)
		return;
	up = e->now - e->link_up_time;
	if (up < e->cfg.startup_deadline)
		return;
	if (!e->pack_data_seen && !e->pack_data_raised) {
		e->pack_data_raised = true;
		emit_simple(e, FOX_LM_EV_PACK_DATA_MISSING, up,
			    (double)e->st.requests[FOX_CLASS_PACK_DATA], NULL);
	}
	if (e->startup_seen && !e->serial_req_seen && !e->serial_raised) {
		e->serial_raised = true;
		emit_simple(e, FOX_LM_EV_SERIAL_MISSING, up, 0, NULL);
	}
}

static void main_poll(struct fox_engine *e)
{
	close_main(e);
	if (e->any_poll) {
		double dt = e->now - e->prev_poll_time;

		condition(e,
			  dt < e->cfg.poll_interval_min ||
				  dt > e->cfg.poll_interval_max,
			  FOX_LM_EV_POLL_INTERVAL, dt,
			  dt < e->cfg.poll_interval_min ?
				  e->cfg.poll_interval_min :
				  e->cfg.poll_interval_max,
			  NULL);
	}
	e->any_poll = true;
	e->prev_poll_time = e->now;
	startup_checks(e);
}

/* The first reply to main poll p. */
static void poll_answered(struct fox_engine *e, struct outstanding *p)
{
	struct fox_lm_event ev;
	double rt = e->now - p->time;

	e->st.polls_answered++;
	resp_record(&e->st, rt);
	event_init(e, &ev, FOX_LM_EV_POLL_ANSWERED, 0);
	ev.ref_frame = p->frame;
	ev.value = rt;
	event_send(e, &ev);

	if (e->outage) {
		struct fox_lm_episode *ep = current_episode(e);

		event_init(e, &ev, FOX_LM_EV_LINK_RESTORED, 0);
		ev.ref_frame = e->silent_first_frame;
		ev.value = e->now - e->silent_first_time;
		ev.limit = e->silent;
		event_send(e, &ev);
		if (ep) {
			ep->duration = ev.value;
			ep->ongoing = false;
		}
		e->outage = false;
	}
	if (!e->link_up) {
		/* Silent polls before this answer: the capture shows the
		 * link coming up, so the startup sequence must follow. */
		if (e->silent > 0)
			e->startup_seen = true;
		e->link_up = true;
		e->link_up_time = p->time;
	}
	e->any_answer = true;
	e->silent = 0;
}

/* Replies ---------------------------------------------------------------- */

/* Bursts of numbered items (cell voltages, temperatures): name gaps. */
static void burst_item(struct fox_engine *e, struct outstanding *p,
		       unsigned index, unsigned per_frame, const char *what)
{
	int expect = p->last_index + 1;

	/* Missing packs send no cells or temperatures: gaps then are the
	 * packs_missing diagnosis, not lost frames. */
	if ((int)index > expect && !e->packs_missing) {
		char detail[FOX_LM_DETAIL_MAX];
		struct fox_lm_event ev;

		snprintf(detail, sizeof(detail), "%s %u-%u", what,
			 expect * per_frame + 1, index * per_frame);
		event_init(e, &ev, FOX_LM_EV_ITEM_GAP, 0);
		ev.ref_frame = p->frame;
		ev.value = index - expect;
		snprintf(ev.detail, sizeof(ev.detail), "%s", detail);
		event_send(e, &ev);
	}
	if ((int)index > p->last_index)
		p->last_index = (int)index;
}

void link_reply(struct fox_engine *e, const struct fox_lm_frame *f,
		const struct fox_decoded *d, struct fox_lm_link *link)
{
	enum fox_class c = d->frame ? d->frame->answers : FOX_CLASS_NONE;
	struct outstanding *p = &e->req[c];
	bool cell_item = c == FOX_CLASS_CELL_VOLTAGES && d->frame &&
			 d->frame->index == FOX_IDX_ITEMS;

	link->class = c;
	if (!cell_item)
		cell_dump_close(e);
	if (c == FOX_CLASS_NONE)
		return;
	if (c == FOX_CLASS_PACK_DATA)
		e->pack_data_seen = true;
	/* Replies before the first request of the capture answer a request
	 * we did not see. */
	if (p->frame == 0)
		return;
	if (!p->open || e->now - p->time > e->cfg.reply_window) {
		if (c == FOX_CLASS_MAIN && p->replies == 0 && !p->late_raised) {
			p->late_raised = true;
			e->st.late_replies++;
			emit_simple(e, FOX_LM_EV_LATE_REPLY, e->now - p->time,
				    e->cfg.reply_window, NULL);
		}
		return;
	}
	link->request_frame = p->frame;
	link->response_time = e->now - p->time;
	if (c == FOX_CLASS_MAIN) {
		uint64_t bit = main_slot_bit(e->main, d);

		if ((p->seen & bit) && !p->duplicate_raised) {
			struct fox_lm_event ev;

			p->duplicate_raised = true;
			event_init(e, &ev, FOX_LM_EV_DUPLICATE_BURST, 0);
			ev.ref_frame = p->frame;
			snprintf(ev.detail, sizeof(ev.detail), "0x%04X", f->id);
			event_send(e, &ev);
		}
		e->duplicate_reply = (p->seen & bit) != 0;
		p->seen |= bit;
		if (p->replies++ == 0)
			poll_answered(e, p);
		/* A short frame still arrived; its values are incomplete. */
		if (d->frame && d->status == FOX_OK)
			check_main_reply(e, d);
		return;
	}
	p->replies++;
	if (cell_item)
		check_cell_item(e, d);
	if (d->status != FOX_OK)
		return;
	if (cell_item)
		burst_item(e, p, d->index, d->frame->per_frame, "cells");
	else if (c == FOX_CLASS_CELL_TEMPS && d->frame &&
		 d->frame->index == FOX_IDX_ITEMS)
		burst_item(e, p, d->index, d->frame->per_frame, "sensors");
	else if (c == FOX_CLASS_SERIAL && d->frame)
		check_serial_part(e, d);
	else if (c == FOX_CLASS_PACK_DATA && d->frame)
		check_pack_data(e, d);
}

void link_request(struct fox_engine *e, const struct fox_lm_frame *f,
		  struct fox_lm_link *link)
{
	enum fox_class c = fox_request_class(f->data, f->len);
	struct outstanding *p = &e->req[c];

	link->class = c;
	link->is_request = true;
	e->st.requests[c]++;
	cell_dump_close(e);
	check_request(e, &e->decoded);
	if (c == FOX_CLASS_NONE)
		return;
	if (c == FOX_CLASS_MAIN)
		main_poll(e);
	if (c == FOX_CLASS_SERIAL)
		e->serial_req_seen = true;
	memset(p, 0, sizeof(*p));
	p->open = true;
	p->frame = f->number;
	p->time = e->now;
	p->last_index = -1;
}

/* The reply window closes at the next poll or when it expires, whichever
 * comes first; any later frame of the bus tells it expired. */
void link_expire(struct fox_engine *e)
{
	const struct outstanding *p = &e->req[FOX_CLASS_MAIN];

	if (p->open && e->now - p->time > e->cfg.reply_window)
		close_main(e);
}

void link_finish(struct fox_engine *e)
{
	struct outstanding *p = &e->req[FOX_CLASS_MAIN];
	struct fox_lm_episode *ep;

	if (p->open && p->replies == 0) {
		e->st.polls_pending++;
		p->open = false;
	}
	ep = current_episode(e);
	if (ep && ep->ongoing)
		ep->duration = e->now - ep->start;
}

/* Other devices on the bus ---------------------------------------------- */

/* A Pylontech ID is Pylontech only once the bus shows its broadcast set or
 * marker (lib/claim.c): a vehicle battery's 0x355 stays foreign traffic. */
enum fox_record_kind neighbour_frame(struct fox_engine *e,
				     const struct fox_lm_frame *f)
{
	struct fox_decoded *d = &e->neighbour;

	fox_decode(FOX_PROTO_PYLONTECH, f->id, f->extended, f->data, f->len,
		   FOX_VARIANT_UNKNOWN, d);
	if (fox_claim_frame(&e->claims, d, e->now) != FOX_CLAIM_NONE) {
		e->st.pylontech_frames++;
		return FOX_REC_PYLONTECH;
	}
	other_frame(e, f);
	return FOX_REC_OTHER;
}

static struct fox_lm_foreign *current_foreign(struct fox_engine *e)
{
	unsigned n = e->st.n_foreign;

	if (n == 0 || n > FOX_LM_MAX_FOREIGN)
		return NULL;
	return &e->st.foreign[n - 1];
}

static void foreign_id(struct fox_lm_foreign *fe, uint16_t id)
{
	unsigned i = 0;

	while (i < fe->n_ids && fe->ids[i] < id)
		i++;
	if (i < fe->n_ids && fe->ids[i] == id)
		return;
	if (fe->n_ids == FOX_LM_MAX_FOREIGN_IDS) {
		fe->more_ids = true;
		return;
	}
	memmove(&fe->ids[i + 1], &fe->ids[i],
		(fe->n_ids - i) * sizeof(fe->ids[0]));
	fe->ids[i] = id;
	fe->n_ids++;
}

/* The last `need` standard-ID frames arrived within a second on a bus with
 * FoxESS polls: an episode of foreign traffic starts at the first. */
static void foreign_start(struct fox_engine *e, unsigned need)
{
	unsigned first = (e->foreign_next + FOREIGN_RING - need) % FOREIGN_RING;
	struct fox_lm_foreign scratch, *fe = &scratch;
	struct fox_lm_event ev;
	size_t len = 0;

	if (e->st.n_foreign++ < FOX_LM_MAX_FOREIGN)
		fe = current_foreign(e);
	memset(fe, 0, sizeof(*fe));
	fe->start = e->foreign_time[first];
	fe->end = e->now;
	fe->frame = e->foreign_frame[first];
	fe->frames = need;
	for (unsigned k = 0; k < need; k++)
		foreign_id(fe, e->foreign_id[(first + k) % FOREIGN_RING]);
	event_init(e, &ev, FOX_LM_EV_FOREIGN_TRAFFIC, fe->frame);
	ev.value = need;
	ev.limit = e->now - fe->start;
	for (unsigned i = 0; i < fe->n_ids && len + 8 < sizeof(ev.detail); i++)
		len += (size_t)snprintf(ev.detail + len,
					sizeof(ev.detail) - len, "%s0x%03X",
					i ? " " : "", fe->ids[i]);
	event_send(e, &ev);
	e->foreign_active = true;
}

/* The inverter faults on standard (11-bit) frames (protocol-notes section
 * 1): any on a FoxESS bus is a device that does not belong there. */
void other_frame(struct fox_engine *e, const struct fox_lm_frame *f)
{
	unsigned need = e->cfg.foreign_frames, k;

	if (f->extended)
		return;
	if (e->foreign_active) {
		struct fox_lm_foreign *fe = current_foreign(e);

		if (e->now - e->foreign_last <= FOX_LM_FOREIGN_QUIET) {
			e->foreign_last = e->now;
			if (fe) {
				fe->end = e->now;
				fe->frames++;
				foreign_id(fe, (uint16_t)f->id);
			}
			return;
		}
		e->foreign_active = false;
	}
	e->foreign_last = e->now;
	k = e->foreign_next;
	e->foreign_time[k] = e->now;
	e->foreign_frame[k] = f->number;
	e->foreign_id[k] = (uint16_t)f->id;
	e->foreign_next = (k + 1) % FOREIGN_RING;
	if (need < 1)
		need = 1;
	if (need > FOREIGN_RING)
		need = FOREIGN_RING;
	k = (e->foreign_next + FOREIGN_RING - need) % FOREIGN_RING;
	if (e->any_poll && e->foreign_frame[k] &&
	    e->now - e->foreign_time[k] <= 1.0)
		foreign_start(e, need);
}
