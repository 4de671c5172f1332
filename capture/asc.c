// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Vector ASC logs (CANalyzer / CANoe "ASCII logging", also written by
 * python-can's ASCWriter):
 *
 *   date Sun Nov 29 06:40:00.000 am 2026
 *   base hex  timestamps absolute
 *   internal events logged
 *   Begin Triggerblock Sun Nov 29 06:40:00.000 am 2026
 *      0.000000 Start of measurement
 *      0.001234 1  1871x           Rx   d 8 01 00 01 00 00 00 00 00
 *      0.002000 1  123             Tx   r 4
 *      0.003000 1  ErrorFrame
 *      0.004000 CANFD   1 Rx 123  1 0 9 12 00 11 ... 0 0 3000 0 0 0 0 0
 *   End TriggerBlock
 *
 * Times are seconds from the trigger block's start (or from the previous
 * event with "timestamps relative"); the dates are the logging machine's
 * local time.  Lines that are not frames (statistics, chip states,
 * system variables, J1939 transport) are events: skipped.  A line that
 * names a direction after its ID is a frame and must parse.
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

static const char *next_token(const char *p)
{
	return canlog_skip_spaces(p + canlog_token_len(p));
}

static bool token_is(const char *p, const char *word)
{
	size_t n = strlen(word);

	return canlog_token_len(p) == n && !strncasecmp(p, word, n);
}

/* English month names and the German ones that differ (CANoe writes the
 * date in the Windows locale; "Mär" in UTF-8 or in Windows-1252). */
static int month_number(const char *p, size_t n)
{
	static const char *const names[] = {
		"jan", "feb", "mar", "apr",	   "may",    "jun",
		"jul", "aug", "sep", "oct",	   "nov",    "dec",
		"mai", "okt", "dez", "m\xC3\xA4r", "m\xE4r",
	};
	static const int numbers[] = { 1,  2,  3,  4, 5,  6,  7, 8, 9,
				       10, 11, 12, 5, 10, 12, 3, 3 };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (n == strlen(names[i]) && !strncasecmp(p, names[i], n))
			return numbers[i];
	return 0;
}

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	/* days since 1970-01-01 of a proleptic Gregorian date */
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/*
 * "Sun Nov 29 06:40:00.123 am 2026", "Nov 29 06:40:00 2026" (weekday
 * optional, milliseconds optional, 12- or 24-hour clock) to nanoseconds
 * since the epoch.
 */
static bool parse_date(const char *p, uint64_t *ns)
{
	unsigned day, hour, min, sec, year;
	uint64_t frac_ns = 0;
	int64_t local, epoch;
	int month, used = 0;
	const char *t;

	month = month_number(p, canlog_token_len(p));
	if (!month) {
		p = next_token(p); /* the weekday */
		month = month_number(p, canlog_token_len(p));
	}
	if (!month)
		return false;
	p = next_token(p);
	if (sscanf(p, "%2u %2u:%2u:%2u%n", &day, &hour, &min, &sec, &used) !=
		    4 ||
	    !used)
		return false;
	p += used;
	if (*p == '.') {
		size_t n = strspn(p + 1, "0123456789");
		uint64_t v;

		if (!canlog_parse_decimal(p - 1, n + 2, 1000000000u, &v))
			return false;
		frac_ns = v % 1000000000u;
		p += n + 1;
	}
	t = canlog_skip_spaces(p);
	if (token_is(t, "am") || token_is(t, "pm")) {
		if (hour < 1 || hour > 12)
			return false;
		hour = hour % 12 + (tolower((unsigned char)*t) == 'p' ? 12 : 0);
		t = next_token(t);
	}
	if (sscanf(t, "%4u", &year) != 1 || year < 1970 || day < 1 ||
	    day > 31 || hour > 23 || min > 59 || sec > 60)
		return false;
	local = days_from_civil(year, (unsigned)month, day) * 86400 +
		hour * 3600 + min * 60 + sec;
	if (!canlog_local_to_epoch(local, &epoch))
		return false;
	*ns = (uint64_t)epoch * 1000000000u + frac_ns;
	return true;
}

/* The header and the lines between blocks: skipped, but they set the
 * number base, the time mode and the start time. */
static enum canlog_result header_line(struct canlog_reader *r, const char *p,
				      char *err, size_t err_size)
{
	uint64_t ns;

	if (token_is(p, "date") || token_is(p, "begin")) {
		const char *date = next_token(p);

		/* "Begin Triggerblock DATE" ("Begin Triggerblock" alone
		 * keeps the date of the header) */
		if (token_is(p, "begin")) {
			if (!token_is(date, "triggerblock"))
				return canlog_fail(
					err, err_size,
					"unknown ASC block " TOKEN_FMT,
					TOKEN(date));
			date = next_token(date);
			if (canlog_at_end(date))
				return CANLOG_SKIP;
		}
		if (!parse_date(date, &ns))
			return canlog_fail(err, err_size,
					   "cannot read the ASC date '%.40s'",
					   date);
		r->start_ns = ns;
		r->asc_last_ns = 0;
		return CANLOG_SKIP;
	}
	if (token_is(p, "base")) {
		p = next_token(p);
		if (token_is(p, "dec") || token_is(p, "hex"))
			r->asc_decimal = token_is(p, "dec");
		else
			return canlog_fail(err, err_size,
					   "ASC base " TOKEN_FMT
					   " is neither hex nor dec",
					   TOKEN(p));
		p = next_token(p);
		if (token_is(p, "timestamps")) {
			p = next_token(p);
			r->asc_relative = token_is(p, "relative");
		}
		return CANLOG_SKIP;
	}
	if (token_is(p, "end") || token_is(p, "internal") ||
	    token_is(p, "no") || !strncmp(p, "//", 2))
		return CANLOG_SKIP;
	return canlog_fail(err, err_size, "not an ASC line: '%.40s'", p);
}

/* An ID token: digits of the file's base, 'x' for a 29-bit ID. */
static bool parse_asc_id(const struct canlog_reader *r, const char *p,
			 uint32_t *id)
{
	size_t n = canlog_token_len(p);
	bool extended = n > 1 && (p[n - 1] == 'x' || p[n - 1] == 'X');

	if (!canlog_parse_uint(p, n - extended, r->asc_decimal ? 10 : 16, id))
		return false;
	if (extended ? *id > CAN_EFF_MASK : *id > CAN_SFF_MASK)
		return false;
	if (extended)
		*id |= CAN_EFF_FLAG;
	return true;
}

static bool parse_byte(const struct canlog_reader *r, const char *p,
		       unsigned max, unsigned *v)
{
	uint32_t x;

	if (!canlog_parse_uint(p, canlog_token_len(p), r->asc_decimal ? 10 : 16,
			       &x) ||
	    x > max)
		return false;
	*v = x;
	return true;
}

static enum canlog_result data_bytes(const struct canlog_reader *r,
				     const char **pp, struct canlog_frame *f,
				     unsigned n, char *err, size_t err_size)
{
	const char *p = *pp;

	for (unsigned i = 0; i < n; i++) {
		unsigned b;

		if (canlog_at_end(p))
			return canlog_fail(
				err, err_size,
				"%u data bytes announced, %u found (line cut short?)",
				n, i);
		if (!parse_byte(r, p, 255, &b))
			return canlog_fail(err, err_size,
					   "data byte " TOKEN_FMT " is not %s",
					   TOKEN(p),
					   r->asc_decimal ? "decimal" : "hex");
		f->data[i] = (uint8_t)b;
		p = next_token(p);
	}
	f->len = (uint8_t)n;
	*pp = p;
	return CANLOG_FRAME;
}

static void set_direction(struct canlog_frame *f, const char *p)
{
	f->dir = token_is(p, "Rx") ? PCAPNG_DIR_INBOUND : PCAPNG_DIR_OUTBOUND;
}

/* CHANNEL ID DIR d DLC DATA... [Length = ... BitCount = ... ID = ...]
 * CHANNEL ID DIR r [DLC]
 * CHANNEL ErrorFrame [...] */
static enum canlog_result classic_frame(const struct canlog_reader *r,
					const char *p, struct canlog_frame *f,
					char *err, size_t err_size)
{
	const char *id = next_token(p), *dir = next_token(id), *kind;
	unsigned dlc = 0;

	snprintf(f->iface, sizeof(f->iface), "can%.*s",
		 (int)canlog_token_len(p), p);
	if (token_is(id, "ErrorFrame")) {
		f->can_id = CAN_ERR_FLAG;
		f->len = CAN_ERR_DLC;
		return CANLOG_FRAME;
	}
	/* Statistic:, J1939TP, SV: ... and transmit requests */
	if (!token_is(dir, "Rx") && !token_is(dir, "Tx"))
		return CANLOG_SKIP;
	if (!parse_asc_id(r, id, &f->can_id))
		return canlog_fail(err, err_size, "bad CAN ID " TOKEN_FMT,
				   TOKEN(id));
	set_direction(f, dir);
	kind = next_token(dir);
	p = next_token(kind);
	if (token_is(kind, "r")) {
		f->can_id |= CAN_RTR_FLAG;
		if (!canlog_at_end(p)) {
			if (!parse_byte(r, p, 15, &dlc))
				return canlog_fail(
					err, err_size,
					"bad remote frame DLC " TOKEN_FMT,
					TOKEN(p));
			f->len = (uint8_t)(dlc > 8 ? 8 : dlc);
		}
		return CANLOG_FRAME;
	}
	if (!token_is(kind, "d"))
		return canlog_fail(err, err_size,
				   "expected 'd' or 'r' after the direction, "
				   "found " TOKEN_FMT,
				   TOKEN(kind));
	if (!parse_byte(r, p, 15, &dlc))
		return canlog_fail(err, err_size, "bad DLC " TOKEN_FMT,
				   TOKEN(p));
	p = next_token(p);
	/* classic CAN: DLC 9-15 still means 8 bytes */
	if (data_bytes(r, &p, f, dlc > 8 ? 8 : dlc, err, err_size) ==
	    CANLOG_ERROR)
		return CANLOG_ERROR;
	if (!canlog_at_end(p) && !token_is(p, "Length"))
		return canlog_fail(err, err_size,
				   "more data bytes than DLC %u: " TOKEN_FMT,
				   dlc, TOKEN(p));
	return CANLOG_FRAME;
}

/* CANFD CHANNEL DIR ID [NAME] BRS ESI DLC LENGTH DATA... DURATION BITS
 * FLAGS ...  (flags bit 12 = EDL: clear for a classic frame) */
static enum canlog_result fd_frame(const struct canlog_reader *r, const char *p,
				   struct canlog_frame *f, char *err,
				   size_t err_size)
{
	const char *ch = next_token(p), *dir = next_token(ch), *id;
	unsigned brs, esi;
	uint32_t dlc, len, flags;

	snprintf(f->iface, sizeof(f->iface), "can%.*s",
		 (int)canlog_token_len(ch), ch);
	if (!isdigit((unsigned char)*ch) || canlog_token_len(ch) > 3)
		return canlog_fail(err, err_size,
				   "bad CAN FD channel " TOKEN_FMT, TOKEN(ch));
	if (token_is(dir, "ErrorFrame")) {
		f->can_id = CAN_ERR_FLAG;
		f->len = CAN_ERR_DLC;
		return CANLOG_FRAME;
	}
	if (!token_is(dir, "Rx") && !token_is(dir, "Tx"))
		return CANLOG_SKIP;
	set_direction(f, dir);
	id = next_token(dir);
	if (!parse_asc_id(r, id, &f->can_id))
		return canlog_fail(err, err_size, "bad CAN ID " TOKEN_FMT,
				   TOKEN(id));
	p = next_token(id);
	/* a symbolic message name (from a database) may follow the ID */
	if (!(canlog_token_len(p) == 1 && (*p == '0' || *p == '1')))
		p = next_token(p);
	if (canlog_token_len(p) != 1 || (*p != '0' && *p != '1'))
		return canlog_fail(err, err_size, "bad BRS " TOKEN_FMT,
				   TOKEN(p));
	brs = *p == '1';
	p = next_token(p);
	if (canlog_token_len(p) != 1 || (*p != '0' && *p != '1'))
		return canlog_fail(err, err_size, "bad ESI " TOKEN_FMT,
				   TOKEN(p));
	esi = *p == '1';
	p = next_token(p);
	/* the DLC is always hexadecimal, the length always decimal */
	if (!canlog_parse_uint(p, canlog_token_len(p), 16, &dlc) || dlc > 15)
		return canlog_fail(err, err_size, "bad DLC " TOKEN_FMT,
				   TOKEN(p));
	p = next_token(p);
	if (!canlog_parse_uint(p, canlog_token_len(p), 10, &len) ||
	    !canlog_valid_fd_len(len) || len > 64)
		return canlog_fail(err, err_size, "bad data length " TOKEN_FMT,
				   TOKEN(p));
	p = next_token(p);
	if (data_bytes(r, &p, f, len, err, err_size) == CANLOG_ERROR)
		return CANLOG_ERROR;
	/* DURATION BITS FLAGS: FLAGS says whether this is CAN FD */
	p = next_token(next_token(p));
	f->fd = true;
	if (!canlog_at_end(p) &&
	    canlog_parse_uint(p, canlog_token_len(p), 16, &flags) &&
	    !(flags & 0x1000))
		f->fd = false;
	if (!f->fd && len == 0 && dlc) {
		f->can_id |= CAN_RTR_FLAG;
		f->len = (uint8_t)(dlc > 8 ? 8 : dlc);
	} else if (!f->fd && len > 8) {
		return canlog_fail(err, err_size,
				   "classic CAN frame with %u data bytes", len);
	} else if (f->fd) {
		if (canlog_dlc_to_len(dlc) != len)
			return canlog_fail(err, err_size,
					   "DLC %X does not give %u data bytes",
					   dlc, len);
		f->fd_flags = (uint8_t)((brs ? CANFD_BRS : 0) |
					(esi ? CANFD_ESI : 0));
	}
	return CANLOG_FRAME;
}

enum canlog_result canlog_asc_line(struct canlog_reader *r, const char *p,
				   struct canlog_frame *f, char *err,
				   size_t err_size)
{
	size_t n = canlog_token_len(p);
	uint64_t offset;
	enum canlog_result res;

	if (!isdigit((unsigned char)*p))
		return header_line(r, p, err, err_size);
	if (!canlog_parse_decimal(p, n, 1000000000u, &offset))
		return canlog_fail(err, err_size, "bad ASC time " TOKEN_FMT,
				   TOKEN(p));
	p = next_token(p);
	if (token_is(p, "CANFD"))
		res = fd_frame(r, p, f, err, err_size);
	else if (isdigit((unsigned char)*p) && canlog_token_len(p) <= 3)
		res = classic_frame(r, p, f, err, err_size);
	else
		res = CANLOG_SKIP; /* Start of measurement, CAN 1 Status: */
	/* relative times count from the previous event, frame or not */
	if (r->asc_relative) {
		offset += r->asc_last_ns;
		r->asc_last_ns = offset;
	}
	f->ts_ns = r->start_ns + offset;
	return res;
}
