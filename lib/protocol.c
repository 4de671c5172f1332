// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Table-driven decoder and encoder for FoxESS (and neighbouring) CAN
 * frames.  Plain C: no Wireshark, no allocation, safe on any input.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "foxess/table.h"

static double field_scale(const struct fox_field *f)
{
	return f->scale != 0.0 ? f->scale : 1.0;
}

static unsigned field_repeat(const struct fox_field *f)
{
	return f->repeat > 1 ? f->repeat : 1;
}

const char *fox_value_name(const struct fox_value_name *names, uint32_t v)
{
	if (!names)
		return NULL;
	for (; names->name; names++)
		if (names->value == v)
			return names->name;
	return NULL;
}

/*
 * The last lookups, per thread: a bus carries a handful of IDs and the
 * engine asks for each frame's row several times (protocol, variant cue,
 * decode), so the table scan was a third of foxess-scan's time.
 */
#define FRAME_CACHE_BITS 10

struct frame_cache_entry {
	uint64_t key; /* frame_key(); 0 = empty */
	unsigned index;
	const struct fox_frame *frame;
};

static _Thread_local struct frame_cache_entry
	frame_cache[1u << FRAME_CACHE_BITS];

/* Never 0: the top bit is always set.  Every protocol number keeps its own
 * bits, so a caller's out-of-range protocol never finds another's row. */
static uint64_t frame_key(enum fox_proto proto, uint32_t id, bool extended)
{
	return 1ull << 63 | (uint64_t)proto << 30 | (uint64_t)extended << 29 |
	       (id & 0x1FFFFFFF);
}

static const struct fox_frame *frame_scan(enum fox_proto proto, uint32_t id,
					  bool extended, unsigned *index)
{
	for (size_t i = 0; i < fox_n_frames; i++) {
		const struct fox_frame *fr = &fox_frames[i];

		if (fr->proto != proto || fr->extended != extended ||
		    id < fr->id_first || id > fr->id_last ||
		    (id - fr->id_first) % fr->id_step)
			continue;
		*index = (id - fr->id_first) / fr->id_step;
		return fr;
	}
	*index = 0;
	return NULL;
}

/*
 * The rows of every ID below DIRECT_IDS (all of FoxESS's, Pylontech's
 * 11-bit ones), by protocol and ID kind, built once: the engine and the
 * dissector look up each frame's row several times, and an array read
 * costs less than even a hit in the per-thread cache.
 */
#define DIRECT_IDS 0x2000

static uint8_t direct_rows[FOX_PROTO_PYLONTECH + 1][2][DIRECT_IDS];
_Static_assert(sizeof(fox_frames) / sizeof(fox_frames[0]) < 256,
	       "a row number + 1 fits in direct_rows");
/* The first variant cue rule + 1 (0: none) whose ID range holds each ID,
 * built with direct_rows: most frames are named by no rule, and the scan
 * of the rules ran for every FoxESS frame. */
static uint8_t direct_cues[DIRECT_IDS];
_Static_assert(sizeof(fox_variant_cue_rules) /
			       sizeof(fox_variant_cue_rules[0]) <
		       256,
	       "a rule number + 1 fits in direct_cues");
static pthread_once_t direct_rows_once = PTHREAD_ONCE_INIT;
/* Set (release) once direct_rows is built: a lookup tests it before
 * pthread_once(), whose call cost more than the lookup itself. */
static bool direct_rows_ready;

/* Row + 1 (0: none) of each ID, the first matching row as frame_scan()
 * finds it. */
static void direct_rows_build(void)
{
	for (size_t i = fox_n_frames; i-- > 0;) {
		const struct fox_frame *fr = &fox_frames[i];

		for (uint32_t id = fr->id_first;
		     id <= fr->id_last && id < DIRECT_IDS; id += fr->id_step)
			direct_rows[fr->proto][fr->extended][id] =
				(uint8_t)(i + 1);
	}
	for (size_t i = fox_n_variant_cue_rules; i-- > 0;) {
		const struct fox_variant_cue_rule *r =
			&fox_variant_cue_rules[i];

		for (uint32_t id = r->id_first;
		     id <= r->id_last && id < DIRECT_IDS; id++)
			direct_cues[id] = (uint8_t)(i + 1);
	}
	__atomic_store_n(&direct_rows_ready, true, __ATOMIC_RELEASE);
}

/* direct_rows and direct_cues, built on first use. */
static inline void direct_index_build_once(void)
{
	if (!__atomic_load_n(&direct_rows_ready, __ATOMIC_ACQUIRE))
		pthread_once(&direct_rows_once, direct_rows_build);
}

/* fox_frame_find() of an ID above the direct index, through the cache;
 * kept out of line so that the common lookup stays a few instructions. */
static __attribute__((noinline)) const struct fox_frame *
frame_find_cached(enum fox_proto proto, uint32_t id, bool extended,
		  unsigned *index)
{
	uint64_t key = frame_key(proto, id, extended);
	uint32_t h = (uint32_t)(key ^ key >> 32);
	struct frame_cache_entry *c;
	unsigned unused;

	h = (h ^ h >> 16) * 0x45D9F3Bu;
	c = &frame_cache[(h ^ h >> 16) & ((1u << FRAME_CACHE_BITS) - 1)];
	if (id > 0x1FFFFFFF)
		return frame_scan(proto, id, extended, index ? index : &unused);
	if (c->key != key) {
		c->frame = frame_scan(proto, id, extended, &c->index);
		c->key = key;
	}
	if (c->frame && index)
		*index = c->index;
	return c->frame;
}

const struct fox_frame *fox_frame_find(enum fox_proto proto, uint32_t id,
				       bool extended, unsigned *index)
{
	const struct fox_frame *fr;
	unsigned row;

	if (id >= DIRECT_IDS || (unsigned)proto > FOX_PROTO_PYLONTECH)
		return frame_find_cached(proto, id, extended, index);
	direct_index_build_once();
	row = direct_rows[proto][extended][id];
	if (!row)
		return NULL;
	fr = &fox_frames[row - 1];
	if (index)
		*index = (id - fr->id_first) / fr->id_step;
	return fr;
}

const struct fox_frame *fox_frame_by_key(const char *key)
{
	for (size_t i = 0; i < fox_n_frames; i++)
		if (strcmp(fox_frames[i].key, key) == 0)
			return &fox_frames[i];
	return NULL;
}

const struct fox_field *fox_field_find(const char *abbrev,
				       const struct fox_frame **frame)
{
	for (size_t i = 0; i < fox_n_frames; i++) {
		const struct fox_frame *fr = &fox_frames[i];

		for (size_t j = 0; j < fr->n_fields; j++) {
			if (strcmp(fr->fields[j].abbrev, abbrev))
				continue;
			if (frame)
				*frame = fr;
			return &fr->fields[j];
		}
	}
	return NULL;
}

/* fox_field_applies(), inlined where the decoder asks it of every field
 * with a variant mask or a condition byte. */
static inline bool field_applies(const struct fox_field *f,
				 enum fox_variant variant, const uint8_t *data,
				 size_t len)
{
	unsigned vm = variant == FOX_VARIANT_UNKNOWN ? FOX_VM_H : 1u << variant;

	if (f->variants && !(f->variants & vm))
		return false;
	if (f->cond_values) {
		if (f->cond_byte >= len || data[f->cond_byte] >= 32 ||
		    !(f->cond_values & (1u << data[f->cond_byte])))
			return false;
	}
	return true;
}

bool fox_field_applies(const struct fox_field *f, enum fox_variant variant,
		       const uint8_t *data, size_t len)
{
	return field_applies(f, variant, data, len);
}

/* Little-endian integers, the table's own order, without a loop: this
 * runs for nearly every value of every frame. */
static uint32_t get_int(const uint8_t *p, unsigned width,
			enum fox_byte_order order)
{
	uint32_t v = 0;

	if (order == FOX_ORDER_LE) {
		switch (width) {
		case 1:
			return p[0];
		case 2:
			return p[0] | (uint32_t)p[1] << 8;
		case 3:
			return p[0] | (uint32_t)p[1] << 8 |
			       (uint32_t)p[2] << 16;
		case 4:
			return p[0] | (uint32_t)p[1] << 8 |
			       (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
		}
	}
	for (unsigned i = 0; i < width; i++)
		v = v << 8 | p[order == FOX_ORDER_BE ? i : width - 1 - i];
	return v;
}

/* The position of mask's lowest set bit, 0 for no mask. */
static unsigned mask_shift(uint8_t mask)
{
	return mask ? (unsigned)__builtin_ctz(mask) : 0;
}

int64_t fox_datetime_epoch(const uint8_t *b)
{
	static const uint16_t month_days[] = { 0,   31,	 59,  90,  120, 151,
					       181, 212, 243, 273, 304, 334 };
	unsigned year = 2000u + b[0], mon = b[1], day = b[2];
	int64_t days;

	if (mon < 1 || mon > 12 || day < 1 || day > 31 || b[3] > 23 ||
	    b[4] > 59 || b[5] > 60)
		return -1;
	/* Days since 1970-01-01; the clock's range (2000-2255) needs only
	 * the 4/100/400 leap rule, applied to whole years before this one. */
	days = 365 * (int64_t)(year - 1970) + (year - 1969) / 4 -
	       (year - 1901) / 100 + (year - 1601) / 400;
	days += month_days[mon - 1] + day - 1;
	if (mon > 2 && (year % 4 == 0 && (year % 100 || year % 400 == 0)))
		days++;
	return days * 86400 + b[3] * 3600 + b[4] * 60 + b[5];
}

/*
 * n in decimal, zero-padded to digits digits, written at buf; returns
 * the end.  The text values of the frames (firmware, clock, raw bytes)
 * are written for every frame that has one: without printf, whose set-up
 * cost more than the text.
 */
static char *put_decimal(char *buf, unsigned n, unsigned digits)
{
	char tmp[10];
	unsigned k = 0;

	do {
		tmp[k++] = (char)('0' + n % 10);
		n /= 10;
	} while (n || k < digits);
	while (k)
		*buf++ = tmp[--k];
	return buf;
}

/* "%02X" of byte at buf; returns the end. */
static char *put_hex_byte(char *buf, uint8_t byte)
{
	*buf++ = "0123456789ABCDEF"[byte >> 4];
	*buf++ = "0123456789ABCDEF"[byte & 0x0F];
	return buf;
}

/* At most 7 characters ("v15.15"), in a FOX_TEXT_MAX buffer. */
static void format_firmware(uint8_t fw, uint8_t address, char *buf)
{
	/* The BMS master (address 0x01) prints the byte as a decimal
	 * number, packs as major.minor nibbles (protocol-notes section 3). */
	if (address == 0x01) {
		buf = put_decimal(buf, fw, 3);
	} else {
		*buf++ = 'v';
		buf = put_decimal(buf, fw >> 4, 1);
		*buf++ = '.';
		buf = put_decimal(buf, fw & 0x0F, 1);
	}
	*buf = '\0';
}

/* "%04u-%02u-%02u %02u:%02u:%02u" of the six clock bytes, year 2000 + YY:
 * at most 24 characters, in a FOX_TEXT_MAX buffer. */
static void format_datetime(const uint8_t *p, char *buf)
{
	static const char after[] = "-- ::";

	buf = put_decimal(buf, 2000u + p[0], 4);
	for (unsigned i = 1; i < 6; i++) {
		*buf++ = after[i - 1];
		buf = put_decimal(buf, p[i], 2);
	}
	*buf = '\0';
}

static __attribute__((noinline)) void
decode_text(const struct fox_field *f, const uint8_t *p, const uint8_t *data,
	    size_t len, struct fox_value *v)
{
	unsigned n = 0;

	switch (f->kind) {
	case FOX_K_ASCII:
		for (unsigned i = 0; i < f->width && i < FOX_TEXT_MAX - 1;
		     i++) {
			if (p[i] == 0)
				continue;
			v->text[n++] = p[i] >= 0x20 && p[i] < 0x7F ? p[i] : '.';
		}
		v->text[n] = '\0';
		break;
	case FOX_K_DATETIME:
		v->raw = fox_datetime_epoch(p);
		format_datetime(p, v->text);
		v->value = (double)v->raw;
		break;
	case FOX_K_FIRMWARE:
		v->raw = p[0];
		v->value = p[0];
		format_firmware(p[0], len > 7 ? data[7] : 0x01, v->text);
		break;
	case FOX_K_BYTES:
		/* "%s%02X" of each byte, " " between them, as far as the
		 * text holds all three characters. */
		for (unsigned i = 0; i < v->width && n + 3 < FOX_TEXT_MAX;
		     i++) {
			if (i)
				v->text[n++] = ' ';
			put_hex_byte(v->text + n, p[i]);
			n += 2;
		}
		v->text[n] = '\0';
		break;
	default:
		break;
	}
}

/* Bytes of field f (repeated item r, 0-based) present in len bytes: the
 * whole width, or for raw bytes whatever part of them was sent. */
static unsigned field_bytes(const struct fox_field *f, unsigned r, size_t len)
{
	unsigned off = f->offset + r * f->width;

	if (off + f->width <= len)
		return f->width;
	if (f->kind == FOX_K_BYTES && off < len)
		return (unsigned)(len - off);
	return 0;
}

/* The raw integer of a flag or a 12-bit half; out of line, as the text
 * values are, so that the decoder's loop over the plain integers (most
 * values) keeps its registers. */
static __attribute__((noinline)) int64_t decode_other(const struct fox_field *f,
						      const uint8_t *p)
{
	switch (f->kind) {
	case FOX_K_FLAG:
		return (p[0] & f->mask) >> mask_shift(f->mask);
	case FOX_K_U12_LO:
		return p[0] | (p[1] & 0x0F) << 8;
	case FOX_K_U12_HI:
		return p[0] >> 4 | p[1] << 4;
	default:
		return 0;
	}
}

static void decode_one(const struct fox_field *f, unsigned item, unsigned width,
		       const uint8_t *data, size_t len,
		       enum fox_byte_order order, struct fox_value *v)
{
	unsigned off = f->offset + (item ? (item - 1) * f->width : 0);
	const uint8_t *p = data + off;
	int64_t raw;

	v->field = f;
	v->item = (uint8_t)item;
	v->offset = (uint8_t)off;
	v->width = (uint8_t)width;
	v->text[0] = '\0';

	if (f->kind == FOX_K_UINT || f->kind == FOX_K_BITS) {
		raw = get_int(p, f->width, order);
	} else if (f->kind == FOX_K_INT) {
		uint32_t u = get_int(p, f->width, order);
		unsigned bits = 8 * f->width;

		raw = bits < 32 && (u >> (bits - 1)) ?
			      (int64_t)u - ((int64_t)1 << bits) :
			      (int64_t)(int32_t)u;
	} else if (f->kind == FOX_K_ASCII || f->kind == FOX_K_DATETIME ||
		   f->kind == FOX_K_FIRMWARE || f->kind == FOX_K_BYTES) {
		v->raw = 0;
		v->value = 0;
		decode_text(f, p, data, len, v);
		return;
	} else {
		raw = decode_other(f, p);
	}
	v->raw = raw;
	v->value = (double)raw * field_scale(f) + f->add;
}

enum fox_status fox_decode_row(const struct fox_frame *fr, unsigned index,
			       const uint8_t *data, size_t len,
			       enum fox_variant variant,
			       enum fox_byte_order order,
			       struct fox_decoded *out)
{
	out->n_values = 0;
	out->index = fr ? index : 0;
	out->variant = variant;
	out->frame = fr;
	if (!fr) {
		out->status = FOX_UNKNOWN_ID;
		return out->status;
	}
	out->status = len < fr->min_len ? FOX_SHORT : FOX_OK;

	for (size_t i = 0; i < fr->n_fields; i++) {
		const struct fox_field *f = &fr->fields[i];
		unsigned n = field_repeat(f);

		/* Most fields apply to every variant, unconditionally. */
		if ((f->variants || f->cond_values) &&
		    !field_applies(f, variant, data, len))
			continue;
		for (unsigned r = 0; r < n; r++) {
			unsigned width = field_bytes(f, r, len);

			if (!width)
				break;
			if (out->n_values == FOX_MAX_VALUES)
				return out->status;
			decode_one(f, n > 1 ? r + 1 : 0, width, data, len,
				   order, &out->values[out->n_values++]);
		}
	}
	return out->status;
}

enum fox_status fox_decode_order(enum fox_proto proto, uint32_t id,
				 bool extended, const uint8_t *data, size_t len,
				 enum fox_variant variant,
				 enum fox_byte_order order,
				 struct fox_decoded *out)
{
	unsigned index = 0;
	const struct fox_frame *fr =
		fox_frame_find(proto, id, extended, &index);

	return fox_decode_row(fr, index, data, len, variant, order, out);
}

enum fox_status fox_decode(enum fox_proto proto, uint32_t id, bool extended,
			   const uint8_t *data, size_t len,
			   enum fox_variant variant, struct fox_decoded *out)
{
	return fox_decode_order(proto, id, extended, data, len, variant,
				FOX_ORDER_LE, out);
}

bool fox_decoded_plausible(const struct fox_decoded *d)
{
	unsigned ranged = 0;

	if (d->status != FOX_OK)
		return false;
	for (unsigned i = 0; i < d->n_values; i++) {
		const struct fox_field *f = d->values[i].field;

		if (!f->has_range)
			continue;
		if (d->values[i].value < f->range_lo ||
		    d->values[i].value > f->range_hi)
			return false;
		ranged++;
	}
	return ranged > 0;
}

bool fox_decoded_marked(const struct fox_decoded *d)
{
	for (unsigned i = 0; i < d->n_values; i++) {
		const struct fox_value *v = &d->values[i];
		const char *m = v->field->marker;

		if (m && v->field->kind == FOX_K_ASCII &&
		    strncmp(v->text, m, strlen(m)) == 0)
			return true;
	}
	return false;
}

bool fox_byte_order_cue(enum fox_proto proto, uint32_t id, bool extended,
			const uint8_t *data, size_t len,
			enum fox_byte_order *order)
{
	struct fox_decoded le, be;
	bool le_ok, be_ok;

	fox_decode_order(proto, id, extended, data, len, FOX_VARIANT_UNKNOWN,
			 FOX_ORDER_LE, &le);
	fox_decode_order(proto, id, extended, data, len, FOX_VARIANT_UNKNOWN,
			 FOX_ORDER_BE, &be);
	le_ok = fox_decoded_plausible(&le);
	be_ok = fox_decoded_plausible(&be);
	if (le_ok == be_ok)
		return false;
	*order = le_ok ? FOX_ORDER_LE : FOX_ORDER_BE;
	return true;
}

const struct fox_value *fox_decoded_get(const struct fox_decoded *d,
					const char *abbrev, unsigned item)
{
	for (unsigned i = 0; i < d->n_values; i++) {
		const struct fox_value *v = &d->values[i];

		if (strcmp(v->field->abbrev, abbrev) == 0 &&
		    (item == 0 || v->item == item))
			return v;
	}
	return NULL;
}

/*
 * "%.*f" of value, the way printf writes it, without printf: labels are
 * formatted for every value of a shown tree, and printf's exact decimal
 * conversion was the plugin's largest single cost.  value * 10^decimals
 * is within an ulp of the exact product, so rounding it gives printf's
 * digits unless it lies next to a tie; those, and large values, return
 * 0 and are left to printf.  Returns the length written.
 */
static size_t format_fixed(double value, unsigned decimals, char *buf,
			   size_t size)
{
	static const double pow10[] = { 1, 10, 100, 1e3, 1e4, 1e5, 1e6 };
	double x, frac;
	uint32_t n;
	size_t len = 1, used;
	char *p;

	if (decimals >= sizeof(pow10) / sizeof(pow10[0]))
		return 0;
	x = fabs(value) * pow10[decimals];
	if (!(x < 1e9))
		return 0;
	n = (uint32_t)x; /* x >= 0: truncation is floor() */
	frac = x - n;
	if (fabs(frac - 0.5) < 1e-6)
		return 0;
	n += frac > 0.5;
	/* n's digits, at least decimals + 1 ("0.05"), are written from the
	 * last one back, in place: no copying. */
	for (uint64_t p10 = 10; p10 <= n; p10 *= 10)
		len++;
	if (len <= decimals)
		len = decimals + 1;
	if (len + 3 > size)
		return 0;
	used = (signbit(value) ? 1 : 0) + len + (decimals ? 1 : 0);
	p = buf + used;
	*p = '\0';
	for (unsigned i = 0; i < decimals; i++, n /= 10)
		*--p = (char)('0' + n % 10);
	if (decimals)
		*--p = '.';
	for (len -= decimals; len > 0; len--, n /= 10)
		*--p = (char)('0' + n % 10);
	if (signbit(value))
		*--p = '-';
	return used;
}

/*
 * Append a and b at buf + at as snprintf(buf + at, size - at, "%s%s", a, b)
 * would (at < size), without printf: text is built for every value of
 * every frame shown, and printf's set-up cost more than the copying.
 * Returns strlen(a) + strlen(b), the length snprintf would report.
 */
static size_t append_text(char *buf, size_t size, size_t at, const char *a,
			  const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	size_t room = size - at - 1;
	size_t ca = na < room ? na : room;
	size_t cb = nb < room - ca ? nb : room - ca;

	memcpy(buf + at, a, ca);
	memcpy(buf + at + ca, b, cb);
	buf[at + ca + cb] = '\0';
	return na + nb;
}

/* A number with its unit: "397.2 V", "80%".  An energy counted in Wh
 * reads in kWh to 0.1 kWh, as the other energy fields are written
 * ("5220921 Wh" was hard to read); the field's value stays in Wh. */
size_t fox_format_number(const struct fox_field *f, double value, char *buf,
			 size_t size)
{
	const char *unit = f->unit ? f->unit : "";
	unsigned decimals = f->decimals;
	const char *sep;
	size_t n;
	int printed;

	if (unit[0] == 'W' && !strcmp(unit, "Wh")) {
		value /= 1000;
		unit = "kWh";
		decimals = 1;
	}
	sep = *unit && !(unit[0] == '%' && !unit[1]) ? " " : "";
	n = format_fixed(value, decimals, buf, size);
	if (n && n + 1 + strlen(unit) < size) {
		/* The common case, with room: no copying calls. */
		if (*sep)
			buf[n++] = ' ';
		while (*unit)
			buf[n++] = *unit++;
		buf[n] = '\0';
		return n;
	}
	if (n)
		return n + append_text(buf, size, n, sep, unit);
	printed = snprintf(buf, size, "%.*f%s%s", decimals, value, sep, unit);
	return printed < 0 ? 0 : (size_t)printed;
}

/* "0x%0*llx" of raw, 2 * width digits at least. */
static size_t format_hex(int64_t raw, unsigned width, char *buf, size_t size)
{
	char text[2 + 16 + 1];
	unsigned long long u = (unsigned long long)raw;
	unsigned n = 0;
	char digits[16];

	do {
		digits[n++] = "0123456789abcdef"[u & 0xF];
		u >>= 4;
	} while (u);
	while (n < 2 * width && n < sizeof(digits))
		digits[n++] = '0';
	text[0] = '0';
	text[1] = 'x';
	for (unsigned i = 0; i < n; i++)
		text[2 + i] = digits[n - 1 - i];
	text[2 + n] = '\0';
	return append_text(buf, size, 0, text, "");
}

size_t fox_format_value(const struct fox_value *v, char *buf, size_t size)
{
	const struct fox_field *f = v->field;
	const char *name;

	if (!size)
		return 0;
	if (f->kind == FOX_K_ASCII || f->kind == FOX_K_DATETIME ||
	    f->kind == FOX_K_FIRMWARE || f->kind == FOX_K_BYTES)
		return append_text(buf, size, 0, v->text, "");
	if (f->names && (name = fox_value_name(f->names, (uint32_t)v->raw)))
		return append_text(buf, size, 0, name, "");
	if (f->flags & FOX_F_HEX)
		return format_hex(v->raw, f->width, buf, size);
	return fox_format_number(f, v->value, buf, size);
}

static void put_int(uint8_t *p, unsigned width, uint32_t v,
		    enum fox_byte_order order)
{
	for (unsigned i = 0; i < width; i++)
		p[order == FOX_ORDER_BE ? width - 1 - i : i] =
			(uint8_t)(v >> (8 * i));
}

bool fox_encode(const struct fox_field *f, unsigned item, double value,
		uint8_t *data)
{
	return fox_encode_order(f, item, value, FOX_ORDER_LE, data);
}

bool fox_encode_order(const struct fox_field *f, unsigned item, double value,
		      enum fox_byte_order order, uint8_t *data)
{
	unsigned off = f->offset + (item ? (item - 1) * f->width : 0);
	uint8_t *p = data + off;
	double raw = round((value - f->add) / field_scale(f));
	double lo = 0, hi;

	/* NaN compares false with every bound: it would reach the integer
	 * conversions unclamped (undefined behaviour). */
	if (off + f->width > 8 || isnan(value))
		return false;
	switch (f->kind) {
	case FOX_K_UINT:
	case FOX_K_BITS:
		hi = f->width == 4 ? 4294967295.0 :
				     (double)((1u << 8 * f->width) - 1);
		raw = raw < lo ? lo : raw > hi ? hi : raw;
		put_int(p, f->width, (uint32_t)raw, order);
		return true;
	case FOX_K_INT:
		hi = ldexp(1, 8 * f->width - 1) - 1;
		lo = -hi - 1;
		raw = raw < lo ? lo : raw > hi ? hi : raw;
		put_int(p, f->width, (uint32_t)(int32_t)raw, order);
		return true;
	case FOX_K_FLAG: {
		unsigned s = mask_shift(f->mask);
		unsigned max = f->mask >> s;
		unsigned u = raw < 0 ? 0 : raw > max ? max : (unsigned)raw;

		p[0] = (uint8_t)((p[0] & ~f->mask) | (u << s & f->mask));
		return true;
	}
	case FOX_K_FIRMWARE:
		p[0] = (uint8_t)(raw < 0 ? 0 : raw > 255 ? 255 : raw);
		return true;
	case FOX_K_U12_LO:
	case FOX_K_U12_HI: {
		unsigned u = raw < 0 ? 0 : raw > 4095 ? 4095 : (unsigned)raw;

		if (f->kind == FOX_K_U12_LO) {
			p[0] = (uint8_t)u;
			p[1] = (uint8_t)((p[1] & 0xF0) | u >> 8);
		} else {
			p[0] = (uint8_t)((p[0] & 0x0F) | (u & 0x0F) << 4);
			p[1] = (uint8_t)(u >> 4);
		}
		return true;
	}
	case FOX_K_ASCII:
	case FOX_K_DATETIME:
	case FOX_K_BYTES:
		return false;
	}
	return false;
}

/* Raw bytes from hex text, "F0 0F 00" or "F00F00": exactly width bytes. */
static bool encode_hex(const struct fox_field *f, const char *text,
		       uint8_t *data)
{
	uint8_t bytes[8];
	unsigned n = 0;

	while (*text) {
		unsigned byte;
		int used;

		if (*text == ' ') {
			text++;
			continue;
		}
		if (n == f->width || sscanf(text, "%2x%n", &byte, &used) != 1 ||
		    used != 2)
			return false;
		bytes[n++] = (uint8_t)byte;
		text += used;
	}
	if (n != f->width)
		return false;
	memcpy(data + f->offset, bytes, n);
	return true;
}

bool fox_encode_text(const struct fox_field *f, const char *text, uint8_t *data)
{
	size_t n = strlen(text);

	if (f->offset + f->width > 8)
		return false;
	if (f->kind == FOX_K_BYTES)
		return encode_hex(f, text, data);
	if (f->kind != FOX_K_ASCII)
		return false;
	for (unsigned i = 0; i < f->width; i++)
		data[f->offset + i] = i < n ? (uint8_t)text[i] : 0;
	return true;
}

enum fox_variant fox_variant_cue_row(const struct fox_frame *fr, uint32_t id,
				     const uint8_t *data, size_t len)
{
	size_t i = 0;

	/* IDs only EP units send: the table's EP-only frames. */
	if (fr && fr->variants == FOX_VM_EP)
		return FOX_VARIANT_EP;
	/* Rules before the first that names the ID cannot match it. */
	if (id < DIRECT_IDS) {
		direct_index_build_once();
		if (!direct_cues[id])
			return FOX_VARIANT_UNKNOWN;
		i = direct_cues[id] - 1u;
	}
	for (; i < fox_n_variant_cue_rules; i++) {
		const struct fox_variant_cue_rule *r =
			&fox_variant_cue_rules[i];

		if (id < r->id_first || id > r->id_last)
			continue;
		if (r->by_id || (r->byte < len && data[r->byte] >= r->lo &&
				 data[r->byte] <= r->hi))
			return r->variant;
	}
	return FOX_VARIANT_UNKNOWN;
}

enum fox_variant fox_variant_cue(uint32_t id, const uint8_t *data, size_t len)
{
	return fox_variant_cue_row(
		fox_frame_find(FOX_PROTO_FOXESS, id, true, NULL), id, data,
		len);
}

enum fox_class fox_request_class(const uint8_t *data, size_t len)
{
	if (len <= FOX_REQ_OPCODE_BYTE)
		return FOX_CLASS_NONE;
	for (size_t i = 0; i < fox_n_request_forms; i++) {
		const struct fox_request_form *rf = &fox_request_forms[i];

		if (data[FOX_REQ_OPCODE_BYTE] != rf->opcode)
			continue;
		if (!rf->has_selector)
			return rf->class;
		if (len > FOX_REQ_SELECTOR_BYTE &&
		    data[FOX_REQ_SELECTOR_BYTE] == rf->selector)
			return rf->class;
	}
	return FOX_CLASS_NONE;
}

const char *fox_class_name(enum fox_class c)
{
	static const char *const names[FOX_CLASS_COUNT] = {
		[FOX_CLASS_NONE] = "none",
		[FOX_CLASS_MAIN] = "main poll",
		[FOX_CLASS_PACK_DATA] = "pack data",
		[FOX_CLASS_CELL_VOLTAGES] = "cell voltages",
		[FOX_CLASS_CELL_TEMPS] = "cell temperatures",
		[FOX_CLASS_SERIAL] = "serial numbers",
	};

	return c < FOX_CLASS_COUNT ? names[c] : "none";
}

const char *fox_variant_name(enum fox_variant v)
{
	switch (v) {
	case FOX_VARIANT_H:
		return "H-series";
	case FOX_VARIANT_EP:
		return "EP-series";
	case FOX_VARIANT_UNKNOWN:
		break;
	}
	return "unknown";
}

const char *fox_confidence_name(enum fox_confidence c)
{
	switch (c) {
	case FOX_CONF_CONFIRMED:
		return "confirmed";
	case FOX_CONF_LIKELY:
		return "likely";
	case FOX_CONF_PROVISIONAL:
		return "provisional";
	case FOX_CONF_UNKNOWN:
		break;
	}
	return "meaning unknown";
}

const char *fox_frame_name(const struct fox_frame *fr, enum fox_variant variant)
{
	return variant == FOX_VARIANT_EP && fr->ep_name ? fr->ep_name :
							  fr->name;
}

const char *fox_frame_summary(const struct fox_frame *fr,
			      enum fox_variant variant)
{
	return variant == FOX_VARIANT_EP && fr->ep_summary ? fr->ep_summary :
							     fr->summary;
}

enum fox_confidence fox_field_confidence(const struct fox_field *f,
					 enum fox_variant variant)
{
	if (variant == FOX_VARIANT_EP && f->ep_graded)
		return f->ep_confidence;
	return f->confidence;
}

enum fox_request_form_check fox_request_form_check(const struct fox_decoded *d)
{
	const struct fox_value *opcode =
		fox_decoded_get(d, "foxess.request.opcode", 0);
	const struct fox_value *selector =
		fox_decoded_get(d, "foxess.request.selector", 0);

	if (opcode &&
	    !fox_value_name(opcode->field->names, (uint32_t)opcode->raw))
		return FOX_REQUEST_UNKNOWN_OPCODE;
	if (selector &&
	    !fox_value_name(selector->field->names, (uint32_t)selector->raw))
		return FOX_REQUEST_UNKNOWN_SELECTOR;
	return FOX_REQUEST_KNOWN;
}
