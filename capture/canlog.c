// SPDX-License-Identifier: GPL-2.0-or-later
#include "canlog.h"
#include "canlog-text.h"
#include "pcapng.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <strings.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <linux/can.h>

enum canlog_result canlog_fail(char *err, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, size, fmt, ap);
	va_end(ap);
	return CANLOG_ERROR;
}

int canlog_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

const char *canlog_skip_spaces(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

size_t canlog_token_len(const char *p)
{
	size_t n = 0;

	while (p[n] && !isspace((unsigned char)p[n]))
		n++;
	return n;
}

bool canlog_at_end(const char *p)
{
	return !*p || *p == '\n' || *p == '\r';
}

bool canlog_parse_uint(const char *p, size_t n, unsigned base, uint32_t *value)
{
	uint64_t v = 0;

	if (n == 0 || n > 10)
		return false;
	for (size_t i = 0; i < n; i++) {
		int d = canlog_hexval(p[i]);

		if (d < 0 || (unsigned)d >= base)
			return false;
		v = v * base + (unsigned)d;
	}
	if (v > UINT32_MAX)
		return false;
	*value = (uint32_t)v;
	return true;
}

bool canlog_parse_decimal(const char *p, size_t n, uint64_t unit_ns,
			  uint64_t *ns)
{
	uint64_t whole = 0, frac = 0, frac_unit = unit_ns;
	size_t i = 0, digits = 0;

	while (i < n && isdigit((unsigned char)p[i]) && digits < 19) {
		whole = whole * 10 + (uint64_t)(p[i++] - '0');
		digits++;
	}
	if (!digits || whole > (UINT64_MAX - unit_ns) / unit_ns)
		return false;
	if (i < n && p[i] == '.') {
		i++;
		/* digits below a nanosecond are dropped */
		while (i < n && isdigit((unsigned char)p[i])) {
			if (frac_unit >= 10) {
				frac_unit /= 10;
				frac += (uint64_t)(p[i] - '0') * frac_unit;
			}
			i++;
		}
	}
	if (i != n)
		return false;
	*ns = whole * unit_ns + frac;
	return true;
}

unsigned canlog_dlc_to_len(unsigned dlc)
{
	static const uint8_t len[16] = { 0, 1,	2,  3,	4,  5,	6,  7,
					 8, 12, 16, 20, 24, 32, 48, 64 };

	return dlc < 16 ? len[dlc] : 0;
}

bool canlog_valid_fd_len(unsigned n)
{
	return n <= 8 || n == 12 || n == 16 || n == 20 || n == 24 || n == 32 ||
	       n == 48 || n == 64;
}

bool canlog_local_to_epoch(int64_t local_seconds, int64_t *epoch)
{
	time_t t = (time_t)local_seconds;
	struct tm tm;
	time_t e;

	if (!gmtime_r(&t, &tm))
		return false;
	tm.tm_isdst = -1;
	e = mktime(&tm);
	if (e == (time_t)-1 || e < 0)
		return false;
	*epoch = e;
	return true;
}

/* "(SECONDS.FRACTION)" with up to nine fraction digits. */
static const char *parse_timestamp(const char *p, uint64_t *ns)
{
	uint64_t sec = 0, frac = 0;
	int digits = 0, frac_digits = 0;

	if (*p++ != '(')
		return NULL;
	while (isdigit((unsigned char)*p) && digits < 12) {
		sec = sec * 10 + (uint64_t)(*p++ - '0');
		digits++;
	}
	if (!digits || *p++ != '.')
		return NULL;
	while (isdigit((unsigned char)*p) && frac_digits < 9) {
		frac = frac * 10 + (uint64_t)(*p++ - '0');
		frac_digits++;
	}
	if (!frac_digits || *p++ != ')')
		return NULL;
	while (frac_digits++ < 9)
		frac *= 10;
	*ns = sec * 1000000000u + frac;
	return p;
}

/* A hexadecimal CAN ID of up to 8 digits, flags not set. */
static bool parse_id(const char *p, size_t n, uint32_t *id)
{
	return n <= 8 && canlog_parse_uint(p, n, 16, id);
}

/* can-utils frame text: ID#DATA, ID#R[len], ID##FDATA; data bytes may be
 * separated by dots. */
static enum canlog_result parse_candump_frame(const char *p, size_t n,
					      struct canlog_frame *f, char *err,
					      size_t err_size)
{
	const char *hash = memchr(p, '#', n);
	const char *end = p + n;
	size_t id_len;

	if (!hash)
		return canlog_fail(err, err_size,
				   "no '#' between CAN ID and data");
	id_len = (size_t)(hash - p);
	if (id_len != 3 && id_len != 8)
		return canlog_fail(err, err_size,
				   "CAN ID '%.*s' must have 3 or 8 hex digits",
				   (int)id_len, p);
	if (!parse_id(p, id_len, &f->can_id))
		return canlog_fail(err, err_size,
				   "CAN ID '%.*s' is not hexadecimal",
				   (int)id_len, p);
	if (id_len == 8) {
		if (f->can_id & ~(CAN_ERR_FLAG | CAN_ERR_MASK))
			return canlog_fail(err, err_size,
					   "CAN ID '%.*s' is out of range",
					   (int)id_len, p);
		/* error frames keep their flag, data frames become EFF */
		if (!(f->can_id & CAN_ERR_FLAG))
			f->can_id |= CAN_EFF_FLAG;
	} else if (f->can_id > CAN_SFF_MASK) {
		return canlog_fail(err, err_size,
				   "11-bit CAN ID '%.*s' above 7FF",
				   (int)id_len, p);
	}
	p = hash + 1;
	if (p < end && *p == '#') {
		int flags = p + 1 < end ? canlog_hexval(p[1]) : -1;

		if (flags < 0)
			return canlog_fail(
				err, err_size,
				"CAN FD frame without its flags digit");
		f->fd = true;
		f->fd_flags = (uint8_t)flags & (CANFD_BRS | CANFD_ESI);
		p += 2;
	} else if (p < end && (*p == 'R' || *p == 'r')) {
		f->can_id |= CAN_RTR_FLAG;
		p++;
		if (p < end) {
			int d = canlog_hexval(*p);

			if (p + 1 != end || d < 0 || d > 8)
				return canlog_fail(
					err, err_size,
					"bad remote frame length '%.*s'",
					(int)(end - p), p);
			f->len = (uint8_t)d;
		}
		return CANLOG_FRAME;
	}
	while (p < end) {
		int hi, lo;

		if (*p == '.') {
			p++;
			continue;
		}
		if (end - p < 2)
			return canlog_fail(
				err, err_size,
				"odd number of hex digits in the data (line cut short?)");
		hi = canlog_hexval(p[0]);
		lo = canlog_hexval(p[1]);
		if (hi < 0 || lo < 0)
			return canlog_fail(err, err_size,
					   "data byte '%.2s' is not hex", p);
		if (f->len == (f->fd ? 64 : 8))
			return canlog_fail(err, err_size,
					   "more than %d data bytes",
					   f->fd ? 64 : 8);
		f->data[f->len++] = (uint8_t)(hi << 4 | lo);
		p += 2;
	}
	if (f->fd && !canlog_valid_fd_len(f->len))
		return canlog_fail(err, err_size,
				   "%u bytes is not a CAN FD length", f->len);
	return CANLOG_FRAME;
}

/* Battery-Emulator: ID [DLC] B0 B1 ... */
static enum canlog_result parse_be_frame(const char *p, struct canlog_frame *f,
					 char *err, size_t err_size)
{
	size_t n = canlog_token_len(p);
	unsigned dlc;

	if (!parse_id(p, n, &f->can_id))
		return canlog_fail(err, err_size,
				   "CAN ID '%.*s' is not hexadecimal", (int)n,
				   p);
	/* a plain identifier: above 29 bits it would set the flag bits */
	if (f->can_id > CAN_EFF_MASK)
		return canlog_fail(err, err_size,
				   "CAN ID '%.*s' is above 1FFFFFFF", (int)n,
				   p);
	if (n == 8 || f->can_id > CAN_SFF_MASK)
		f->can_id |= CAN_EFF_FLAG;
	p = canlog_skip_spaces(p + n);
	if (p[0] != '[' || !isdigit((unsigned char)p[1]))
		return canlog_fail(err, err_size, "no [DLC] after the CAN ID");
	dlc = (unsigned)(p[1] - '0');
	if (isdigit((unsigned char)p[2])) {
		dlc = dlc * 10 + (unsigned)(p[2] - '0');
		p++;
	}
	if (p[2] != ']' || dlc > 64 || !canlog_valid_fd_len(dlc))
		return canlog_fail(err, err_size, "bad [DLC]");
	f->fd = dlc > 8;
	p += 3;
	for (unsigned i = 0; i < dlc; i++) {
		int hi, lo;

		p = canlog_skip_spaces(p);
		if (!*p || *p == '\n' || *p == '\r')
			return canlog_fail(
				err, err_size,
				"[%u] announced but only %u data bytes (line cut short?)",
				dlc, i);
		hi = canlog_hexval(p[0]);
		lo = canlog_hexval(p[1]);
		if (hi < 0 || lo < 0 || canlog_token_len(p) != 2)
			return canlog_fail(err, err_size,
					   "data byte '%.*s' is not hex",
					   (int)canlog_token_len(p), p);
		f->data[i] = (uint8_t)(hi << 4 | lo);
		p += 2;
	}
	f->len = (uint8_t)dlc;
	p = canlog_skip_spaces(p);
	if (*p && *p != '\n' && *p != '\r')
		return canlog_fail(err, err_size, "more data bytes than [%u]",
				   dlc);
	return CANLOG_FRAME;
}

enum canlog_result canlog_parse_line(const char *line, struct canlog_frame *f,
				     char *err, size_t err_size)
{
	const char *p = canlog_skip_spaces(line);
	size_t n;

	memset(f, 0, sizeof(*f));
	if (!*p || *p == '\n' || *p == '\r')
		return CANLOG_SKIP;
	p = parse_timestamp(p, &f->ts_ns);
	if (!p)
		return canlog_fail(
			err, err_size,
			"no (seconds.fraction) timestamp at the start");
	p = canlog_skip_spaces(p);
	n = canlog_token_len(p);
	if (n == 0)
		return canlog_fail(err, err_size,
				   "no interface name after the timestamp");
	if (n >= sizeof(f->iface))
		return canlog_fail(err, err_size,
				   "interface name '%.*s' too long", (int)n, p);

	if (n >= 3 && (!strncasecmp(p, "rx", 2) || !strncasecmp(p, "tx", 2)) &&
	    strspn(p + 2, "0123456789") == n - 2) {
		f->dir = tolower((unsigned char)p[0]) == 'r' ?
				 PCAPNG_DIR_INBOUND :
				 PCAPNG_DIR_OUTBOUND;
		snprintf(f->iface, sizeof(f->iface), "bus%.*s", (int)(n - 2),
			 p + 2);
		return parse_be_frame(canlog_skip_spaces(p + n), f, err,
				      err_size);
	}
	memcpy(f->iface, p, n);
	f->iface[n] = '\0';
	p = canlog_skip_spaces(p + n);
	n = canlog_token_len(p);
	if (n == 0)
		return canlog_fail(err, err_size,
				   "no frame after the interface name");
	if (parse_candump_frame(p, n, f, err, err_size) == CANLOG_ERROR)
		return CANLOG_ERROR;
	p = canlog_skip_spaces(p + n);
	/* newer candump -l marks frames it sent (T) or received (R) */
	if ((*p == 'T' || *p == 'R') && canlog_token_len(p) == 1) {
		f->dir = *p == 'R' ? PCAPNG_DIR_INBOUND : PCAPNG_DIR_OUTBOUND;
		p = canlog_skip_spaces(p + 1);
	}
	if (*p && *p != '\n' && *p != '\r')
		return canlog_fail(err, err_size,
				   "unexpected text '%.*s' after the frame",
				   (int)canlog_token_len(p), p);
	return CANLOG_FRAME;
}

size_t canlog_to_record(const struct canlog_frame *f,
			uint8_t out[SOCKETCAN_FD_LEN])
{
	uint32_t id = htonl(f->can_id);
	size_t size = f->fd ? SOCKETCAN_FD_LEN : SOCKETCAN_CLASSIC_LEN;

	memset(out, 0, size);
	memcpy(out, &id, 4);
	out[4] = f->len;
	if (f->fd)
		out[5] = f->fd_flags | SOCKETCAN_FD_FLAG_FDF;
	memcpy(out + 8, f->data, f->len);
	return size;
}

void canlog_reader_init(struct canlog_reader *r)
{
	memset(r, 0, sizeof(*r));
	r->csv_ts = r->csv_id = r->csv_ext = r->csv_dir = r->csv_bus = -1;
	r->csv_len = r->csv_data = -1;
}

const char *canlog_format_name(enum canlog_format format)
{
	switch (format) {
	case CANLOG_CANDUMP:
		return "candump / Battery-Emulator log";
	case CANLOG_ASC:
		return "Vector ASC";
	case CANLOG_TRC:
		return "PEAK TRC";
	case CANLOG_GVRET:
		return "SavvyCAN GVRET CSV";
	case CANLOG_PYCAN_CSV:
		return "python-can CSV";
	case CANLOG_UNKNOWN:
		break;
	}
	return "unknown format";
}

static bool starts_with_word(const char *p, const char *word)
{
	size_t n = strlen(word);

	return !strncasecmp(p, word, n) &&
	       (isspace((unsigned char)p[n]) || !p[n]);
}

/* A number followed by ')': the message number of a TRC 1.x line. */
static bool trc1_number(const char *p)
{
	size_t n = strspn(p, "0123456789");

	return n > 0 && p[n] == ')';
}

/* "12.345678 1 ..." or "12.345678 CANFD ...": an ASC event line of a
 * file cut from the middle of a log, without its header. */
static bool asc_event(const char *p)
{
	size_t n = canlog_token_len(p);
	uint64_t ns;

	if (!memchr(p, '.', n) || !canlog_parse_decimal(p, n, 1, &ns))
		return false;
	p = canlog_skip_spaces(p + n);
	return isdigit((unsigned char)*p) || starts_with_word(p, "CANFD");
}

static enum canlog_format detect(const char *p)
{
	if (*p == '(')
		return CANLOG_CANDUMP;
	if (*p == ';' || trc1_number(p))
		return CANLOG_TRC;
	if (starts_with_word(p, "date") || starts_with_word(p, "base") ||
	    starts_with_word(p, "begin") || !strncmp(p, "//", 2) ||
	    starts_with_word(p, "internal") || starts_with_word(p, "no") ||
	    asc_event(p))
		return CANLOG_ASC;
	if (!strncasecmp(p, "Time Stamp,", 11))
		return CANLOG_GVRET;
	if (!strncmp(p, "timestamp,arbitration_id,", 25))
		return CANLOG_PYCAN_CSV;
	return CANLOG_UNKNOWN;
}

enum canlog_result canlog_read_line(struct canlog_reader *r, const char *line,
				    struct canlog_frame *f, char *err,
				    size_t err_size)
{
	const char *p = canlog_skip_spaces(line);

	memset(f, 0, sizeof(*f));
	/* Windows tools may start the file with a UTF-8 byte-order mark */
	if (r->format == CANLOG_UNKNOWN && !strncmp(p, "\xEF\xBB\xBF", 3))
		line = p = canlog_skip_spaces(p + 3);
	if (canlog_at_end(p))
		return CANLOG_SKIP;
	if (r->format == CANLOG_UNKNOWN) {
		r->format = detect(p);
		if (r->format == CANLOG_UNKNOWN)
			return canlog_fail(
				err, err_size,
				"not a CAN log this tool reads (candump, Battery-Emulator, Vector ASC, PEAK TRC, SavvyCAN or python-can CSV)");
	}
	switch (r->format) {
	case CANLOG_CANDUMP:
		return canlog_parse_line(line, f, err, err_size);
	case CANLOG_ASC:
		return canlog_asc_line(r, p, f, err, err_size);
	case CANLOG_TRC:
		return canlog_trc_line(r, p, f, err, err_size);
	case CANLOG_GVRET:
		return canlog_gvret_line(r, p, f, err, err_size);
	case CANLOG_PYCAN_CSV:
		return canlog_pycan_line(r, p, f, err, err_size);
	case CANLOG_UNKNOWN:
		break;
	}
	return canlog_fail(err, err_size, "unknown log format");
}
