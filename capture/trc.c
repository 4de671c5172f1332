// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * PEAK-System TRC logs (PCAN-View, PCAN-Explorer, python-can's
 * TRCWriter), following PEAK's "PCAN-Trace File Format" description:
 *
 *   1.0  "    1)      1841  0001  8  00 00 00 00 00 00 00 00"
 *   1.1  "    1)      1841.0  Rx      0001  8  00 ..."      (Rx Tx Warng Error)
 *   1.2  "    1)      1841.0 1  Rx    0001  8  00 ..."      (bus added)
 *   1.3  "    1)      1841.0 1  Rx    0001 -  8  00 ..."    (reserved added)
 *   2.x  "      1      1841.000 DT 1 0001 Rx -  8  00 ..."  (order given by
 *        ;$COLUMNS=N,O,T,B,I,d,R,L,D; 2.0 defaults to N,O,T,I,d,l,D)
 *
 * Header lines start with ';'.  ;$FILEVERSION gives the version (1.0
 * without it), ;$STARTTIME the start as days since 1899-12-30 with a
 * fraction, local time; the second column is the offset from it in
 * milliseconds.  IDs of more than 4 digits are 29-bit.  2.x types: DT
 * data, RR remote, FD / FB / FE / BI CAN FD without and with BRS / ESI,
 * ER error frame; ST, EC and EV (bus status, error counters, events) are
 * not frames and are skipped, as are 1.x Warng lines and 1.0 bus-status
 * lines (ID FFFFFFFF).
 */
#include "canlog-text.h"
#include "pcapng.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <linux/can.h>
#include <linux/can/error.h>

#define TOKEN_FMT "'%.*s'"
#define TOKEN(p)  (int)canlog_token_len(p), (p)

/* 1899-12-30, day 0 of STARTTIME, is 25569 days before 1970-01-01. */
#define OLE_EPOCH_DAYS 25569

static const char *next_token(const char *p)
{
	return canlog_skip_spaces(p + canlog_token_len(p));
}

static bool token_is(const char *p, const char *word)
{
	size_t n = strlen(word);

	return canlog_token_len(p) == n && !strncasecmp(p, word, n);
}

/* Days with a fraction (local time) to nanoseconds since the epoch. */
static bool parse_start_time(const char *p, size_t n, uint64_t *ns)
{
	unsigned __int128 frac = 0, scale = 1;
	uint64_t days = 0, sub_ns;
	int64_t epoch;
	size_t i = 0;

	while (i < n && isdigit((unsigned char)p[i]) && days < 1000000)
		days = days * 10 + (uint64_t)(p[i++] - '0');
	if (!i || days < OLE_EPOCH_DAYS)
		return false;
	if (i < n && p[i] == '.') {
		for (i++; i < n && isdigit((unsigned char)p[i]); i++)
			if (scale < 1000000000000000000u) {
				frac = frac * 10 + (unsigned)(p[i] - '0');
				scale *= 10;
			}
	}
	if (i != n)
		return false;
	/* the fraction of a day, rounded to the nanosecond */
	sub_ns = (uint64_t)((frac * 86400000000000u + scale / 2) / scale);
	if (!canlog_local_to_epoch((int64_t)(days - OLE_EPOCH_DAYS) * 86400 +
					   (int64_t)(sub_ns / 1000000000u),
				   &epoch))
		return false;
	*ns = (uint64_t)epoch * 1000000000u + sub_ns % 1000000000u;
	return true;
}

static enum canlog_result header_line(struct canlog_reader *r, const char *p,
				      char *err, size_t err_size)
{
	const char *value = strchr(p, '=');
	size_t n;

	if (strncmp(p, ";$", 2) || !value)
		return CANLOG_SKIP;
	value++;
	n = canlog_token_len(value);
	if (!strncmp(p, ";$FILEVERSION=", 14)) {
		if (n != 3 || !isdigit((unsigned char)value[0]) ||
		    value[1] != '.' || !isdigit((unsigned char)value[2]))
			return canlog_fail(err, err_size,
					   "bad TRC file version " TOKEN_FMT,
					   TOKEN(value));
		r->trc_version =
			(unsigned)((value[0] - '0') * 10 + (value[2] - '0'));
		if (r->trc_version < 10 || r->trc_version > 21 ||
		    (r->trc_version > 13 && r->trc_version < 20))
			return canlog_fail(
				err, err_size,
				"TRC file version %.3s is not one "
				"this tool knows (1.0-1.3, 2.0, 2.1)",
				value);
		if (r->trc_version == 20 && !r->trc_columns[0])
			strcpy(r->trc_columns, "NOTIdlD");
	} else if (!strncmp(p, ";$STARTTIME=", 12)) {
		if (!parse_start_time(value, n, &r->start_ns))
			return canlog_fail(err, err_size,
					   "bad TRC start time " TOKEN_FMT,
					   TOKEN(value));
	} else if (!strncmp(p, ";$COLUMNS=", 10)) {
		size_t k = 0;

		for (size_t i = 0; i < n; i++) {
			if (value[i] == ',')
				continue;
			if (k == CANLOG_MAX_COLUMNS ||
			    !strchr("NOTBIdRLlD", value[i]))
				return canlog_fail(
					err, err_size,
					"bad TRC column list " TOKEN_FMT,
					TOKEN(value));
			r->trc_columns[k++] = value[i];
		}
		r->trc_columns[k] = '\0';
		if (!strchr(r->trc_columns, 'I') ||
		    !strchr(r->trc_columns, 'O') ||
		    !strchr(r->trc_columns, 'T') ||
		    (!strchr(r->trc_columns, 'L') &&
		     !strchr(r->trc_columns, 'l')))
			return canlog_fail(err, err_size,
					   "TRC column list " TOKEN_FMT
					   " lacks ID, time, type or length",
					   TOKEN(value));
	}
	return CANLOG_SKIP;
}

/* The columns of one line, located by their letters. */
struct trc_line {
	const char *type, *bus, *id, *dir, *dlc, *len, *data;
};

static void locate_v2(const struct canlog_reader *r, const char *p,
		      struct trc_line *l, const char **offset)
{
	for (const char *c = r->trc_columns; *c && !canlog_at_end(p); c++) {
		switch (*c) {
		case 'O':
			*offset = p;
			break;
		case 'T':
			l->type = p;
			break;
		case 'B':
			l->bus = p;
			break;
		case 'I':
			l->id = p;
			break;
		case 'd':
			l->dir = p;
			break;
		case 'L':
			l->dlc = p;
			break;
		case 'l':
			l->len = p;
			break;
		case 'D':
			l->data = p;
			return; /* the rest of the line */
		}
		p = next_token(p);
	}
}

/* 1.x: N) O [B] [T] I [R] L D... */
static void locate_v1(const struct canlog_reader *r, const char *p,
		      struct trc_line *l, const char **offset)
{
	p = next_token(p); /* N) */
	*offset = p;
	p = next_token(p);
	if (r->trc_version >= 12) {
		l->bus = p;
		p = next_token(p);
	}
	if (r->trc_version >= 11) {
		l->type = p;
		p = next_token(p);
	}
	l->id = p;
	p = next_token(p);
	if (r->trc_version >= 13)
		p = next_token(p);
	l->len = p;
	l->data = next_token(p);
}

static enum canlog_result data_bytes(const char *p, struct canlog_frame *f,
				     unsigned n, char *err, size_t err_size)
{
	for (unsigned i = 0; i < n; i++) {
		size_t k = canlog_token_len(p);
		int hi, lo;

		if (!k)
			return canlog_fail(
				err, err_size,
				"%u data bytes announced, %u found (line cut short?)",
				n, i);
		hi = canlog_hexval(p[0]);
		lo = k == 2 ? canlog_hexval(p[1]) : -1;
		if (hi < 0 || lo < 0)
			return canlog_fail(err, err_size,
					   "data byte " TOKEN_FMT " is not hex",
					   TOKEN(p));
		f->data[i] = (uint8_t)(hi << 4 | lo);
		p = next_token(p);
	}
	f->len = (uint8_t)n;
	if (!canlog_at_end(p))
		return canlog_fail(
			err, err_size,
			"more data bytes than the length %u: " TOKEN_FMT, n,
			TOKEN(p));
	return CANLOG_FRAME;
}

enum canlog_result canlog_trc_line(struct canlog_reader *r, const char *p,
				   struct canlog_frame *f, char *err,
				   size_t err_size)
{
	struct trc_line l = { 0 };
	const char *offset = NULL;
	bool remote = false;
	uint64_t ns;
	uint32_t v;
	unsigned len;
	size_t n;

	if (*p == ';')
		return header_line(r, p, err, err_size);
	if (!r->trc_version)
		r->trc_version = 10; /* no ;$FILEVERSION line */
	if (r->trc_version >= 20) {
		if (!r->trc_columns[0])
			return canlog_fail(err, err_size,
					   "TRC 2.1 file without ;$COLUMNS");
		locate_v2(r, p, &l, &offset);
	} else {
		n = strspn(p, "0123456789");
		if (!n || p[n] != ')')
			return canlog_fail(
				err, err_size,
				"no 'N)' message number at the start "
				"of a TRC 1.x line");
		locate_v1(r, p, &l, &offset);
	}
	if (!offset || !l.id || canlog_at_end(l.id) ||
	    (l.len ? canlog_at_end(l.len) : !l.dlc))
		return canlog_fail(err, err_size,
				   "too few columns (line cut short?)");
	if (!canlog_parse_decimal(offset, canlog_token_len(offset), 1000000u,
				  &ns))
		return canlog_fail(err, err_size, "bad time offset " TOKEN_FMT,
				   TOKEN(offset));
	f->ts_ns = r->start_ns + ns;
	if (l.bus) {
		n = canlog_token_len(l.bus);
		if (n > 3 || !isdigit((unsigned char)*l.bus))
			return canlog_fail(err, err_size, "bad bus " TOKEN_FMT,
					   TOKEN(l.bus));
		snprintf(f->iface, sizeof(f->iface), "bus%.*s", (int)n, l.bus);
	} else {
		strcpy(f->iface, "bus1");
	}

	if (l.type) {
		if (token_is(l.type, "Rx") || token_is(l.type, "Tx")) {
			l.dir = l.type; /* 1.1-1.3: the type is the direction */
		} else if (token_is(l.type, "DT")) {
		} else if (token_is(l.type, "RR")) {
			remote = true;
		} else if (token_is(l.type, "FD") || token_is(l.type, "FB") ||
			   token_is(l.type, "FE") || token_is(l.type, "BI")) {
			f->fd = true;
			if (token_is(l.type, "FB") || token_is(l.type, "BI"))
				f->fd_flags |= CANFD_BRS;
			if (token_is(l.type, "FE") || token_is(l.type, "BI"))
				f->fd_flags |= CANFD_ESI;
		} else if (token_is(l.type, "ER") ||
			   token_is(l.type, "Error")) {
			/* the bus reported an error; which one is not kept */
			f->can_id = CAN_ERR_FLAG;
			f->len = CAN_ERR_DLC;
			return CANLOG_FRAME;
		} else if (token_is(l.type, "ST") || token_is(l.type, "EC") ||
			   token_is(l.type, "EV") ||
			   token_is(l.type, "Warng")) {
			return CANLOG_SKIP;
		} else {
			return canlog_fail(
				err, err_size,
				"unknown TRC message type " TOKEN_FMT,
				TOKEN(l.type));
		}
	}
	if (l.dir)
		f->dir = token_is(l.dir, "Rx") ? PCAPNG_DIR_INBOUND :
						 PCAPNG_DIR_OUTBOUND;

	n = canlog_token_len(l.id);
	if (r->trc_version == 10 && n == 8 && !strncasecmp(l.id, "FFFFFFFF", 8))
		return CANLOG_SKIP; /* 1.0 bus status */
	if (n > 8 || !canlog_parse_uint(l.id, n, 16, &f->can_id))
		return canlog_fail(err, err_size, "bad CAN ID " TOKEN_FMT,
				   TOKEN(l.id));
	if (n > 4) {
		if (f->can_id > CAN_EFF_MASK)
			return canlog_fail(err, err_size,
					   "CAN ID " TOKEN_FMT
					   " above 1FFFFFFF",
					   TOKEN(l.id));
		f->can_id |= CAN_EFF_FLAG;
	} else if (f->can_id > CAN_SFF_MASK) {
		return canlog_fail(err, err_size,
				   "11-bit CAN ID " TOKEN_FMT " above 7FF",
				   TOKEN(l.id));
	}

	/* 'L' is the DLC code, 'l' and the 1.x length the byte count */
	if (l.dlc) {
		if (!canlog_parse_uint(l.dlc, canlog_token_len(l.dlc), 10,
				       &v) ||
		    v > 15)
			return canlog_fail(err, err_size, "bad DLC " TOKEN_FMT,
					   TOKEN(l.dlc));
		len = f->fd ? canlog_dlc_to_len(v) : v > 8 ? 8 : v;
	} else {
		if (!canlog_parse_uint(l.len, canlog_token_len(l.len), 10,
				       &v) ||
		    v > 64 || !canlog_valid_fd_len(v) || (!f->fd && v > 8))
			return canlog_fail(err, err_size,
					   "bad data length " TOKEN_FMT,
					   TOKEN(l.len));
		len = v;
	}
	if (!remote && l.data && token_is(l.data, "RTR"))
		remote = true; /* 1.x remote frames */
	/* CAN FD has no remote frames */
	if (remote && f->fd)
		return canlog_fail(err, err_size,
				   "remote request in a CAN FD frame");
	if (remote) {
		f->can_id |= CAN_RTR_FLAG;
		f->len = (uint8_t)len;
		if (l.data && !token_is(l.data, "RTR") &&
		    !canlog_at_end(l.data))
			return canlog_fail(
				err, err_size,
				"data after a remote request: " TOKEN_FMT,
				TOKEN(l.data));
		return CANLOG_FRAME;
	}
	return data_bytes(l.data ? l.data : "", f, len, err, err_size);
}
