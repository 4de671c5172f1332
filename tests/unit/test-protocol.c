// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the table decoder and encoder, without Wireshark: the
 * worked examples of protocol-notes section 7, table invariants, and
 * encode/decode round trips.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "foxess/protocol.h"

static int failures;
static int checks;

#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		checks++;                                                      \
		if (!(cond)) {                                                 \
			failures++;                                            \
			printf("FAIL %s:%d: ", __FILE__, __LINE__);            \
			printf(__VA_ARGS__);                                   \
			printf("\n");                                          \
		}                                                              \
	} while (0)

static void hex_to_bytes(const char *hex, uint8_t *out, size_t *len)
{
	size_t n = 0;
	unsigned b;

	while (hex[0] && hex[1] && sscanf(hex, "%2x", &b) == 1) {
		out[n++] = (uint8_t)b;
		hex += 2;
	}
	*len = n;
}

static struct fox_decoded decoded;

static void decode(uint32_t id, const char *hex, enum fox_variant variant)
{
	uint8_t data[64];
	size_t len;

	hex_to_bytes(hex, data, &len);
	fox_decode(FOX_PROTO_FOXESS, id, true, data, len, variant, &decoded);
}

/* The value of abbrev (item 0 = single field) must be want, exactly as
 * displayed with the field's decimals. */
static void expect_value(const char *abbrev, unsigned item, double want)
{
	const struct fox_value *v = fox_decoded_get(&decoded, abbrev, item);
	double tolerance;

	CHECK(v != NULL, "%s[%u] missing", abbrev, item);
	if (!v)
		return;
	tolerance = 0.5 * pow(10, -v->field->decimals);
	CHECK(fabs(v->value - want) < tolerance, "%s[%u] = %g, want %g", abbrev,
	      item, v->value, want);
}

static void expect_text(const char *abbrev, const char *want)
{
	const struct fox_value *v = fox_decoded_get(&decoded, abbrev, 0);
	char buf[64];

	CHECK(v != NULL, "%s missing", abbrev);
	if (!v)
		return;
	fox_format_value(v, buf, sizeof(buf));
	CHECK(strcmp(buf, want) == 0, "%s = \"%s\", want \"%s\"", abbrev, buf,
	      want);
}

static void expect_absent(const char *abbrev)
{
	CHECK(fox_decoded_get(&decoded, abbrev, 0) == NULL,
	      "%s present, should not be", abbrev);
}

static void test_worked_examples(void)
{
	decode(0x1871, "0306170509092822", FOX_VARIANT_H);
	CHECK(decoded.status == FOX_OK, "clock status %d", decoded.status);
	expect_text("foxess.request.opcode", "Inverter clock");
	expect_text("foxess.request.clock", "2023-05-09 09:40:34");
	expect_value("foxess.request.clock", 0, 1683625234);
	expect_absent("foxess.request.selector");

	decode(0x1872, "4012800CCD00F401", FOX_VARIANT_H);
	expect_value("foxess.limits.voltage_max", 0, 467.2);
	expect_value("foxess.limits.voltage_min", 0, 320.0);
	expect_value("foxess.limits.charge_current_max", 0, 20.5);
	expect_value("foxess.limits.discharge_current_max", 0, 50.0);

	decode(0x1872, "8C0F980B64006400", FOX_VARIANT_H);
	expect_value("foxess.limits.voltage_max", 0, 398.0);
	expect_value("foxess.limits.voltage_min", 0, 296.8);
	expect_value("foxess.limits.charge_current_max", 0, 10.0);
	expect_value("foxess.limits.discharge_current_max", 0, 10.0);

	decode(0x1873, "A3100D005D007707", FOX_VARIANT_H);
	expect_value("foxess.pack.voltage", 0, 425.9);
	expect_value("foxess.pack.current", 0, 1.3);
	expect_value("foxess.pack.soc", 0, 93);
	expect_value("foxess.pack.energy_remaining", 0, 19.11);
	expect_absent("foxess.pack.energy_nominal");

	decode(0x1873, "840F00005000E803", FOX_VARIANT_H);
	expect_value("foxess.pack.voltage", 0, 397.2);
	expect_value("foxess.pack.current", 0, 0.0);
	expect_value("foxess.pack.soc", 0, 80);
	expect_value("foxess.pack.energy_remaining", 0, 10.00);

	decode(0x1875, "F900FF0801008E00", FOX_VARIANT_H);
	expect_value("foxess.status.bms_temp", 0, 24.9);
	expect_value("foxess.status.packs_ok", 0, 0xFF);
	for (unsigned p = 1; p <= 8; p++) {
		char abbrev[40];

		snprintf(abbrev, sizeof(abbrev),
			 "foxess.status.packs_ok.pack%u", p);
		expect_value(abbrev, 0, 1);
	}
	expect_value("foxess.status.pack_count", 0, 8);
	expect_text("foxess.status.contactor", "Closed");
	expect_value("foxess.status.cycles", 0, 142);

	decode(0x1876, "0100070D0000FE0C", FOX_VARIANT_H);
	expect_value("foxess.cells.charge_inhibit", 0, 1);
	expect_text("foxess.cells.charge_inhibit", "Charging inhibited");
	expect_value("foxess.cells.voltage_max", 0, 3335);
	expect_value("foxess.cells.voltage_min", 0, 3326);

	decode(0x1877, "0000000082002050", FOX_VARIANT_H);
	expect_text("foxess.info.pack_error", "No error");
	expect_text("foxess.info.battery_type", "HV2600 V1 slave");
	expect_text("foxess.info.firmware", "v2.0");
	expect_text("foxess.info.address", "Pack 5");

	decode(0x1877, "0000000052001201", FOX_VARIANT_H);
	expect_text("foxess.info.battery_type", "HV2600 V2 BMS master");
	expect_text("foxess.info.firmware", "018");
	expect_text("foxess.info.address", "BMS master");

	decode(0x1878, "070A0000D0FF4E00", FOX_VARIANT_H);
	expect_value("foxess.energy.ac_voltage_max", 0, 256.7);
	expect_value("foxess.energy.throughput", 0, 5177296);

	decode(0x1879, "0035000000000000", FOX_VARIANT_H);
	expect_value("foxess.state.error_code", 0, 0);
	expect_value("foxess.flags.status", 0, 5);
	expect_text("foxess.flags.status", "OK, charging");
	expect_value("foxess.flags.charging", 0, 1);
	expect_value("foxess.flags.discharging", 0, 0);
	expect_value("foxess.flags.online", 0, 1);
	expect_value("foxess.flags.active_error", 0, 0);

	decode(0x0D21, "4948474748494647", FOX_VARIANT_H);
	{
		static const int want[] = { 23, 22, 21, 21, 22, 23, 20, 21 };

		for (unsigned i = 0; i < 8; i++)
			expect_value("foxess.sensor.temperature", i + 1,
				     want[i]);
	}
}

static void test_indexing_and_variants(void)
{
	unsigned index;
	const struct fox_frame *fr;

	fr = fox_frame_find(FOX_PROTO_FOXESS, 0x0CA9, true, &index);
	CHECK(fr && strcmp(fr->key, "cellv") == 0 && index == 35,
	      "0x0CA9 is cell frame 35 (cells 141-144)");
	CHECK(!fox_frame_find(FOX_PROTO_FOXESS, 0x0CAD, true, NULL),
	      "0x0CAD (the README's off-by-one) is not a cell frame");
	CHECK(!fox_frame_find(FOX_PROTO_FOXESS, 0x0C1E, true, NULL),
	      "0x0C1E is between cell frames");
	CHECK(!fox_frame_find(FOX_PROTO_FOXESS, 0x1873, false, NULL),
	      "a standard-ID 0x1873 is not FoxESS");
	fr = fox_frame_find(FOX_PROTO_FOXESS, 0x0C09, true, &index);
	CHECK(fr && index == 4, "0x0C09 is pack 5");

	decode(0x1873, "840F000050008004", FOX_VARIANT_EP);
	expect_value("foxess.pack.energy_nominal", 0, 11.52);
	expect_absent("foxess.pack.energy_remaining");

	/* EP packed 12-bit cell voltages: max 3350 = 0xD16, min 3340 =
	 * 0xD0C -> b5 = 0x16, b6 = 0xCD, b7 = 0xD0. */
	decode(0x0C05,
	       "F6FF4A4950"
	       "16CDD0",
	       FOX_VARIANT_EP);
	expect_value("foxess.module.current", 0, -1.0);
	expect_value("foxess.module.temp_max", 0, 24);
	expect_value("foxess.module.cell_max", 0, 3350);
	expect_value("foxess.module.cell_min", 0, 3340);
	expect_absent("foxess.module.voltage");

	decode(0x0C05, "F6FF4A49500AD0D0", FOX_VARIANT_H);
	expect_value("foxess.module.voltage", 0, 53.456);

	CHECK(fox_variant_cue(0x1877, (const uint8_t *)"\0\0\0\0\x6e", 5) ==
		      FOX_VARIANT_EP,
	      "0x1877 type 0x6E means EP");
	CHECK(fox_variant_cue(0x1877, (const uint8_t *)"\0\0\0\0\x52", 5) ==
		      FOX_VARIANT_H,
	      "0x1877 type 0x52 means H");
}

/* The table row of an ID as its definition reads: the first row whose
 * range and step hold it. */
static const struct fox_frame *scan_rows(enum fox_proto proto, uint32_t id,
					 bool extended, unsigned *index)
{
	for (size_t i = 0; i < fox_n_frames; i++) {
		const struct fox_frame *fr = &fox_frames[i];

		if (fr->proto == proto && fr->extended == extended &&
		    id >= fr->id_first && id <= fr->id_last &&
		    (id - fr->id_first) % fr->id_step == 0) {
			*index = (id - fr->id_first) / fr->id_step;
			return fr;
		}
	}
	return NULL;
}

/* fox_frame_find() answers from an index built at first use and a cache:
 * both must agree with the table for every ID, asked in any order. */
static void test_frame_find_every_id(void)
{
	static const uint32_t high[] = { 0x1FFF,    0x2000,	0x4210,
					 0x7310,    0x1FFFFFFF, 0x20000000,
					 0xFFFFFFFF };
	unsigned wrong = 0;

	for (unsigned p = FOX_PROTO_FOXESS; p <= FOX_PROTO_PYLONTECH; p++)
		for (unsigned ext = 0; ext < 2; ext++)
			for (uint32_t n = 0; n < 0x2000 + 7; n++) {
				uint32_t id = n < 0x2000 ? n : high[n - 0x2000];
				unsigned want_index = 0, index = 0;
				const struct fox_frame *want =
					scan_rows((enum fox_proto)p, id, ext,
						  &want_index);
				const struct fox_frame *got = fox_frame_find(
					(enum fox_proto)p, id, ext, &index);

				if (got != want ||
				    (want && index != want_index))
					wrong++;
			}
	CHECK(wrong == 0,
	      "fox_frame_find() disagrees with the table's rows "
	      "on %u IDs",
	      wrong);
}

/* fox_variant_cue() starts from an index of the rules by ID: it must
 * answer as the rules read in table order do (protocol-notes section 4),
 * for every ID of the index and above it, whatever the cue byte holds. */
static void test_variant_cue_every_id(void)
{
	unsigned wrong = 0;

	for (uint32_t id = 0; id < 0x2100; id++) {
		const struct fox_frame *fr =
			scan_rows(FOX_PROTO_FOXESS, id, true, &(unsigned){ 0 });

		for (unsigned b = 0; b < 256; b++) {
			uint8_t data[8];
			enum fox_variant want = FOX_VARIANT_UNKNOWN;

			memset(data, (int)b, sizeof(data));
			for (size_t i = 0; i < fox_n_variant_cue_rules; i++) {
				const struct fox_variant_cue_rule *r =
					&fox_variant_cue_rules[i];

				if (id >= r->id_first && id <= r->id_last &&
				    (r->by_id || (b >= r->lo && b <= r->hi))) {
					want = r->variant;
					break;
				}
			}
			if (fr && fr->variants == FOX_VM_EP)
				want = FOX_VARIANT_EP;
			wrong +=
				fox_variant_cue(id, data, sizeof(data)) != want;
		}
	}
	CHECK(wrong == 0,
	      "fox_variant_cue() disagrees with the rules on %u "
	      "ID and byte pairs",
	      wrong);
}

static void test_short_and_unknown(void)
{
	decode(0x1873, "A3100D00", FOX_VARIANT_H);
	CHECK(decoded.status == FOX_SHORT, "4-byte 0x1873 is short");
	expect_value("foxess.pack.voltage", 0, 425.9);
	expect_absent("foxess.pack.soc");

	decode(0x1873, "", FOX_VARIANT_H);
	CHECK(decoded.status == FOX_SHORT && decoded.n_values == 0,
	      "empty 0x1873 decodes nothing");

	decode(0x1880, "0000000000000000", FOX_VARIANT_H);
	CHECK(decoded.status == FOX_UNKNOWN_ID, "0x1880 is unknown");

	decode(0x1871, "0900010000000000", FOX_VARIANT_H);
	CHECK(decoded.n_values == 1, "unknown opcode: only the opcode");
}

/* Every byte of every H-series frame is named by at least one field. */
static void test_every_byte_named(void)
{
	for (size_t i = 0; i < fox_n_frames; i++) {
		const struct fox_frame *fr = &fox_frames[i];
		uint8_t payload[8] = { 0 };
		uint8_t covered = 0;

		if (fr->proto != FOX_PROTO_FOXESS ||
		    (fr->variants && !(fr->variants & FOX_VM_H)))
			continue;
		/* The request's layout depends on its opcode: check each. */
		for (unsigned op = 0; op < 8; op++) {
			struct fox_decoded d;

			if (fr->id_first == 0x1871 &&
			    !fox_value_name(fr->fields[0].names, op))
				continue;
			payload[0] = (uint8_t)op;
			covered = 0;
			fox_decode(fr->proto, fr->id_first, fr->extended,
				   payload, 8, FOX_VARIANT_H, &d);
			for (unsigned v = 0; v < d.n_values; v++)
				for (unsigned b = 0; b < d.values[v].width; b++)
					covered |=
						(uint8_t)(1u
							  << (d.values[v]
								      .offset +
							      b));
			CHECK(covered == 0xFF,
			      "frame %s (opcode %u): bytes covered 0x%02x",
			      fr->key, op, covered);
			if (fr->id_first != 0x1871)
				break;
		}
	}
}

/* Encoding a value and decoding it again gives the value back. */
static void test_round_trip(void)
{
	static const struct {
		const char *abbrev;
		unsigned item;
		double value;
	} cases[] = {
		{ "foxess.pack.voltage", 0, 397.2 },
		{ "foxess.pack.current", 0, -25.4 },
		{ "foxess.pack.soc", 0, 57 },
		{ "foxess.temps.min", 0, -5.3 },
		{ "foxess.cells.charge_inhibit", 0, 1 },
		{ "foxess.flags.status", 0, 3 },
		{ "foxess.cell.voltage", 3, 3288 },
		{ "foxess.sensor.temperature", 8, -12 },
		{ "foxess.module.voltage", 0, 52.992 },
		{ "foxess.module.cell_min", 0, 3301 },
		{ "foxess.energy.throughput", 0, 4000000000.0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct fox_frame *fr;
		const struct fox_field *f =
			fox_field_find(cases[i].abbrev, &fr);
		uint8_t data[8] = { 0 };
		enum fox_variant variant = f && f->variants == FOX_VM_EP ?
						   FOX_VARIANT_EP :
						   FOX_VARIANT_H;

		CHECK(f != NULL, "%s in table", cases[i].abbrev);
		if (!f)
			continue;
		CHECK(fox_encode(f, cases[i].item, cases[i].value, data),
		      "encode %s", cases[i].abbrev);
		fox_decode(fr->proto, fr->id_first, fr->extended, data, 8,
			   variant, &decoded);
		expect_value(cases[i].abbrev, cases[i].item, cases[i].value);
	}
}

/* Filter names are unique and well formed. */
static void test_table_invariants(void)
{
	for (size_t i = 0; i < fox_n_frames; i++) {
		const struct fox_frame *fr = &fox_frames[i];

		CHECK(fr->id_step > 0 && fr->id_first <= fr->id_last,
		      "frame %s ID range", fr->key);
		for (size_t j = 0; j < fr->n_fields; j++) {
			const struct fox_field *f = &fr->fields[j];
			const struct fox_frame *owner;

			CHECK(fox_field_find(f->abbrev, &owner) == f,
			      "%s defined once", f->abbrev);
			CHECK(f->offset + f->width * (f->repeat > 1 ?
							      f->repeat :
							      1) <=
				      8,
			      "%s fits in 8 bytes", f->abbrev);
			CHECK(f->blurb && *f->blurb, "%s has a description",
			      f->abbrev);
			CHECK(f->kind != FOX_K_FLAG ||
				      (j > 0 &&
				       fr->fields[j - 1].offset == f->offset),
			      "%s follows its bitmap", f->abbrev);
		}
		/* The bus engine looks a frame up as FoxESS first and asks
		 * the Pylontech rows only when FoxESS has none. */
		for (uint32_t id = fr->id_first; id <= fr->id_last;
		     id += fr->id_step)
			CHECK(!fox_frame_find(fr->proto == FOX_PROTO_FOXESS ?
						      FOX_PROTO_PYLONTECH :
						      FOX_PROTO_FOXESS,
					      id, fr->extended, NULL),
			      "ID 0x%X of %s is in one protocol's rows only",
			      id, fr->key);
	}
}

/* fox_format_value writes numbers without printf; it must write what
 * "%.*f" writes, for every 16-bit raw value of every numeric field (and
 * a spread of wider and negative ones), and what "0x%0*llx" writes for
 * hex fields.  Energies in Wh are written in kWh to 0.1 kWh. */
static void test_format_matches_printf(void)
{
	for (size_t i = 0; i < fox_n_frames; i++) {
		for (size_t j = 0; j < fox_frames[i].n_fields; j++) {
			const struct fox_field *f = &fox_frames[i].fields[j];
			double scale = f->scale != 0.0 ? f->scale : 1.0;
			struct fox_value v = { .field = f };
			unsigned mismatches = 0;
			char got[64], want[64];

			if (f->kind == FOX_K_ASCII ||
			    f->kind == FOX_K_DATETIME ||
			    f->kind == FOX_K_FIRMWARE ||
			    f->kind == FOX_K_BYTES || f->names)
				continue;
			if (f->flags & FOX_F_HEX) {
				for (int64_t r = -300; r < 70000; r++) {
					v.raw = r;
					fox_format_value(&v, got, sizeof(got));
					snprintf(want, sizeof(want), "0x%0*llx",
						 2 * f->width,
						 (unsigned long long)r);
					mismatches += strcmp(got, want) != 0;
				}
				CHECK(mismatches == 0,
				      "%s: %u hex values differ from printf",
				      f->abbrev, mismatches);
				continue;
			}
			for (int64_t r = -66000; r < 76000; r++) {
				v.raw = r < 70000 ? r :
						    r * 2654435761 % 4294967296;
				v.value = (double)v.raw * scale + f->add;
				fox_format_value(&v, got, sizeof(got));
				if (f->unit && !strcmp(f->unit, "Wh"))
					snprintf(want, sizeof(want), "%.1f kWh",
						 v.value / 1000);
				else
					snprintf(want, sizeof(want), "%.*f%s%s",
						 f->decimals, v.value,
						 !f->unit || strcmp(f->unit,
								    "%") == 0 ?
							 "" :
							 " ",
						 f->unit ? f->unit : "");
				mismatches += strcmp(got, want) != 0;
			}
			CHECK(mismatches == 0,
			      "%s: %u values differ from printf", f->abbrev,
			      mismatches);
		}
	}
}

/* The text values (firmware byte, request clock, raw bytes) are written
 * without printf: each must read as the printf format the table's
 * comments name, for every byte value and every length sent. */
static void test_text_matches_printf(void)
{
	static const uint8_t addresses[] = { 0x01, 0x00, 0x10, 0x81, 0xFF };
	unsigned mismatches = 0;
	char want[64];

	for (unsigned fw = 0; fw < 256; fw++) {
		for (size_t a = 0; a < sizeof(addresses); a++) {
			uint8_t data[8] = {
				0, 0, 0, 0, 0x52, 0, (uint8_t)fw, addresses[a]
			};
			const struct fox_value *v;

			fox_decode(FOX_PROTO_FOXESS, 0x1877, true, data, 8,
				   FOX_VARIANT_H, &decoded);
			v = fox_decoded_get(&decoded, "foxess.info.firmware",
					    0);
			if (addresses[a] == 0x01)
				snprintf(want, sizeof(want), "%03u", fw);
			else
				snprintf(want, sizeof(want), "v%u.%u", fw >> 4,
					 fw & 0x0F);
			mismatches += !v || strcmp(v->text, want) != 0;
		}
	}
	CHECK(mismatches == 0, "%u firmware texts differ from printf",
	      mismatches);

	mismatches = 0;
	for (unsigned pos = 2; pos < 8; pos++) {
		for (unsigned b = 0; b < 256; b++) {
			uint8_t data[8] = { 0x03, 0x06, 23, 5, 9, 9, 40, 34 };
			const struct fox_value *v;

			data[pos] = (uint8_t)b;
			fox_decode(FOX_PROTO_FOXESS, FOX_REQUEST_ID, true, data,
				   8, FOX_VARIANT_H, &decoded);
			v = fox_decoded_get(&decoded, "foxess.request.clock",
					    0);
			snprintf(want, sizeof(want),
				 "%04u-%02u-%02u %02u:%02u:%02u",
				 2000u + data[2], data[3], data[4], data[5],
				 data[6], data[7]);
			mismatches += !v || strcmp(v->text, want) != 0;
		}
	}
	CHECK(mismatches == 0, "%u clock texts differ from printf", mismatches);

	mismatches = 0;
	for (size_t i = 0; i < fox_n_frames; i++) {
		const struct fox_frame *fr = &fox_frames[i];

		for (size_t len = 0; len <= 8; len++) {
			uint8_t data[8];

			for (unsigned k = 0; k < 8; k++)
				data[k] = (uint8_t)(0x9D * (k + len) + i);
			fox_decode(fr->proto, fr->id_first, fr->extended, data,
				   len, FOX_VARIANT_UNKNOWN, &decoded);
			for (unsigned k = 0; k < decoded.n_values; k++) {
				const struct fox_value *v = &decoded.values[k];
				size_t n = 0;

				if (v->field->kind != FOX_K_BYTES)
					continue;
				want[0] = '\0';
				for (unsigned b = 0; b < v->width; b++)
					n += (size_t)snprintf(
						want + n, sizeof(want) - n,
						"%s%02X", b ? " " : "",
						data[v->offset + b]);
				mismatches += strcmp(v->text, want) != 0;
			}
		}
	}
	CHECK(mismatches == 0, "%u raw-byte texts differ from printf",
	      mismatches);
}

/* 0x1879 carries error flags on H and Ah counters on EP: its title and
 * Info prefix follow the variant it was decoded with. */
static void test_names_per_variant(void)
{
	static const uint8_t counters[8] = { 0x61, 0x0D };

	fox_decode(FOX_PROTO_FOXESS, 0x1879, true, counters, 8, FOX_VARIANT_EP,
		   &decoded);
	CHECK(decoded.variant == FOX_VARIANT_EP, "variant kept");
	CHECK(!strcmp(fox_frame_name(decoded.frame, decoded.variant),
		      "Ah counters"),
	      "EP 0x1879 title");
	CHECK(!strcmp(fox_frame_summary(decoded.frame, decoded.variant),
		      "Ah counters"),
	      "EP 0x1879 Info prefix");
	fox_decode(FOX_PROTO_FOXESS, 0x1879, true, counters, 8,
		   FOX_VARIANT_UNKNOWN, &decoded);
	CHECK(!strcmp(fox_frame_name(decoded.frame, decoded.variant),
		      "Error code and flags"),
	      "0x1879 read as H before the variant is known");
	CHECK(!strcmp(fox_frame_summary(decoded.frame, FOX_VARIANT_H), "State"),
	      "H 0x1879 Info prefix");
	fox_decode(FOX_PROTO_FOXESS, 0x1878, true, counters, 8, FOX_VARIANT_EP,
		   &decoded);
	CHECK(!strcmp(fox_frame_name(decoded.frame, decoded.variant), "Energy"),
	      "a frame without an EP title keeps its own");
}

int main(void)
{
	test_worked_examples();
	test_indexing_and_variants();
	test_frame_find_every_id();
	test_variant_cue_every_id();
	test_short_and_unknown();
	test_every_byte_named();
	test_round_trip();
	test_table_invariants();
	test_format_matches_printf();
	test_text_matches_printf();
	test_names_per_variant();
	printf("%d passed, %d failed\n", checks - failures, failures);
	return failures ? 1 : 0;
}
