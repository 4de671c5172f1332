// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The plain-C side of the EP-series and Pylontech decoding: variant cues,
 * plausibility and markers (the Pylontech claim rules), byte-order
 * detection, big-endian encoding, raw-byte fields and the HV address
 * index.  Values are worked out by hand from protocol-notes sections 4-5.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "foxess/claim.h"
#include "foxess/protocol.h"

static int checks, failures;

static void check(int ok, const char *fmt, ...)
{
	va_list ap;

	checks++;
	if (ok)
		return;
	failures++;
	printf("FAIL: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static size_t unhex(const char *hex, uint8_t *out)
{
	size_t n = 0;
	unsigned byte;

	while (n < 8 && sscanf(hex + 2 * n, "%2x", &byte) == 1)
		out[n++] = (uint8_t)byte;
	return n;
}

static struct fox_decoded decoded;

static void decode(enum fox_proto proto, uint32_t id, bool extended,
		   const char *hex, enum fox_variant variant,
		   enum fox_byte_order order)
{
	uint8_t data[8] = { 0 };
	size_t len = unhex(hex, data);

	fox_decode_order(proto, id, extended, data, len, variant, order,
			 &decoded);
}

static void expect(const char *abbrev, double want)
{
	const struct fox_value *v = fox_decoded_get(&decoded, abbrev, 0);

	check(v && fabs(v->value - want) < 1e-6, "%s = %g, want %g", abbrev,
	      v ? v->value : NAN, want);
}

static void expect_text(const char *abbrev, const char *want)
{
	const struct fox_value *v = fox_decoded_get(&decoded, abbrev, 0);

	check(v && strcmp(v->text, want) == 0, "%s = \"%s\", want \"%s\"",
	      abbrev, v ? v->text : "(absent)", want);
}

static enum fox_variant cue(uint32_t id, const char *hex)
{
	uint8_t data[8] = { 0 };

	return fox_variant_cue(id, data, unhex(hex, data));
}

static void test_variant_cues(void)
{
	static const uint32_t ep_ids[] = { 0x187A, 0x187B, 0x187F, 0x1900,
					   0x1909, 0x1910, 0x1919, 0x0D22 };

	for (size_t i = 0; i < sizeof(ep_ids) / sizeof(ep_ids[0]); i++)
		check(cue(ep_ids[i], "0000000000000000") == FOX_VARIANT_EP,
		      "ID 0x%04x tells EP", ep_ids[i]);
	check(cue(0x1871, "0733E2FF820F023C") == FOX_VARIANT_EP,
	      "0x1871 opcode 0x07 tells EP");
	check(cue(0x1877, "000000006E000C01") == FOX_VARIANT_EP,
	      "0x1877 type 0x6E tells EP");
	check(cue(0x1877, "00000000FF001C10") == FOX_VARIANT_EP,
	      "0x1877 type 0xFF tells EP");
	check(cue(0x1877, "0000000052001201") == FOX_VARIANT_H,
	      "0x1877 type 0x52 tells H");
	check(cue(0x1877, "0000000084002050") == FOX_VARIANT_H,
	      "0x1877 type 0x84 tells H");
	check(cue(0x0D29, "4948474748494647") == FOX_VARIANT_H,
	      "0x0D29 tells H");
	check(cue(0x0D21, "4948474748494647") == FOX_VARIANT_UNKNOWN,
	      "0x0D21 (both variants) tells nothing");
	check(cue(0x1873, "840F1E0050008004") == FOX_VARIANT_UNKNOWN,
	      "0x1873 tells nothing");
	check(cue(0x1871, "0100010000000000") == FOX_VARIANT_UNKNOWN,
	      "a main poll tells nothing");
	check(cue(0x187E, "0000000000000000") == FOX_VARIANT_UNKNOWN,
	      "Solax 0x187E is no FoxESS variant");
}

static void test_ep_meanings(void)
{
	const struct fox_frame *fr;

	decode(FOX_PROTO_FOXESS, 0x1873, true, "840F1E0050008004",
	       FOX_VARIANT_EP, FOX_ORDER_LE);
	expect("foxess.pack.energy_nominal", 11.52);
	check(!fox_decoded_get(&decoded, "foxess.pack.energy_remaining", 0),
	      "EP 0x1873 has no remaining energy");

	decode(FOX_PROTO_FOXESS, 0x1879, true, "1027000020030000",
	       FOX_VARIANT_EP, FOX_ORDER_LE);
	expect("foxess.state.charged", 1000.0);
	expect("foxess.state.discharged", 80.0);
	check(!fox_decoded_get(&decoded, "foxess.state.error_code", 0) &&
		      !fox_decoded_get(&decoded, "foxess.flags", 0),
	      "EP 0x1879 counters are not error bits or flags");

	decode(FOX_PROTO_FOXESS, 0x0C05, true, "1E004B48500A8DCF",
	       FOX_VARIANT_EP, FOX_ORDER_LE);
	expect("foxess.module.cell_max", 3338);
	expect("foxess.module.cell_min", 3320);

	decode(FOX_PROTO_FOXESS, 0x0D22, true, "4A4A4B4B4C4C4D4D",
	       FOX_VARIANT_EP, FOX_ORDER_LE);
	check(decoded.status == FOX_OK && decoded.index == 1 &&
		      decoded.frame->per_frame == 8,
	      "0x0D22 is the second 8-sensor frame (sensors 9-16)");

	fr = fox_frame_find(FOX_PROTO_FOXESS, 0x1912, true, NULL);
	check(fr && fr->variants == FOX_VM_EP, "0x1912 is an EP frame");
	fr = fox_frame_find(FOX_PROTO_FOXESS, 0x187E, true, NULL);
	check(fr && fr->dialect && strcmp(fr->dialect, "Solax") == 0,
	      "0x187E is named as Solax");
}

/* Every byte of every 8-byte EP frame is named by at least one field. */
static void test_every_ep_byte_named(void)
{
	for (size_t i = 0; i < fox_n_frames; i++) {
		const struct fox_frame *fr = &fox_frames[i];
		uint8_t payload[8] = { 0x07 };
		struct fox_decoded d;
		unsigned covered = 0;

		if (fr->proto != FOX_PROTO_FOXESS || fr->min_len != 8 ||
		    (fr->variants && !(fr->variants & FOX_VM_EP)))
			continue;
		fox_decode(fr->proto, fr->id_first, fr->extended, payload, 8,
			   FOX_VARIANT_EP, &d);
		for (unsigned v = 0; v < d.n_values; v++)
			for (unsigned b = 0; b < d.values[v].width; b++)
				covered |= 1u << (d.values[v].offset + b);
		check(covered == 0xFF, "EP frame %s: bytes covered 0x%02x",
		      fr->key, covered);
	}
}

static void test_pylontech_claims(void)
{
	decode(FOX_PROTO_PYLONTECH, 0x351, false, "1402C012C012C201",
	       FOX_VARIANT_UNKNOWN, FOX_ORDER_LE);
	check(fox_decoded_plausible(&decoded), "notes' 0x351 is plausible");
	decode(FOX_PROTO_PYLONTECH, 0x351, false, "FFFFFFFFFFFFFFFF",
	       FOX_VARIANT_UNKNOWN, FOX_ORDER_LE);
	check(!fox_decoded_plausible(&decoded), "all-ones 0x351 is not");
	decode(FOX_PROTO_PYLONTECH, 0x351, false, "1402", FOX_VARIANT_UNKNOWN,
	       FOX_ORDER_LE);
	check(decoded.status == FOX_SHORT && !fox_decoded_plausible(&decoded),
	      "a 2-byte 0x351 is short and not plausible");
	decode(FOX_PROTO_PYLONTECH, 0x355, false, "C8006400",
	       FOX_VARIANT_UNKNOWN, FOX_ORDER_LE);
	check(!fox_decoded_plausible(&decoded), "SoC 200 %% is not plausible");
	decode(FOX_PROTO_PYLONTECH, 0x35C, false, "C000", FOX_VARIANT_UNKNOWN,
	       FOX_ORDER_LE);
	check(!fox_decoded_plausible(&decoded) && !fox_decoded_marked(&decoded),
	      "0x35C has nothing to judge by");
	decode(FOX_PROTO_PYLONTECH, 0x305, false, "0000000000000000",
	       FOX_VARIANT_UNKNOWN, FOX_ORDER_LE);
	check(fox_decoded_plausible(&decoded), "zero 0x305 is plausible");
	decode(FOX_PROTO_PYLONTECH, 0x305, false, "0000000000000100",
	       FOX_VARIANT_UNKNOWN, FOX_ORDER_LE);
	check(!fox_decoded_plausible(&decoded), "non-zero 0x305 is not");

	decode(FOX_PROTO_PYLONTECH, 0x35E, false, "50594C4F4E202020",
	       FOX_VARIANT_UNKNOWN, FOX_ORDER_LE);
	check(fox_decoded_marked(&decoded), "\"PYLON   \" is the marker");
	decode(FOX_PROTO_PYLONTECH, 0x35E, false, "4259442020202020",
	       FOX_VARIANT_UNKNOWN, FOX_ORDER_LE);
	check(!fox_decoded_marked(&decoded), "\"BYD     \" is not");
	decode(FOX_PROTO_PYLONTECH, 0x359, false, "0000000001504E",
	       FOX_VARIANT_UNKNOWN, FOX_ORDER_LE);
	check(fox_decoded_marked(&decoded), "0x359 \"PN\" is the marker");
	decode(FOX_PROTO_PYLONTECH, 0x359, false, "00000000010000",
	       FOX_VARIANT_UNKNOWN, FOX_ORDER_LE);
	check(!fox_decoded_marked(&decoded) && !fox_decoded_plausible(&decoded),
	      "0x359 without \"PN\" is neither");
}

/* One frame through the per-bus claim rule of lib/claim.c. */
static enum fox_claim claim(struct fox_claim_bus *bus, uint32_t id,
			    bool extended, const char *hex, double t)
{
	enum fox_proto proto = FOX_PROTO_PYLONTECH;

	if (!fox_frame_find(proto, id, extended, NULL))
		proto = FOX_PROTO_FOXESS;
	decode(proto, id, extended, hex, FOX_VARIANT_UNKNOWN, FOX_ORDER_LE);
	return fox_claim_frame(bus, &decoded, t);
}

static void test_credible(void)
{
	decode(FOX_PROTO_PYLONTECH, 0x355, false, "0000000010004000",
	       FOX_VARIANT_UNKNOWN, FOX_ORDER_LE);
	check(!fox_claim_credible(&decoded),
	      "issue 13's 0x355 (SoC 0 %%, SoH 0 %%) is no evidence");
	decode(FOX_PROTO_PYLONTECH, 0x355, false, "58000000",
	       FOX_VARIANT_UNKNOWN, FOX_ORDER_LE);
	check(!fox_claim_credible(&decoded), "SoH 0 %% alone is no evidence");
	decode(FOX_PROTO_PYLONTECH, 0x355, false, "58005E00",
	       FOX_VARIANT_UNKNOWN, FOX_ORDER_LE);
	check(fox_claim_credible(&decoded), "notes' 0x355 is credible");
	decode(FOX_PROTO_PYLONTECH, 0x351, false, "1402000000000000",
	       FOX_VARIANT_UNKNOWN, FOX_ORDER_LE);
	check(!fox_claim_credible(&decoded), "both current limits 0 is not");
	decode(FOX_PROTO_PYLONTECH, 0x351, false, "14020000C012C201",
	       FOX_VARIANT_UNKNOWN, FOX_ORDER_LE);
	check(fox_claim_credible(&decoded),
	      "charge limit 0 alone (a full battery) is credible");
	decode(FOX_PROTO_PYLONTECH, 0x4200, true, "0500000000000000",
	       FOX_VARIANT_UNKNOWN, FOX_ORDER_LE);
	check(!fox_claim_credible(&decoded), "HV request type 0x05 is not");
	decode(FOX_PROTO_PYLONTECH, 0x4210, true, "0000307500000000",
	       FOX_VARIANT_UNKNOWN, FOX_ORDER_LE);
	check(!fox_claim_credible(&decoded), "HV state of 0 V, SoH 0 is not");
}

static void test_lv_claims(void)
{
	struct fox_claim_bus bus, other;
	int claimed = 0;

	/* Issue 13: 95 frames of a vehicle battery's 0x355, 10 per second. */
	fox_claim_bus_init(&bus);
	for (int i = 0; i < 95; i++)
		claimed += claim(&bus, 0x355, false, "0000000010004000",
				 i * 0.1) != FOX_CLAIM_NONE;
	check(claimed == 0, "issue 13's 0x355: %d frames claimed, want 0",
	      claimed);

	/* The notes' broadcast: certain at the third credible ID. */
	fox_claim_bus_init(&bus);
	check(claim(&bus, 0x351, false, "1402C012C012C201", 0) ==
		      FOX_CLAIM_NONE,
	      "0x351 alone is not claimed");
	check(claim(&bus, 0x355, false, "58005E00", 0.01) == FOX_CLAIM_NONE,
	      "0x351 + 0x355 is not claimed");
	check(claim(&bus, 0x356, false, "7A13F2FE6B01", 0.02) == FOX_CLAIM_SET,
	      "0x356 completes the set");
	check(claim(&bus, 0x35A, false, "0102030405060708", 0.03) ==
		      FOX_CLAIM_BUS,
	      "later frames of the bus are claimed");
	check(claim(&bus, 0x355, false, "0000000010004000", 0.04) ==
		      FOX_CLAIM_BUS,
	      "on a Pylontech bus even zeros are its 0x355");

	/* Not on another bus. */
	fox_claim_bus_init(&other);
	check(claim(&other, 0x355, false, "58005E00", 0.05) == FOX_CLAIM_NONE,
	      "another bus has its own evidence");

	/* Three IDs, but not within 2 s of each other. */
	fox_claim_bus_init(&bus);
	claim(&bus, 0x351, false, "1402C012C012C201", 0);
	claim(&bus, 0x355, false, "58005E00", 1.5);
	check(claim(&bus, 0x356, false, "7A13F2FE6B01", 3.6) == FOX_CLAIM_NONE,
	      "0x351 at 0 s, 0x355 at 1.5 s, 0x356 at 3.6 s: no set");
	check(claim(&bus, 0x351, false, "1402C012C012C201", 4.0) ==
		      FOX_CLAIM_NONE,
	      "two within 2 s: no set");
	check(claim(&bus, 0x355, false, "58005E00", 4.5) == FOX_CLAIM_SET,
	      "three within 2 s: set");

	/* Frames with nothing range-checked support, not make, a set. */
	fox_claim_bus_init(&bus);
	claim(&bus, 0x35C, false, "C000", 0);
	claim(&bus, 0x359, false, "00000000010000", 0.01);
	check(claim(&bus, 0x351, false, "1402C012C012C201", 0.02) ==
		      FOX_CLAIM_NONE,
	      "0x35C + 0x359 without PN + 0x351: one ranged, no set");
	check(claim(&bus, 0x356, false, "7A13F2FE6B01", 0.03) == FOX_CLAIM_SET,
	      "... a second ranged ID makes it");

	/* A marker decides at once; IDs outside the set never count. */
	fox_claim_bus_init(&bus);
	claim(&bus, 0x305, false, "0000000000000000", 0);
	claim(&bus, 0x35A, false, "0102030405060708", 0.01);
	check(claim(&bus, 0x355, false, "58005E00", 0.02) == FOX_CLAIM_NONE,
	      "0x305 and 0x35A are not in the broadcast set");
	check(claim(&bus, 0x35E, false, "50594C4F4E202020", 0.03) ==
		      FOX_CLAIM_MARKER,
	      "\"PYLON\" decides");
}

static void test_hv_and_solax_claims(void)
{
	struct fox_claim_bus bus;

	fox_claim_bus_init(&bus);
	check(claim(&bus, 0x4210, true, "A00F3674E2044B5A", 0) ==
		      FOX_CLAIM_NONE,
	      "a lone HV 0x4210 is not claimed");
	check(claim(&bus, 0x4281, true, "AA00000000000000", 0.01) ==
		      FOX_CLAIM_SET,
	      "0x4210 + 0x4281 within 2 s is");
	fox_claim_bus_init(&bus);
	claim(&bus, 0x4200, true, "0000000000000000", 0);
	check(claim(&bus, 0x4281, true, "AA00000000000000", 0.01) ==
		      FOX_CLAIM_NONE,
	      "request + 0x4281: nothing range-checked, no set");

	fox_claim_bus_init(&bus);
	check(claim(&bus, 0x187E, true, "0102030405060708", 0) ==
		      FOX_CLAIM_NONE,
	      "0x187E alone is not named Solax (inside FoxESS's range)");
	check(claim(&bus, 0x1801, true, "0100000000000000", 0.01) ==
		      FOX_CLAIM_ID,
	      "0x1801 is Solax's alone");
	check(claim(&bus, 0x187E, true, "0102030405060708", 0.02) ==
		      FOX_CLAIM_BUS,
	      "0x187E after it is");
	check(claim(&bus, 0x1873, true, "840F000050000000", 0.03) ==
		      FOX_CLAIM_NONE,
	      "FoxESS frames are nobody's claim");
}

static bool order_cue(uint32_t id, const char *hex, enum fox_byte_order *o)
{
	uint8_t data[8] = { 0 };
	size_t len = unhex(hex, data);

	return fox_byte_order_cue(FOX_PROTO_PYLONTECH, id, true, data, len, o);
}

static void test_hv_byte_order(void)
{
	enum fox_byte_order o = FOX_ORDER_LE;

	check(order_cue(0x4210, "A00F3674E2044B5A", &o) && o == FOX_ORDER_LE,
	      "0x4210 little-endian detected");
	check(order_cue(0x4213, "0FA0743604E24B5A", &o) && o == FOX_ORDER_BE,
	      "0x4213 big-endian detected");
	check(order_cue(0x4220, "10E00E1077247788", &o) && o == FOX_ORDER_BE,
	      "0x4220 big-endian detected");
	/* Byte-symmetric words read the same both ways: no decision. */
	check(!order_cue(0x4210, "0505757505054B5A", &o),
	      "symmetric 0x4210 tells nothing");
	check(!order_cue(0x4280, "AA00000000000000", &o),
	      "0x4280 (no ranged words) tells nothing");
	check(!order_cue(0x4210, "A00F3674", &o), "short 0x4210 tells nothing");

	decode(FOX_PROTO_PYLONTECH, 0x4212, true, "0FA0743604E24B5A",
	       FOX_VARIANT_UNKNOWN, FOX_ORDER_BE);
	check(decoded.index == 2, "0x4212 is battery address 2");
	expect("pylontech.hv_state.voltage", 400.0);
	expect("pylontech.hv_state.current", -25.0);
	expect("pylontech.hv_state.temperature", 25.0);
	expect("pylontech.hv_state.soc", 75);
}

static void test_encoding(void)
{
	const struct fox_field *f;
	uint8_t data[8] = { 0 };

	f = fox_field_find("pylontech.hv_state.current", NULL);
	check(f && fox_encode_order(f, 0, -25.0, FOX_ORDER_BE, data) &&
		      data[2] == 0x74 && data[3] == 0x36,
	      "-25 A big-endian is 74 36 (29750)");
	check(f && fox_encode_order(f, 0, 0.0, FOX_ORDER_LE, data) &&
		      data[2] == 0x30 && data[3] == 0x75,
	      "0 A little-endian is 30 75 (30000)");
	f = fox_field_find("pylontech.hv_state.temperature", NULL);
	check(f && fox_encode(f, 0, -10.0, data) && data[4] == 0x84 &&
		      data[5] == 0x03,
	      "-10 degC is raw 900");

	f = fox_field_find("foxess.ep_1901.data", NULL);
	check(f && fox_encode_text(f, "F0 0F 00 00 40 00 33 42", data) &&
		      data[0] == 0xF0 && data[7] == 0x42,
	      "raw bytes from hex");
	check(f && !fox_encode_text(f, "F0 0F", data) && data[0] == 0xF0,
	      "too few hex bytes refused, data untouched");
	check(f && !fox_encode_text(f, "F0 0F 00 00 40 00 33 4G", data),
	      "bad hex refused");
	decode(FOX_PROTO_FOXESS, 0x1901, true, "F00F000040003342",
	       FOX_VARIANT_EP, FOX_ORDER_LE);
	expect_text("foxess.ep_1901.data", "F0 0F 00 00 40 00 33 42");

	/* Raw bytes decode as far as a short frame goes. */
	decode(FOX_PROTO_PYLONTECH, 0x35A, false, "010203", FOX_VARIANT_UNKNOWN,
	       FOX_ORDER_LE);
	expect_text("pylontech.alarms_new.data", "01 02 03");

	f = fox_field_find("foxess.module.cell_max", NULL);
	memset(data, 0, sizeof(data));
	check(f && fox_encode(f, 0, 5000, data) && data[5] == 0xFF &&
		      (data[6] & 0x0F) == 0x0F,
	      "packed 12-bit cell voltage saturates at 4095 mV");
}

int main(void)
{
	test_variant_cues();
	test_ep_meanings();
	test_every_ep_byte_named();
	test_pylontech_claims();
	test_credible();
	test_lv_claims();
	test_hv_and_solax_claims();
	test_hv_byte_order();
	test_encoding();
	printf("%d passed, %d failed\n", checks - failures, failures);
	return failures ? 1 : 0;
}
