// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Comma-separated CAN logs:
 *
 * SavvyCAN's native "GVRET" CSV, the columns named by its header (older
 * SavvyCAN versions have no Dir column):
 *   Time Stamp,ID,Extended,Dir,Bus,LEN,D1,D2,D3,D4,D5,D6,D7,D8
 *   166064000,00001871,true,Rx,0,8,01,00,01,00,00,00,00,00,
 * The time stamp is in microseconds (SavvyCAN writes the system time, or
 * the time since the capture started when that option is off; a value
 * with a decimal point is read as seconds); ID and data in hex.
 *
 * python-can's CSVWriter:
 *   timestamp,arbitration_id,extended,remote,error,dlc,data
 *   1700000000.5,0x1871,1,0,0,8,AQABAAAAAAA=
 * seconds since the epoch, the data in base64; no channel column.
 */
#include "canlog-text.h"
#include "pcapng.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <linux/can.h>
#include <linux/can/error.h>

#define MAX_FIELDS (6 + 64 + 2)

struct csv_fields {
	unsigned n;
	const char *at[MAX_FIELDS];
	size_t len[MAX_FIELDS];
};

/* Split at commas; spaces around fields and the line end are dropped. */
static bool split(const char *p, struct csv_fields *c)
{
	c->n = 0;
	for (;;) {
		const char *end = p;
		size_t n;

		if (c->n == MAX_FIELDS)
			return false;
		while (!canlog_at_end(end) && *end != ',')
			end++;
		p = canlog_skip_spaces(p);
		n = end > p ? (size_t)(end - p) : 0;
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		c->at[c->n] = p;
		c->len[c->n++] = n;
		if (*end != ',')
			return true;
		p = end + 1;
	}
}

static bool field_is(const struct csv_fields *c, int i, const char *word)
{
	size_t n = strlen(word);

	return i >= 0 && (unsigned)i < c->n && c->len[i] == n &&
	       !strncasecmp(c->at[i], word, n);
}

static enum canlog_result gvret_header(struct canlog_reader *r,
				       const struct csv_fields *c, char *err,
				       size_t err_size)
{
	static const char *const names[] = { "Time Stamp", "ID",  "Extended",
					     "Dir",	   "Bus", "LEN",
					     "D1" };
	int col[7];

	for (unsigned k = 0; k < 7; k++) {
		col[k] = -1;
		for (unsigned i = 0; i < c->n && col[k] < 0; i++)
			if (field_is(c, (int)i, names[k]))
				col[k] = (int)i;
	}
	/* a header that does not tell where the frame is leaves the reader
	 * without one: every line after it is an error */
	if (col[0] < 0 || col[1] < 0 || col[5] < 0 || col[6] < col[5])
		return canlog_fail(
			err, err_size,
			"GVRET header without Time Stamp, ID, LEN or D1 after LEN");
	r->csv_ts = col[0];
	r->csv_id = col[1];
	r->csv_ext = col[2];
	r->csv_dir = col[3];
	r->csv_bus = col[4];
	r->csv_len = col[5];
	r->csv_data = col[6];
	return CANLOG_SKIP;
}

/* The header's last column a frame line needs (Bus and Dir may be left
 * out): the fields at the Time Stamp, ID, Extended and LEN columns are read
 * and quoted in messages, so a shorter line must not get that far. */
static int last_column(const struct canlog_reader *r)
{
	int last = r->csv_len;

	if (r->csv_ts > last)
		last = r->csv_ts;
	if (r->csv_id > last)
		last = r->csv_id;
	if (r->csv_ext > last)
		last = r->csv_ext;
	return last;
}

enum canlog_result canlog_gvret_line(struct canlog_reader *r, const char *p,
				     struct canlog_frame *f, char *err,
				     size_t err_size)
{
	struct csv_fields c;
	uint32_t v;
	uint64_t ts;
	unsigned i;

	if (!split(p, &c))
		return canlog_fail(err, err_size, "more than %d fields",
				   MAX_FIELDS);
	if (field_is(&c, 0, "Time Stamp"))
		return gvret_header(r, &c, err, err_size);
	if (r->csv_ts < 0)
		return canlog_fail(err, err_size, "no GVRET header line");
	if (c.n <= (unsigned)last_column(r))
		return canlog_fail(err, err_size,
				   "%u fields, fewer than the header's "
				   "(line cut short?)",
				   c.n);
	if (memchr(c.at[r->csv_ts], '.', c.len[r->csv_ts]) ?
		    !canlog_parse_decimal(c.at[r->csv_ts], c.len[r->csv_ts],
					  1000000000u, &ts) :
		    !canlog_parse_decimal(c.at[r->csv_ts], c.len[r->csv_ts],
					  1000u, &ts))
		return canlog_fail(err, err_size, "bad time stamp '%.*s'",
				   (int)c.len[r->csv_ts], c.at[r->csv_ts]);
	f->ts_ns = ts;
	p = c.at[r->csv_id];
	i = (unsigned)c.len[r->csv_id];
	if (i > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		p += 2;
		i -= 2;
	}
	if (i > 8 || !canlog_parse_uint(p, i, 16, &f->can_id) ||
	    f->can_id > CAN_EFF_MASK)
		return canlog_fail(err, err_size, "bad CAN ID '%.*s'",
				   (int)c.len[r->csv_id], c.at[r->csv_id]);
	if (field_is(&c, r->csv_ext, "true") || field_is(&c, r->csv_ext, "1"))
		f->can_id |= CAN_EFF_FLAG;
	else if (r->csv_ext >= 0 && !field_is(&c, r->csv_ext, "false") &&
		 !field_is(&c, r->csv_ext, "0"))
		return canlog_fail(err, err_size,
				   "Extended is '%.*s', not true or false",
				   (int)c.len[r->csv_ext], c.at[r->csv_ext]);
	else if (r->csv_ext < 0 && f->can_id > CAN_SFF_MASK)
		f->can_id |= CAN_EFF_FLAG;
	else if (f->can_id > CAN_SFF_MASK)
		return canlog_fail(err, err_size,
				   "11-bit CAN ID '%.*s' above 7FF",
				   (int)c.len[r->csv_id], c.at[r->csv_id]);
	if (field_is(&c, r->csv_dir, "Rx"))
		f->dir = PCAPNG_DIR_INBOUND;
	else if (field_is(&c, r->csv_dir, "Tx"))
		f->dir = PCAPNG_DIR_OUTBOUND;
	if (r->csv_bus >= 0 && (unsigned)r->csv_bus < c.n) {
		if (c.len[r->csv_bus] > 3 ||
		    !canlog_parse_uint(c.at[r->csv_bus], c.len[r->csv_bus], 10,
				       &v))
			return canlog_fail(err, err_size, "bad bus '%.*s'",
					   (int)c.len[r->csv_bus],
					   c.at[r->csv_bus]);
		snprintf(f->iface, sizeof(f->iface), "bus%u", v);
	} else {
		strcpy(f->iface, "bus0");
	}
	if (!canlog_parse_uint(c.at[r->csv_len], c.len[r->csv_len], 10, &v) ||
	    v > 64 || !canlog_valid_fd_len(v))
		return canlog_fail(err, err_size, "bad LEN '%.*s'",
				   (int)c.len[r->csv_len], c.at[r->csv_len]);
	f->len = (uint8_t)v;
	f->fd = v > 8;
	for (i = 0; i < f->len; i++) {
		unsigned k = (unsigned)r->csv_data + i;
		int hi, lo;

		if (k >= c.n || !c.len[k])
			return canlog_fail(
				err, err_size,
				"LEN %u but %u data bytes (line cut short?)",
				f->len, i);
		hi = canlog_hexval(c.at[k][0]);
		lo = c.len[k] == 2 ? canlog_hexval(c.at[k][1]) : -1;
		if (hi < 0 || lo < 0)
			return canlog_fail(err, err_size,
					   "data byte '%.*s' is not hex",
					   (int)c.len[k], c.at[k]);
		f->data[i] = (uint8_t)(hi << 4 | lo);
	}
	for (i += (unsigned)r->csv_data; i < c.n; i++)
		if (c.len[i])
			return canlog_fail(err, err_size,
					   "more data bytes than LEN %u",
					   f->len);
	return CANLOG_FRAME;
}

static int base64_value(char ch)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *at = ch ? strchr(alphabet, ch) : NULL;

	return at ? (int)(at - alphabet) : -1;
}

/* Standard base64 with '=' padding; false unless it fills at most max. */
static bool base64_decode(const char *p, size_t n, uint8_t *out, size_t max,
			  size_t *len)
{
	uint32_t acc = 0;
	unsigned bits = 0;
	size_t k = 0;

	if (n % 4)
		return false;
	while (n && p[n - 1] == '=')
		n--;
	for (size_t i = 0; i < n; i++) {
		int v = base64_value(p[i]);

		if (v < 0)
			return false;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (k == max)
				return false;
			out[k++] = (uint8_t)(acc >> bits);
		}
	}
	*len = k;
	return true;
}

static bool flag_field(const struct csv_fields *c, int i, bool *set)
{
	if (field_is(c, i, "1") || field_is(c, i, "0")) {
		*set = c->at[i][0] == '1';
		return true;
	}
	return false;
}

enum canlog_result canlog_pycan_line(struct canlog_reader *r, const char *p,
				     struct canlog_frame *f, char *err,
				     size_t err_size)
{
	struct csv_fields c;
	bool extended, remote, error;
	uint32_t dlc;
	size_t len;

	(void)r;
	if (!strncmp(p, "timestamp,", 10))
		return CANLOG_SKIP;
	if (!split(p, &c) || c.n != 7)
		return canlog_fail(err, err_size,
				   "%u fields, not the 7 of python-can's CSV",
				   c.n);
	strcpy(f->iface, "can0");
	if (!canlog_parse_decimal(c.at[0], c.len[0], 1000000000u, &f->ts_ns))
		return canlog_fail(err, err_size, "bad timestamp '%.*s'",
				   (int)c.len[0], c.at[0]);
	if (c.len[1] < 3 || c.len[1] > 10 || strncmp(c.at[1], "0x", 2) ||
	    !canlog_parse_uint(c.at[1] + 2, c.len[1] - 2, 16, &f->can_id))
		return canlog_fail(err, err_size, "bad arbitration_id '%.*s'",
				   (int)c.len[1], c.at[1]);
	if (!flag_field(&c, 2, &extended) || !flag_field(&c, 3, &remote) ||
	    !flag_field(&c, 4, &error))
		return canlog_fail(err, err_size,
				   "extended, remote and error must be 0 or 1");
	if (!canlog_parse_uint(c.at[5], c.len[5], 10, &dlc) || dlc > 64 ||
	    !canlog_valid_fd_len(dlc))
		return canlog_fail(err, err_size, "bad dlc '%.*s'",
				   (int)c.len[5], c.at[5]);
	if (!base64_decode(c.at[6], c.len[6], f->data, sizeof(f->data), &len))
		return canlog_fail(err, err_size, "data '%.*s' is not base64",
				   (int)c.len[6], c.at[6]);
	if (error) {
		f->can_id = CAN_ERR_FLAG | (f->can_id & CAN_ERR_MASK);
		f->len = CAN_ERR_DLC;
		return CANLOG_FRAME;
	}
	if (extended ? f->can_id > CAN_EFF_MASK : f->can_id > CAN_SFF_MASK)
		return canlog_fail(err, err_size,
				   "arbitration_id '%.*s' "
				   "out of range",
				   (int)c.len[1], c.at[1]);
	if (extended)
		f->can_id |= CAN_EFF_FLAG;
	f->len = (uint8_t)dlc;
	if (remote) {
		if (dlc > 8 || len)
			return canlog_fail(err, err_size,
					   "remote frame with data or dlc > 8");
		f->can_id |= CAN_RTR_FLAG;
		return CANLOG_FRAME;
	}
	if (len != dlc)
		return canlog_fail(
			err, err_size,
			"dlc %u but %zu data bytes (line cut short?)", dlc,
			len);
	f->fd = dlc > 8;
	return CANLOG_FRAME;
}
