// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the table decoder and encoder (lib/protocol.c).
 *
 * Input layout (seeds written by tests/fuzz/make-seeds.sh use it too):
 *   byte 0     mode: bits 0-1 variant (3 = unknown), bit 2 big-endian
 *              integers, bit 3 extended ID, bits 4-6 protocol, bit 7 pick
 *              the ID from the table
 *   bytes 1-4  CAN ID, little-endian (with bit 7: table row and step)
 *   byte 5     scratch: item and bit pattern for the encoder checks
 *   bytes 6-   the frame payload, at most 64 bytes (CAN FD)
 *
 * Besides the sanitizers, every call checks what the decoder promises:
 * values lie inside the payload, lookups find what was decoded, formatting
 * terminates, and encoding a decoded value gives back the same bytes.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "foxess/protocol.h"
#include "fuzz.h"

#define HEADER_LEN  6
#define MAX_PAYLOAD 64

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Kinds the encoder stores from a number (new kinds stay out until the
 * harness knows what their encoder promises). */
static bool numeric_kind(enum fox_kind k)
{
	switch (k) {
	case FOX_K_UINT:
	case FOX_K_INT:
	case FOX_K_BITS:
	case FOX_K_FLAG:
	case FOX_K_FIRMWARE:
	case FOX_K_U12_LO:
	case FOX_K_U12_HI:
		return true;
	default:
		return false;
	}
}

static void check_format(const struct fox_value *v)
{
	char small[6], big[256];
	size_t n_small, n_big;

	memset(small, 0x5A, sizeof(small));
	n_small = fox_format_value(v, small, sizeof(small));
	n_big = fox_format_value(v, big, sizeof(big));
	FUZZ_CHECK(n_small == n_big);
	FUZZ_CHECK(n_big < sizeof(big) && strlen(big) == n_big);
	FUZZ_CHECK(memchr(small, '\0', sizeof(small)) != NULL);
	FUZZ_CHECK(memchr(v->text, '\0', sizeof(v->text)) != NULL);
}

/* Encoding the value just decoded must reproduce the frame's bytes. */
static void check_round_trip(const struct fox_value *v, const uint8_t *data,
			     size_t len)
{
	uint8_t orig[8] = { 0 }, buf[8];

	if (!numeric_kind(v->field->kind) || v->offset + v->width > 8)
		return;
	memcpy(orig, data, len < 8 ? len : 8);
	memcpy(buf, orig, sizeof(buf));
	FUZZ_CHECK(fox_encode(v->field, v->item, v->value, buf));
	FUZZ_CHECK(memcmp(buf, orig, sizeof(buf)) == 0);
}

/* The decoded value of field f after encoding value into a frame filled
 * with pattern; false when the encoder refuses the value. */
static bool encode_decode(const struct fox_frame *fr, const struct fox_field *f,
			  unsigned item, double value, uint8_t pattern,
			  double *out)
{
	uint8_t buf[8];
	struct fox_decoded d;
	const struct fox_value *v;

	memset(buf, pattern, sizeof(buf));
	if (!fox_encode(f, item, value, buf))
		return false;
	fox_decode(fr->proto, fr->id_first, fr->extended, buf, sizeof(buf),
		   f->variants & FOX_VM_H ? FOX_VARIANT_H : FOX_VARIANT_EP, &d);
	/* another row may claim the ID for this variant */
	if (d.frame != fr)
		return false;
	v = fox_decoded_get(&d, f->abbrev, item);
	if (!v || v->field != f)
		return false;
	*out = v->value;
	return true;
}

static bool contiguous(const struct fox_field *f)
{
	unsigned m = f->mask;

	if (f->kind != FOX_K_FLAG)
		return true;
	while (m && !(m & 1))
		m >>= 1;
	return (m & (m + 1)) == 0;
}

/*
 * Encode an arbitrary double into every numeric field of the frame.  The
 * encoder must refuse NaN and saturate the rest: the infinities
 * give the ends of the field's range, and a finite value inside that
 * range must come back to within half a step.
 */
static void check_encode_any(const struct fox_frame *fr, double value,
			     uint8_t pattern)
{
	for (size_t i = 0; i < fr->n_fields; i++) {
		const struct fox_field *f = &fr->fields[i];
		unsigned item = f->repeat > 1 ? 1 + pattern % f->repeat : 0;
		double step = f->scale != 0 ? fabs(f->scale) : 1;
		double got, lo, hi;

		if (!numeric_kind(f->kind) || f->kind == FOX_K_FIRMWARE)
			continue;
		if (isnan(value)) {
			uint8_t buf[8] = { 0 };

			/* also without UBSan (the plain replay) */
			FUZZ_CHECK(!fox_encode(f, item, value, buf));
			continue;
		}
		if (!encode_decode(fr, f, item, value, pattern, &got) ||
		    !encode_decode(fr, f, item, -INFINITY, pattern, &lo) ||
		    !encode_decode(fr, f, item, INFINITY, pattern, &hi))
			continue;
		if (lo > hi) {
			double t = lo;

			lo = hi;
			hi = t;
		}
		FUZZ_CHECK(got >= lo && got <= hi);
		/* a flag field over scattered bits ("other bits") has holes
		 * in its range */
		if (value >= lo && value <= hi && contiguous(f))
			FUZZ_CHECK(fabs(got - value) <= step / 2 * (1 + 1e-9));
	}
}

static void check_frame_lookup(const struct fox_decoded *d,
			       enum fox_proto proto, uint32_t id, bool ext)
{
	const struct fox_frame *fr = d->frame;
	unsigned index;

	/* variant-specific rows may share IDs: fox_decode picks the row */
	FUZZ_CHECK(fox_frame_find(proto, id, ext, &index) != NULL);
	FUZZ_CHECK(fr->proto == proto && fr->extended == ext);
	FUZZ_CHECK(id >= fr->id_first && id <= fr->id_last &&
		   (id - fr->id_first) % fr->id_step == 0);
	FUZZ_CHECK(fox_frame_by_key(fr->key) == fr);
	FUZZ_CHECK(d->index == (id - fr->id_first) / fr->id_step);
}

/* A byte order the cue names must decode the frame plausibly. */
static void check_order_cue(enum fox_proto proto, uint32_t id, bool ext,
			    const uint8_t *data, size_t len)
{
	enum fox_byte_order order;
	struct fox_decoded d;

	if (!fox_byte_order_cue(proto, id, ext, data, len, &order))
		return;
	FUZZ_CHECK(order == FOX_ORDER_LE || order == FOX_ORDER_BE);
	fox_decode_order(proto, id, ext, data, len, FOX_VARIANT_UNKNOWN, order,
			 &d);
	FUZZ_CHECK(fox_decoded_plausible(&d));
}

static void check_values(const struct fox_decoded *d, const uint8_t *data,
			 size_t len, enum fox_byte_order order)
{
	const struct fox_frame *fr = d->frame;

	FUZZ_CHECK(d->n_values <= FOX_MAX_VALUES);
	for (unsigned i = 0; i < d->n_values; i++) {
		const struct fox_value *v = &d->values[i];
		const struct fox_field *named;

		FUZZ_CHECK(v->field >= fr->fields &&
			   v->field < fr->fields + fr->n_fields);
		FUZZ_CHECK((size_t)v->offset + v->width <= len);
		FUZZ_CHECK(fox_decoded_get(d, v->field->abbrev, v->item));
		/* several frames may share a filter name */
		named = fox_field_find(v->field->abbrev, NULL);
		FUZZ_CHECK(named && !strcmp(named->abbrev, v->field->abbrev));
		FUZZ_CHECK(v->field->repeat > 1 ? v->item >= 1 : v->item == 0);
		check_format(v);
		/* the encoder writes little-endian only */
		if (order == FOX_ORDER_LE)
			check_round_trip(v, data, len);
	}
}

static void check_datetime(const uint8_t *b)
{
	int64_t t = fox_datetime_epoch(b);

	/* 2000-01-01 .. 2255-12-31 23:59:60 */
	FUZZ_CHECK(t == -1 || (t >= 946684800 && t <= 9183110400));
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
	const uint8_t *data = in + HEADER_LEN;
	struct fox_decoded d;
	enum fox_variant variant;
	enum fox_proto proto;
	enum fox_byte_order order;
	uint32_t id;
	bool ext;
	size_t len;

	/* libFuzzer hands over exactly size bytes, so ASan catches any read
	 * past the end of the payload. */
	if (size < HEADER_LEN || size > HEADER_LEN + MAX_PAYLOAD)
		return 0;
	len = size - HEADER_LEN;

	variant = (in[0] & 3) == 3 ? FOX_VARIANT_UNKNOWN :
				     (enum fox_variant)(in[0] & 3);
	id = le32(in + 1);
	if (in[0] & 0x80) {
		const struct fox_frame *fr = &fox_frames[id % fox_n_frames];
		uint32_t steps = (fr->id_last - fr->id_first) / fr->id_step + 1;

		proto = fr->proto;
		ext = fr->extended;
		id = fr->id_first + (id >> 8) % steps * fr->id_step;
	} else {
		proto = (enum fox_proto)(in[0] >> 4 & 7);
		ext = in[0] & 0x08;
		id &= ext ? 0x1FFFFFFF : 0x7FF;
	}

	order = in[0] & 4 ? FOX_ORDER_BE : FOX_ORDER_LE;
	fox_decode_order(proto, id, ext, data, len, variant, order, &d);
	if (d.frame) {
		FUZZ_CHECK(d.status ==
			   (len < d.frame->min_len ? FOX_SHORT : FOX_OK));
		check_frame_lookup(&d, proto, id, ext);
		check_values(&d, data, len, order);
		check_order_cue(proto, id, ext, data, len);
		fox_decoded_marked(&d);
	} else {
		FUZZ_CHECK(d.status == FOX_UNKNOWN_ID && !d.n_values);
	}
	FUZZ_CHECK(fox_variant_name(fox_variant_cue(id, data, len)));
	if (len >= 6)
		check_datetime(data);
	if (d.frame && len >= 8) {
		double value;

		memcpy(&value, data, sizeof(value));
		check_encode_any(d.frame, value, in[5]);
	}
	return 0;
}
