/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * THE protocol table: every FoxESS frame and field, with its scale, unit,
 * filter name, description, value strings, confidence and the dialect it
 * applies to.  Facts and their sources: docs/protocol.md and
 * ../shared/protocol-notes.md (section numbers below refer to the notes).
 *
 * Everything else is derived from this file: the Wireshark fields, the
 * scenario generator's encoder, the capture tool's live summary,
 * docs/fields.md and the fuzz harness.  Adding a field means adding a row.
 *
 * Included by exactly one translation unit (lib/protocol.c), which exports
 * fox_frames[] through include/foxess/protocol.h.
 */
#ifndef FOXESS_TABLE_H
#define FOXESS_TABLE_H

#include "foxess/protocol.h"

#define FOX_UINT(o, w) .kind = FOX_K_UINT, .offset = (o), .width = (w)
#define FOX_INT(o, w)  .kind = FOX_K_INT, .offset = (o), .width = (w)
#define FOX_BITS(o)    .kind = FOX_K_BITS, .offset = (o), .width = 1
#define FOX_FLAG(o, m)                                                         \
	.kind = FOX_K_FLAG, .offset = (o), .width = 1, .mask = (m)
#define FOX_BYTES(o, w)	  .kind = FOX_K_BYTES, .offset = (o), .width = (w)
#define FOX_TEXT(o, w)	  .kind = FOX_K_ASCII, .offset = (o), .width = (w)
#define FOX_RANGE(lo, hi) .has_range = true, .range_lo = (lo), .range_hi = (hi)
#define FOX_UNIT(s, a, u, d)                                                   \
	.scale = (s), .add = (a), .unit = (u), .decimals = (d)
#define FOX_WHEN(byte, values) .cond_byte = (byte), .cond_values = (values)
#define FOX_OPS(a)	       (1u << (a))
#define FOX_FIELDS(arr)                                                        \
	.fields = (arr), .n_fields = sizeof(arr) / sizeof((arr)[0])
/* A field both dialects share whose EP meaning the EP frame map grades
 * apart (protocol-notes 4.5). */
#define FOX_EP_GRADE(c) .ep_graded = true, .ep_confidence = (c)
/* A reply to the main poll; the variants whose every reply set has it. */
#define FOX_MAIN_REPLY(vm) .answers = FOX_CLASS_MAIN, .required = (vm)

/* Where the 0x1871 request keeps its opcode and its selector. */
#define FOX_REQ_OPCODE_BYTE   0
#define FOX_REQ_SELECTOR_BYTE 4
/* Where 0x1877 keeps the battery type, which tells the dialect. */
#define FOX_INFO_TYPE_BYTE 4

/*
 * The rows are laid out for reading as a table, one field per entry:
 * clang-format would reflow them.
 */
/* clang-format off */

/* Value strings -------------------------------------------------------- */

static const struct fox_value_name fox_vs_opcode[] = {
	{ 0x01, "Data request" },
	{ 0x02, "Acknowledge / stop sending" },
	{ 0x03, "Inverter clock" },
	{ 0x05, "Serial-number request" },
	{ 0x07, "Inverter DC measurement" },
	{ 0, NULL },
};

static const struct fox_value_name fox_vs_selector[] = {
	{ 0x00, "Main poll (pack statistics)" },
	{ 0x01, "Pack data" },
	{ 0x02, "Cell voltages" },
	{ 0x04, "Cell temperatures" },
	{ 0, NULL },
};

static const struct fox_value_name fox_vs_responding[] = {
	{ 0, "Not responding" },
	{ 1, "Responding" },
	{ 0, NULL },
};

static const struct fox_value_name fox_vs_contactor[] = {
	{ 0, "Open" },
	{ 1, "Closed" },
	{ 0, NULL },
};

static const struct fox_value_name fox_vs_charge_inhibit[] = {
	{ 0, "Charging permitted" },
	{ 1, "Charging inhibited" },
	{ 0, NULL },
};

static const struct fox_value_name fox_vs_pack_error[] = {
	{ 0x00, "No error" },
	{ 0x02, "Pack in error" },
	{ 0, NULL },
};

static const struct fox_value_name fox_vs_battery_type[] = {
	{ 0x52, "HV2600 V2 BMS master" },
	{ 0x82, "HV2600 V1 slave" },
	{ 0x83, "ECS4100 V1 slave" },
	{ 0x84, "HV2600 V2 slave" },
	{ 0x6E, "EP main unit" },
	{ 0xFF, "EP battery unit" },
	{ 0, NULL },
};

static const struct fox_value_name fox_vs_record_address[] = {
	{ 0x01, "BMS master" },
	{ 0x10, "Pack 1" },
	{ 0x20, "Pack 2" },
	{ 0x30, "Pack 3" },
	{ 0x40, "Pack 4" },
	{ 0x50, "Pack 5" },
	{ 0x60, "Pack 6" },
	{ 0x70, "Pack 7" },
	{ 0x80, "Pack 8" },
	{ 0, NULL },
};

static const struct fox_value_name fox_vs_status_code[] = {
	{ 2, "Error" },
	{ 3, "OK, discharging" },
	{ 4, "Idle" },
	{ 5, "OK, charging" },
	{ 6, "Off-line" },
	{ 0, NULL },
};

static const struct fox_value_name fox_vs_set[] = {
	{ 0, "Not set" },
	{ 1, "Set" },
	{ 0, NULL },
};

static const struct fox_value_name fox_vs_serial_owner[] = {
	{ 0, "BMS" },
	{ 1, "Pack 1" },
	{ 2, "Pack 2" },
	{ 3, "Pack 3" },
	{ 4, "Pack 4" },
	{ 5, "Pack 5" },
	{ 6, "Pack 6" },
	{ 7, "Pack 7" },
	{ 8, "Pack 8" },
	{ 0, NULL },
};

/* What tells H-series from EP-series, besides the EP-only frames
 * (section 4): the 0x1877 battery type arrives early in every main reply
 * set, so one pass knows within the first burst. */
const struct fox_variant_cue_rule fox_variant_cue_rules[] = {
	{ 0x1877, 0x1877, .byte = FOX_INFO_TYPE_BYTE, .lo = 0x6E, .hi = 0x6E,
	  .variant = FOX_VARIANT_EP },
	{ 0x1877, 0x1877, .byte = FOX_INFO_TYPE_BYTE, .lo = 0xFF, .hi = 0xFF,
	  .variant = FOX_VARIANT_EP },
	{ 0x1877, 0x1877, .byte = FOX_INFO_TYPE_BYTE, .lo = 0x52, .hi = 0x52,
	  .variant = FOX_VARIANT_H },
	{ 0x1877, 0x1877, .byte = FOX_INFO_TYPE_BYTE, .lo = 0x82, .hi = 0x84,
	  .variant = FOX_VARIANT_H },
	{ FOX_REQUEST_ID, FOX_REQUEST_ID, .byte = FOX_REQ_OPCODE_BYTE,
	  .lo = 0x07, .hi = 0x07, .variant = FOX_VARIANT_EP },
	/* Temperature sensors 9-64: EP units send only 0x0D21, 0x0D22. */
	{ 0x0D29, 0x0D59, .by_id = true, .variant = FOX_VARIANT_H },
};

const size_t fox_n_variant_cue_rules =
	sizeof(fox_variant_cue_rules) / sizeof(fox_variant_cue_rules[0]);

/* 0x1871 inverter request (section 2) --------------------------------- */

/* The forms that ask for replies, and which replies answer them. */
const struct fox_request_form fox_request_forms[] = {
	{ .opcode = 0x01, .has_selector = true, .selector = 0x00,
	  .class = FOX_CLASS_MAIN },
	{ .opcode = 0x01, .has_selector = true, .selector = 0x01,
	  .class = FOX_CLASS_PACK_DATA },
	{ .opcode = 0x01, .has_selector = true, .selector = 0x02,
	  .class = FOX_CLASS_CELL_VOLTAGES },
	{ .opcode = 0x01, .has_selector = true, .selector = 0x04,
	  .class = FOX_CLASS_CELL_TEMPS },
	{ .opcode = 0x05, .class = FOX_CLASS_SERIAL },
};

const size_t fox_n_request_forms =
	sizeof(fox_request_forms) / sizeof(fox_request_forms[0]);

#define FOX_REQ_POLL_FORMS (FOX_OPS(0x01) | FOX_OPS(0x02) | FOX_OPS(0x05))

static const struct fox_field fox_fields_request[] = {
	{ .abbrev = "foxess.request.opcode", .name = "Opcode",
	  .blurb = "Byte 0 of the inverter request: what the inverter asks for or tells",
	  FOX_UINT(FOX_REQ_OPCODE_BYTE, 1), .names = fox_vs_opcode,
	  .flags = FOX_F_HEX,
	  .info = "", .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.request.fixed", .name = "Fixed bytes 1-3",
	  .blurb = "Always 00 01 00 in requests seen; meaning unknown",
	  FOX_UINT(1, 3), .flags = FOX_F_HEX, .confidence = FOX_CONF_UNKNOWN,
	  FOX_WHEN(0, FOX_REQ_POLL_FORMS) },
	{ .abbrev = "foxess.request.selector", .name = "Selector",
	  .blurb = "Byte 4 of a data request: which reply set the BMS should send",
	  FOX_UINT(FOX_REQ_SELECTOR_BYTE, 1), .names = fox_vs_selector,
	  .flags = FOX_F_HEX,
	  .info = "", .confidence = FOX_CONF_CONFIRMED,
	  FOX_WHEN(0, FOX_OPS(0x01)) },
	{ .abbrev = "foxess.request.argument", .name = "Argument",
	  .blurb = "Byte 4 of an acknowledge (01) or serial-number request (00); meaning unknown",
	  FOX_UINT(4, 1), .flags = FOX_F_HEX, .confidence = FOX_CONF_UNKNOWN,
	  FOX_WHEN(0, FOX_OPS(0x02) | FOX_OPS(0x05)) },
	{ .abbrev = "foxess.request.reserved", .name = "Reserved bytes 5-6",
	  .blurb = "Always zero in requests seen",
	  FOX_UINT(5, 2), .flags = FOX_F_RESERVED | FOX_F_HEX,
	  .confidence = FOX_CONF_CONFIRMED, FOX_WHEN(0, FOX_REQ_POLL_FORMS) },
	{ .abbrev = "foxess.request.byte7", .name = "Byte 7",
	  .blurb = "Zero from most inverters; a real KH9 sends 0x02 in its acknowledge",
	  FOX_UINT(7, 1), .flags = FOX_F_HEX, .confidence = FOX_CONF_UNKNOWN,
	  FOX_WHEN(0, FOX_REQ_POLL_FORMS) },
	{ .abbrev = "foxess.request.clock_byte1", .name = "Clock byte 1",
	  .blurb = "Byte 1 of the clock form (0x06 and 0xB1 seen); meaning unknown",
	  FOX_UINT(1, 1), .flags = FOX_F_HEX, .confidence = FOX_CONF_UNKNOWN,
	  FOX_WHEN(0, FOX_OPS(0x03)) },
	{ .abbrev = "foxess.request.clock", .name = "Inverter clock",
	  .blurb = "Inverter local time, plain binary YY MM DD hh mm ss, year 2000 + YY (shown as if UTC)",
	  .kind = FOX_K_DATETIME, .offset = 2, .width = 6, .info = "",
	  .confidence = FOX_CONF_CONFIRMED, FOX_WHEN(0, FOX_OPS(0x03)) },
	{ .abbrev = "foxess.request.dc_byte1", .name = "Measurement byte 1",
	  .blurb = "Byte 1 of the EP/KH9 measurement form (0x33 seen); meaning unknown",
	  FOX_UINT(1, 1), .flags = FOX_F_HEX, .confidence = FOX_CONF_UNKNOWN,
	  FOX_WHEN(0, FOX_OPS(0x07)) },
	{ .abbrev = "foxess.request.inverter_current", .name = "Inverter DC current",
	  .blurb = "The inverter's own battery-current measurement (EP/KH9), inverter viewpoint: negative while the battery charges (67 FF = -15.3 A charging, E2 00 = +22.6 A discharging); not a copy of 0x1873",
	  FOX_INT(2, 2), FOX_UNIT(0.1, 0, "A", 1), .info = "",
	  .confidence = FOX_CONF_CONFIRMED, FOX_WHEN(0, FOX_OPS(0x07)) },
	{ .abbrev = "foxess.request.inverter_voltage", .name = "Inverter DC voltage",
	  .blurb = "The inverter's own battery-voltage measurement (EP/KH9), AA 0F = 401.0 V; about 1 V from 0x1873",
	  FOX_UINT(4, 2), FOX_UNIT(0.1, 0, "V", 1), .info = "",
	  .confidence = FOX_CONF_CONFIRMED, FOX_WHEN(0, FOX_OPS(0x07)) },
	{ .abbrev = "foxess.request.dc_trailer", .name = "Measurement bytes 6-7",
	  .blurb = "Constant 02 3C seen; meaning unknown",
	  FOX_BYTES(6, 2), .confidence = FOX_CONF_UNKNOWN,
	  FOX_WHEN(0, FOX_OPS(0x07)) },
};

/* 0x1872-0x1879 main-poll replies (section 3, EP meanings section 4) --- */

static const struct fox_field fox_fields_limits[] = {
	{ .abbrev = "foxess.limits.voltage_max", .name = "Max battery voltage",
	  .blurb = "Highest battery voltage the BMS allows",
	  FOX_UINT(0, 2), FOX_UNIT(0.1, 0, "V", 1), .info = "max",
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.limits.voltage_min", .name = "Min battery voltage",
	  .blurb = "Lowest battery voltage the BMS allows",
	  FOX_UINT(2, 2), FOX_UNIT(0.1, 0, "V", 1), .info = "min",
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.limits.charge_current_max", .name = "Max charge current",
	  .blurb = "Charge-current limit, unsigned magnitude (EP: Battery-Emulator v67 sends 0 while not ready)",
	  FOX_UINT(4, 2), FOX_UNIT(0.1, 0, "A", 1), .info = "chg",
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.limits.discharge_current_max", .name = "Max discharge current",
	  .blurb = "Discharge-current limit, unsigned magnitude (EP: Battery-Emulator v67 sends 0 while not ready)",
	  FOX_UINT(6, 2), FOX_UNIT(0.1, 0, "A", 1), .info = "dis",
	  .confidence = FOX_CONF_CONFIRMED },
};

static const struct fox_field fox_fields_pack[] = {
	{ .abbrev = "foxess.pack.voltage", .name = "Pack voltage",
	  .blurb = "Battery (stack) voltage",
	  FOX_UINT(0, 2), FOX_UNIT(0.1, 0, "V", 1), .info = "",
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.pack.current", .name = "Pack current",
	  .blurb = "Battery current as sent: a genuine FoxESS BMS sends positive = charging; some emulators send the opposite (EP: Battery-Emulator v67, which also sends 0 A while its power path is inactive)",
	  FOX_INT(2, 2), FOX_UNIT(0.1, 0, "A", 1), .info = "",
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.pack.soc", .name = "SoC",
	  .blurb = "State of charge",
	  FOX_UINT(4, 1), FOX_UNIT(1, 0, "%", 0), .info = "SoC",
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.pack.reserved5", .name = "Reserved byte 5",
	  .blurb = "Always zero",
	  FOX_UINT(5, 1), .flags = FOX_F_RESERVED | FOX_F_HEX,
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.pack.energy_remaining", .name = "Remaining energy",
	  .blurb = "H-series: energy left in the battery, 10 Wh units",
	  FOX_UINT(6, 2), FOX_UNIT(0.01, 0, "kWh", 2), .info = "",
	  .variants = FOX_VM_H, .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.pack.energy_nominal", .name = "Nominal energy",
	  .blurb = "EP-series: installed (nominal) energy, 10 Wh units: 1152 = 11.52 kWh for one EP12, 2304 for two; Battery-Emulator v67 rebuilds it as effective energy / SoH",
	  FOX_UINT(6, 2), FOX_UNIT(0.01, 0, "kWh", 2), .info = "nominal",
	  .variants = FOX_VM_EP, .confidence = FOX_CONF_CONFIRMED },
};

static const struct fox_field fox_fields_temps[] = {
	{ .abbrev = "foxess.temps.max", .name = "Max temperature",
	  .blurb = "Highest cell temperature",
	  FOX_INT(0, 2), FOX_UNIT(0.1, 0, "°C", 1), .info = "max",
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.temps.min", .name = "Min temperature",
	  .blurb = "Lowest cell temperature",
	  FOX_INT(2, 2), FOX_UNIT(0.1, 0, "°C", 1), .info = "min",
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.temps.cutoff_cell_high", .name = "Cut-off cell voltage high",
	  .blurb = "H-series: BMS cut-off cell voltage high, usually a steady ~3200 mV (the DBC's factor 100 is wrong)",
	  FOX_UINT(4, 2), FOX_UNIT(1, 0, "mV", 0),
	  .variants = FOX_VM_H, .confidence = FOX_CONF_LIKELY },
	{ .abbrev = "foxess.temps.cutoff_cell_low", .name = "Cut-off cell voltage low",
	  .blurb = "H-series: BMS cut-off cell voltage low, usually a steady ~3200 mV",
	  FOX_UINT(6, 2), FOX_UNIT(1, 0, "mV", 0),
	  .variants = FOX_VM_H, .confidence = FOX_CONF_LIKELY },
	{ .abbrev = "foxess.temps.cell_max_position", .name = "Highest cell position",
	  .blurb = "EP-series: position (1..144 of the virtual cell positions, 0 none) of the highest cell (provisional; 0x1904 is the better-supported frame)",
	  FOX_UINT(4, 2), .variants = FOX_VM_EP,
	  .confidence = FOX_CONF_PROVISIONAL },
	{ .abbrev = "foxess.temps.cell_min_position", .name = "Lowest cell position",
	  .blurb = "EP-series: position (1..144, 0 none) of the lowest cell (provisional)",
	  FOX_UINT(6, 2), .variants = FOX_VM_EP,
	  .confidence = FOX_CONF_PROVISIONAL },
};

static const struct fox_field fox_fields_status[] = {
	{ .abbrev = "foxess.status.bms_temp", .name = "BMS temperature",
	  .blurb = "Temperature of the BMS board (EP: average battery temperature; Battery-Emulator v67 sends trunc((0x1874 max + min) / 2))",
	  FOX_INT(0, 2), FOX_UNIT(0.1, 0, "°C", 1), .info = "BMS",
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.status.packs_ok", .name = "Operational packs",
	  .blurb = "Bitmap, bit n-1 set = pack n responding (EP: battery units)",
	  FOX_BITS(2), .flags = FOX_F_HEX, .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.status.packs_ok.pack1", .name = "Pack 1",
	  .blurb = "Pack 1 responding", FOX_FLAG(2, 0x01),
	  .names = fox_vs_responding, .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.status.packs_ok.pack2", .name = "Pack 2",
	  .blurb = "Pack 2 responding", FOX_FLAG(2, 0x02),
	  .names = fox_vs_responding, .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.status.packs_ok.pack3", .name = "Pack 3",
	  .blurb = "Pack 3 responding", FOX_FLAG(2, 0x04),
	  .names = fox_vs_responding, .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.status.packs_ok.pack4", .name = "Pack 4",
	  .blurb = "Pack 4 responding", FOX_FLAG(2, 0x08),
	  .names = fox_vs_responding, .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.status.packs_ok.pack5", .name = "Pack 5",
	  .blurb = "Pack 5 responding", FOX_FLAG(2, 0x10),
	  .names = fox_vs_responding, .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.status.packs_ok.pack6", .name = "Pack 6",
	  .blurb = "Pack 6 responding", FOX_FLAG(2, 0x20),
	  .names = fox_vs_responding, .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.status.packs_ok.pack7", .name = "Pack 7",
	  .blurb = "Pack 7 responding", FOX_FLAG(2, 0x40),
	  .names = fox_vs_responding, .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.status.packs_ok.pack8", .name = "Pack 8",
	  .blurb = "Pack 8 responding", FOX_FLAG(2, 0x80),
	  .names = fox_vs_responding, .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.status.pack_count", .name = "Number of packs",
	  .blurb = "Packs in the system, 1-8 (EP: battery units)",
	  FOX_UINT(3, 1), .info = "packs", .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.status.contactor", .name = "Contactor",
	  .blurb = "Main contactor state, 1 = closed",
	  FOX_UINT(4, 1), .names = fox_vs_contactor, .info = "contactor",
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.status.reserved5", .name = "Reserved byte 5",
	  .blurb = "Always zero",
	  FOX_UINT(5, 1), .flags = FOX_F_RESERVED | FOX_F_HEX,
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.status.cycles", .name = "Cycle count",
	  .blurb = "Charge/discharge cycles counted by the BMS (EP: equivalent full cycles, the app's Battery Cycles; native formula unknown; Battery-Emulator v67 computes (charged + discharged Wh) / (2 x capacity Wh) in RAM, so a restart resets it)",
	  FOX_UINT(6, 2), FOX_UNIT(1, 0, "cycles", 0), .info = "",
	  .confidence = FOX_CONF_CONFIRMED },
};

static const struct fox_field fox_fields_cells[] = {
	{ .abbrev = "foxess.cells.control", .name = "Charge control",
	  .blurb = "Byte 0: charge permission bits (EP: only bit 0 is known, strongly inferred)",
	  FOX_BITS(0), .flags = FOX_F_HEX, .confidence = FOX_CONF_CONFIRMED,
	  FOX_EP_GRADE(FOX_CONF_LIKELY) },
	{ .abbrev = "foxess.cells.charge_inhibit", .name = "Charge inhibit",
	  .blurb = "1 = BMS forbids charging (at max SoC or BMS master says no); KH inverters ignore 100 % SoC and rely on this bit. EP: strongly inferred; Battery-Emulator v67 also sets it while not ready or with a charge limit of 0",
	  FOX_FLAG(0, 0x01), .names = fox_vs_charge_inhibit,
	  .info = "CHARGE INHIBIT", .confidence = FOX_CONF_CONFIRMED,
	  FOX_EP_GRADE(FOX_CONF_LIKELY) },
	{ .abbrev = "foxess.cells.control_other", .name = "Other control bits",
	  .blurb = "Bits 1-7 of byte 0; zero in every capture seen",
	  FOX_FLAG(0, 0xFE), .flags = FOX_F_RESERVED,
	  .confidence = FOX_CONF_UNKNOWN },
	{ .abbrev = "foxess.cells.reserved1", .name = "Reserved byte 1",
	  .blurb = "Always zero",
	  FOX_UINT(1, 1), .flags = FOX_F_RESERVED | FOX_F_HEX,
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.cells.voltage_max", .name = "Max cell voltage",
	  .blurb = "Highest cell voltage (feeds the inverter's displayed cell values)",
	  FOX_UINT(2, 2), FOX_UNIT(1, 0, "mV", 0), .info = "max",
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.cells.reserved4", .name = "Reserved bytes 4-5",
	  .blurb = "Always zero",
	  FOX_UINT(4, 2), .flags = FOX_F_RESERVED | FOX_F_HEX,
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.cells.voltage_min", .name = "Min cell voltage",
	  .blurb = "Lowest cell voltage",
	  FOX_UINT(6, 2), FOX_UNIT(1, 0, "mV", 0), .info = "min",
	  .confidence = FOX_CONF_CONFIRMED },
};

static const struct fox_field fox_fields_info[] = {
	{ .abbrev = "foxess.info.pack_error", .name = "Pack error",
	  .blurb = "0x02 = pack in error (EP: only 0x00 seen on genuine units; 0x02 is Battery-Emulator v67's fault value)",
	  FOX_UINT(0, 1), .names = fox_vs_pack_error, .flags = FOX_F_HEX,
	  .info = "", .confidence = FOX_CONF_LIKELY,
	  FOX_EP_GRADE(FOX_CONF_PROVISIONAL) },
	{ .abbrev = "foxess.info.reserved1", .name = "Reserved bytes 1-3",
	  .blurb = "Always zero",
	  FOX_UINT(1, 3), .flags = FOX_F_RESERVED | FOX_F_HEX,
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.info.battery_type", .name = "Battery type",
	  .blurb = "Module / battery type code (EP: 0x6E main, 0xFF unit; what the codes name is unknown)",
	  FOX_UINT(FOX_INFO_TYPE_BYTE, 1), .names = fox_vs_battery_type,
	  .flags = FOX_F_HEX,
	  .info = "type", .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.info.reserved5", .name = "Reserved byte 5",
	  .blurb = "Always zero",
	  FOX_UINT(5, 1), .flags = FOX_F_RESERVED | FOX_F_HEX,
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.info.firmware_raw", .name = "Firmware byte",
	  .blurb = "Firmware version byte as sent (EP: 0x0C main, 0x1C unit, version-like; the H-series version rule does not apply)",
	  FOX_UINT(6, 1), .flags = FOX_F_HEX, .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.info.firmware", .name = "Firmware version",
	  .blurb = "H-series: pack record: high nibble . low nibble (0x1F = v1.15); BMS record (address 0x01): the byte as a decimal number (0x12 = 018)",
	  .kind = FOX_K_FIRMWARE, .offset = 6, .width = 1, .info = "fw",
	  .variants = FOX_VM_H, .confidence = FOX_CONF_LIKELY },
	{ .abbrev = "foxess.info.address", .name = "Record address",
	  .blurb = "Whose record this is: 0x01 BMS master, 0x10 * n pack n; successive replies rotate through them (EP: Battery-Emulator v67 rotates per internal update, so records repeat or skip)",
	  FOX_UINT(7, 1), .names = fox_vs_record_address, .flags = FOX_F_HEX,
	  .info = "record", .confidence = FOX_CONF_CONFIRMED },
};

static const struct fox_field fox_fields_energy[] = {
	{ .abbrev = "foxess.energy.ac_voltage_max", .name = "AC volts max",
	  .blurb = "H-series: meaning uncertain (DBC v1.1 called it pack voltage; emulators send a constant 256.7 V)",
	  FOX_UINT(0, 2), FOX_UNIT(0.1, 0, "V", 1), .info = "AC max",
	  .variants = FOX_VM_H, .confidence = FOX_CONF_PROVISIONAL },
	{ .abbrev = "foxess.energy.reserved2", .name = "Reserved bytes 2-3",
	  .blurb = "H-series: always zero",
	  FOX_UINT(2, 2), .flags = FOX_F_RESERVED | FOX_F_HEX,
	  .variants = FOX_VM_H, .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.energy.ep_byte0", .name = "Byte 0",
	  .blurb = "EP-series: 0, unused (read as H-series, bytes 0-1 give nonsense such as 2329.6 V)",
	  FOX_UINT(0, 1), .flags = FOX_F_HEX, .variants = FOX_VM_EP,
	  .confidence = FOX_CONF_LIKELY },
	{ .abbrev = "foxess.energy.unit_soc", .name = "Unit SoC",
	  .blurb = "EP-series: state of charge of this unit (0x31, 0x32 = 49, 50 %: not a direction)",
	  FOX_UINT(1, 1), FOX_UNIT(1, 0, "%", 0), .info = "unit SoC",
	  .variants = FOX_VM_EP, .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.energy.ep_bytes2", .name = "Bytes 2-3",
	  .blurb = "EP-series: a separate u16, zero",
	  FOX_UINT(2, 2), .flags = FOX_F_HEX, .variants = FOX_VM_EP,
	  .confidence = FOX_CONF_LIKELY },
	{ .abbrev = "foxess.energy.throughput", .name = "Energy throughput",
	  .blurb = "Lifetime energy throughput (EP: charged + discharged energy, capture-confirmed; not what the app's Total Charged comes from)",
	  FOX_UINT(4, 4), FOX_UNIT(1, 0, "Wh", 0), .info = "throughput",
	  .confidence = FOX_CONF_LIKELY, FOX_EP_GRADE(FOX_CONF_CONFIRMED) },
};

static const struct fox_field fox_fields_state[] = {
	{ .abbrev = "foxess.state.error_code", .name = "Error code",
	  .blurb = "H-series: error bits; 0x03 seen on a forced pack-comms error with the contactor dropped",
	  FOX_BITS(0), .flags = FOX_F_HEX, .variants = FOX_VM_H,
	  .confidence = FOX_CONF_LIKELY },
	{ .abbrev = "foxess.state.error_code.bit0", .name = "Error bit 0",
	  .blurb = "Set with bit 1 on a pack communication error",
	  FOX_FLAG(0, 0x01), .names = fox_vs_set, .info = "error bit 0",
	  .variants = FOX_VM_H, .confidence = FOX_CONF_LIKELY },
	{ .abbrev = "foxess.state.error_code.bit1", .name = "Error bit 1",
	  .blurb = "Set with bit 0 on a pack communication error",
	  FOX_FLAG(0, 0x02), .names = fox_vs_set, .info = "error bit 1",
	  .variants = FOX_VM_H, .confidence = FOX_CONF_LIKELY },
	{ .abbrev = "foxess.state.error_code.other", .name = "Other error bits",
	  .blurb = "Bits 2-7: never seen set; meaning unknown",
	  FOX_FLAG(0, 0xFC), .info = "other error bits", .variants = FOX_VM_H,
	  .confidence = FOX_CONF_UNKNOWN },
	{ .abbrev = "foxess.flags", .name = "Flags",
	  .blurb = "H-series: status flags (0x35 on-line charging, 0x2B on-line discharging, 0x1E off-line, 0x5A error)",
	  FOX_BITS(1), .flags = FOX_F_HEX, .variants = FOX_VM_H,
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.flags.status", .name = "Status code",
	  .blurb = "Bits 0-2: 2 error, 3 ok-discharge, 4 idle, 5 ok-charge, 6 off-line",
	  FOX_FLAG(1, 0x07), .names = fox_vs_status_code, .info = "",
	  .variants = FOX_VM_H, .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.flags.discharging", .name = "Discharging",
	  .blurb = "Bit 3: battery discharging", FOX_FLAG(1, 0x08),
	  .names = fox_vs_set, .variants = FOX_VM_H,
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.flags.charging", .name = "Charging",
	  .blurb = "Bit 4: battery charging", FOX_FLAG(1, 0x10),
	  .names = fox_vs_set, .variants = FOX_VM_H,
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.flags.online", .name = "On-line",
	  .blurb = "Bit 5: BMS on-line / operational", FOX_FLAG(1, 0x20),
	  .names = fox_vs_set, .variants = FOX_VM_H,
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.flags.active_error", .name = "Active error",
	  .blurb = "Bit 6: an error is active", FOX_FLAG(1, 0x40),
	  .names = fox_vs_set, .info = "ACTIVE ERROR", .variants = FOX_VM_H,
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.flags.bit7", .name = "Bit 7",
	  .blurb = "Always zero so far", FOX_FLAG(1, 0x80),
	  .flags = FOX_F_RESERVED, .variants = FOX_VM_H,
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.state.reserved2", .name = "Reserved bytes 2-3",
	  .blurb = "H-series: always zero",
	  FOX_UINT(2, 2), .flags = FOX_F_RESERVED | FOX_F_HEX,
	  .variants = FOX_VM_H, .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.state.reserved4", .name = "Reserved bytes 4-7",
	  .blurb = "H-series: always zero",
	  FOX_UINT(4, 4), .flags = FOX_F_RESERVED | FOX_F_HEX,
	  .variants = FOX_VM_H, .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.state.charged", .name = "Cumulative charge in",
	  .blurb = "EP-series: cumulative charged amp-hours, never decreasing on a genuine unit (0, 1, 2, 3, 4 while charging); Battery-Emulator v67 keeps it in RAM, so a restart resets it. Not error flags",
	  FOX_UINT(0, 4), FOX_UNIT(0.1, 0, "Ah", 1), .info = "in",
	  .variants = FOX_VM_EP, .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.state.discharged", .name = "Cumulative charge out",
	  .blurb = "EP-series: cumulative discharged amp-hours, never decreasing on a genuine unit (v67: RAM only)",
	  FOX_UINT(4, 4), FOX_UNIT(0.1, 0, "Ah", 1), .info = "out",
	  .variants = FOX_VM_EP, .confidence = FOX_CONF_CONFIRMED },
};

/* 0x1881-0x1883 serial numbers ---------------------------------------- */

static const struct fox_field fox_fields_serial[] = {
	{ .abbrev = "foxess.serial.owner", .name = "Serial owner",
	  .blurb = "Whose serial number: 0 = BMS, 1-8 = pack",
	  FOX_UINT(0, 1), .names = fox_vs_serial_owner, .info = "",
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.serial.fragment", .name = "Serial fragment",
	  .blurb = "7 ASCII characters; frames 0x1881, 0x1882, 0x1883 in order give the 21-character serial number",
	  .kind = FOX_K_ASCII, .offset = 1, .width = 7, .info = "part",
	  .confidence = FOX_CONF_CONFIRMED },
};

/* 0x0C05-0x0C0C per-pack data ----------------------------------------- */

static const struct fox_field fox_fields_module[] = {
	{ .abbrev = "foxess.module.current", .name = "Pack current",
	  .blurb = "Current of this pack, sign as sent",
	  FOX_INT(0, 2), FOX_UNIT(0.1, 0, "A", 1), .info = "",
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.module.temp_max", .name = "Pack max temperature",
	  .blurb = "Raw - 50 (one emulator encodes +40: its values then read 10 °C low)",
	  FOX_UINT(2, 1), FOX_UNIT(1, -50, "°C", 0), .info = "max",
	  .confidence = FOX_CONF_LIKELY },
	{ .abbrev = "foxess.module.temp_min", .name = "Pack min temperature",
	  .blurb = "Raw - 50",
	  FOX_UINT(3, 1), FOX_UNIT(1, -50, "°C", 0), .info = "min",
	  .confidence = FOX_CONF_LIKELY },
	{ .abbrev = "foxess.module.soc", .name = "Pack SoC",
	  .blurb = "State of charge of this pack",
	  FOX_UINT(4, 1), FOX_UNIT(1, 0, "%", 0), .info = "SoC",
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.module.byte5", .name = "Byte 5",
	  .blurb = "H-series: meaning unknown (\"charge/discharge?\"; emulators send 0x0A)",
	  FOX_UINT(5, 1), .flags = FOX_F_HEX, .variants = FOX_VM_H,
	  .confidence = FOX_CONF_UNKNOWN },
	{ .abbrev = "foxess.module.voltage", .name = "Pack voltage",
	  .blurb = "H-series: pack voltage in mV units (0xD0D0 = 53.456 V, a 16-cell LFP pack; one emulator sends 0.01 V units)",
	  FOX_UINT(6, 2), FOX_UNIT(0.001, 0, "V", 3), .info = "",
	  .variants = FOX_VM_H, .confidence = FOX_CONF_LIKELY },
	{ .abbrev = "foxess.module.cell_max", .name = "Max cell voltage",
	  .blurb = "EP-series: b5 | (b6 & 0x0F) << 8, saturates at 4095 mV (a KH9 capture shows FF FF FF while 0x1876 read 4176 mV); the layout is Battery-Emulator v67's, seen in KH9 captures, not graded on genuine units",
	  .kind = FOX_K_U12_LO, .offset = 5, .width = 2,
	  FOX_UNIT(1, 0, "mV", 0), .info = "max",
	  .variants = FOX_VM_EP, .confidence = FOX_CONF_LIKELY },
	{ .abbrev = "foxess.module.cell_min", .name = "Min cell voltage",
	  .blurb = "EP-series: (b6 >> 4) | b7 << 4, saturates at 4095 mV (layout as for the max)",
	  .kind = FOX_K_U12_HI, .offset = 6, .width = 2,
	  FOX_UNIT(1, 0, "mV", 0), .info = "min",
	  .variants = FOX_VM_EP, .confidence = FOX_CONF_LIKELY },
};

/* 0x0C1D-0x0CA9 cell voltages, 0x0D21-0x0D59 temperature sensors ------- */

static const struct fox_field fox_fields_cell_voltages[] = {
	{ .abbrev = "foxess.cell.voltage", .name = "Cell voltage",
	  .blurb = "One cell's voltage; 4 cells per frame, 144 cells from 0x0C1D to 0x0CA9 (EP: 144 virtual positions; Battery-Emulator v67 maps its N cells onto them, provisional)",
	  FOX_UINT(0, 2), .repeat = 4, FOX_UNIT(1, 0, "mV", 0), .info = "",
	  .confidence = FOX_CONF_CONFIRMED },
};

static const struct fox_field fox_fields_sensor_temps[] = {
	{ .abbrev = "foxess.sensor.temperature", .name = "Sensor temperature",
	  .blurb = "One temperature sensor, raw - 50; 8 per frame, 64 sensors from 0x0D21 to 0x0D59",
	  FOX_UINT(0, 1), .repeat = 8, FOX_UNIT(1, -50, "°C", 0), .info = "",
	  .confidence = FOX_CONF_CONFIRMED },
};

/* EP-series additions (section 4, graded by section 4.5) ---------------- */

/*
 * Confidence from the grades of the public EP frame map (protocol-notes
 * section 4.5, docs/protocol.md): capture- or hardware/app-confirmed =
 * confirmed; firmware-supported or strongly inferred = likely;
 * provisional = provisional; unresolved = unknown; a layout known only
 * from v67 and captures of it = likely.  "v67" is the frozen
 * Battery-Emulator EP emulation, not a genuine battery.  Fields shared
 * with H-series carry EP's grade in FOX_EP_GRADE where it differs.
 */
static const struct fox_value_name fox_vs_ep_state[] = {
	{ 0, "Idle" },
	{ 1, "Charging" },
	{ 2, "Discharging" },
	{ 4, "Not ready" },
	{ 0, NULL },
};

static const struct fox_value_name fox_vs_ep_readiness[] = {
	{ 0x04, "Not ready" },
	{ 0x08, "Ready" },
	{ 0, NULL },
};

static const struct fox_field fox_fields_ep_energy[] = {
	{ .abbrev = "foxess.ep_energy.charged", .name = "Charged energy",
	  .blurb = "EP-series: cumulative energy charged into the battery, never decreasing; Battery-Emulator v67 floors Wh/100 and keeps it in RAM, so a restart resets it",
	  FOX_UINT(0, 4), FOX_UNIT(0.1, 0, "kWh", 1), .info = "in",
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.ep_energy.discharged", .name = "Discharged energy",
	  .blurb = "EP-series: cumulative energy discharged from the battery, never decreasing (v67: RAM only, reset by a restart)",
	  FOX_UINT(4, 4), FOX_UNIT(0.1, 0, "kWh", 1), .info = "out",
	  .confidence = FOX_CONF_CONFIRMED },
};

static const struct fox_field fox_fields_ep_health[] = {
	{ .abbrev = "foxess.ep_health.soh", .name = "SoH",
	  .blurb = "EP-series: state of health, capped at 100 %",
	  FOX_UINT(0, 1), FOX_UNIT(1, 0, "%", 0), .info = "SoH",
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.ep_health.state", .name = "Battery state",
	  .blurb = "EP-series, as a genuine BMS sends it: 0 idle (not exactly 0 A), 1 charging, 2 discharging, 4 not ready. Battery-Emulator v67 swaps 1 and 2, uses a 1.0 A deadband and sends 4 whenever not ready",
	  FOX_UINT(1, 1), .names = fox_vs_ep_state, .info = "",
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.ep_health.bytes2", .name = "Bytes 2-3",
	  .blurb = "EP-series: zero in every capture; meaning unknown",
	  FOX_BYTES(2, 2), .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.ep_health.rated_capacity", .name = "Rated capacity",
	  .blurb = "EP-series: rated capacity of the system (genuine unit 30.0 Ah; totals scale with the units); v67 converts Wh via the 0x1872 voltage-window midpoint",
	  FOX_UINT(4, 2), FOX_UNIT(0.1, 0, "Ah", 1), .info = "rated",
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.ep_health.full_capacity", .name = "Effective capacity",
	  .blurb = "EP-series: full (effective) capacity now",
	  FOX_UINT(6, 2), FOX_UNIT(0.1, 0, "Ah", 1), .info = "full",
	  .confidence = FOX_CONF_CONFIRMED },
};

static const struct fox_field fox_fields_ep_187f[] = {
	{ .abbrev = "foxess.ep_187f.data", .name = "Data",
	  .blurb = "EP-series: 01 00 00 01 00 00 00 00 in every state and topology; meaning unknown",
	  FOX_BYTES(0, 8), .info = "",
	  .confidence = FOX_CONF_UNKNOWN },
};

static const struct fox_field fox_fields_ep_unit[] = {
	{ .abbrev = "foxess.ep_unit.capacity", .name = "Unit capacity",
	  .blurb = "EP-series: capacity of one unit (30.0 Ah even with two units; scope provisional); v67 sends the total, equal to 0x187B bytes 4-5",
	  FOX_UINT(0, 2), FOX_UNIT(0.1, 0, "Ah", 1), .info = "",
	  .confidence = FOX_CONF_LIKELY },
	{ .abbrev = "foxess.ep_unit.energy_nominal", .name = "Nominal energy",
	  .blurb = "EP-series: nominal energy, 10 Wh units, a copy of 0x1873 bytes 6-7",
	  FOX_UINT(2, 2), FOX_UNIT(0.01, 0, "kWh", 2), .info = "",
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.ep_unit.bytes4", .name = "Bytes 4-7",
	  .blurb = "EP-series: constant 00 00 3C 46 (12032.0 as a little-endian float, unproven); meaning unknown",
	  FOX_BYTES(4, 4), .confidence = FOX_CONF_UNKNOWN },
};

static const struct fox_field fox_fields_ep_1901[] = {
	{ .abbrev = "foxess.ep_1901.data", .name = "Data",
	  .blurb = "EP-series: constant F0 0F 00 00 40 00 33 42, perhaps u32 4080 and a float of about 44.75 (provisional)",
	  FOX_BYTES(0, 8), .info = "",
	  .confidence = FOX_CONF_PROVISIONAL },
};

static const struct fox_field fox_fields_ep_model[] = {
	{ .abbrev = "foxess.ep_model.value", .name = "Model value",
	  .blurb = "EP-series: 942 once settled, lower at startup (perhaps 0.001 per count; provisional)",
	  FOX_UINT(0, 2), .confidence = FOX_CONF_PROVISIONAL },
	{ .abbrev = "foxess.ep_model.discharge_power_max", .name = "Max discharge power",
	  .blurb = "EP-series: maximum discharge power (36.0 A x 400.0 V = 14,400 W in a KH9 capture); v67 sends 0 while not ready",
	  FOX_UINT(2, 2), FOX_UNIT(1, 0, "W", 0), .info = "max dis",
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.ep_model.resistance", .name = "Resistance-like value",
	  .blurb = "EP-series: a resistance-like model value in 0.1 mOhm (strongly inferred, firmware-supported; v67 fixed 892)",
	  FOX_UINT(4, 2), FOX_UNIT(0.1, 0, "mOhm", 1),
	  .confidence = FOX_CONF_LIKELY },
	{ .abbrev = "foxess.ep_model.temperature", .name = "Temperature-like value",
	  .blurb = "EP-series: a temperature in whole °C (strongly inferred; v67 sends the mean temperature)",
	  FOX_UINT(6, 2), FOX_UNIT(1, 0, "°C", 0),
	  .confidence = FOX_CONF_LIKELY },
};

static const struct fox_field fox_fields_ep_stored[] = {
	{ .abbrev = "foxess.ep_stored.bytes0", .name = "Bytes 0-5",
	  .blurb = "EP-series: zero in every capture; meaning unknown",
	  FOX_BYTES(0, 6), .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.ep_stored.energy", .name = "Stored energy",
	  .blurb = "EP-series: energy stored now; a genuine BMS sends floor(0x1873 nominal energy [10 Wh] x SoC % / 1000) (14,296 of 14,296 frames), Battery-Emulator v67 nominal / 20 whatever the SoC",
	  FOX_UINT(6, 2), FOX_UNIT(0.1, 0, "kWh", 1), .info = "",
	  .confidence = FOX_CONF_CONFIRMED },
};

static const struct fox_field fox_fields_ep_extremes[] = {
	{ .abbrev = "foxess.ep_extremes.cell_position_first", .name = "First extreme-cell position",
	  .blurb = "EP-series: position (1-144, 0 none) of one voltage-extreme cell; which of max and min comes first is not isolated on genuine units (v67: the max, copied from 0x1874)",
	  FOX_UINT(0, 2), .info = "cells",
	  .confidence = FOX_CONF_LIKELY },
	{ .abbrev = "foxess.ep_extremes.cell_position_second", .name = "Second extreme-cell position",
	  .blurb = "EP-series: position (1-144, 0 none) of the other voltage-extreme cell (v67: the min)",
	  FOX_UINT(2, 2), .info = "",
	  .confidence = FOX_CONF_LIKELY },
	{ .abbrev = "foxess.ep_extremes.temp_max_location", .name = "Temperature location code 1",
	  .blurb = "EP-series: a temperature-location code (native 0x0A, 0x12 and transients; v67 fixed 0x3A; provisional)",
	  FOX_UINT(4, 1), .flags = FOX_F_HEX,
	  .confidence = FOX_CONF_PROVISIONAL },
	{ .abbrev = "foxess.ep_extremes.temp_min_location", .name = "Temperature location code 2",
	  .blurb = "EP-series: a temperature-location code (v67 fixed 0x0A; provisional)",
	  FOX_UINT(5, 1), .flags = FOX_F_HEX,
	  .confidence = FOX_CONF_PROVISIONAL },
	{ .abbrev = "foxess.ep_extremes.bytes6", .name = "Bytes 6-7",
	  .blurb = "EP-series: zero in every capture; meaning unknown",
	  FOX_BYTES(6, 2), .confidence = FOX_CONF_CONFIRMED },
};

static const struct fox_field fox_fields_ep_1905[] = {
	{ .abbrev = "foxess.ep_1905.family", .name = "Family constant",
	  .blurb = "EP-series: a constant per product family (EP12 320, CQ7 1240), not a voltage; meaning unknown",
	  FOX_UINT(0, 2), .confidence = FOX_CONF_UNKNOWN },
	{ .abbrev = "foxess.ep_1905.soc_like", .name = "SoC-like value",
	  .blurb = "EP-series: follows the SoC; 0 until ready",
	  FOX_UINT(2, 1), FOX_UNIT(1, 0, "%", 0),
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.ep_1905.readiness", .name = "Readiness",
	  .blurb = "EP-series: 0x04 not ready, 0x08 ready",
	  FOX_UINT(3, 1), .names = fox_vs_ep_readiness, .flags = FOX_F_HEX,
	  .info = "", .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.ep_1905.param_b_tenth", .name = "Parameter B / 10",
	  .blurb = "EP-series: floor(0x1906 bytes 4-5 / 10), e.g. 97 from 970",
	  FOX_UINT(4, 1), .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.ep_1905.estimate2_tenth", .name = "Second estimate / 10",
	  .blurb = "EP-series: about floor(0x1907 bytes 4-7 / 10) (strong association; EP12 Plus has exceptions)",
	  FOX_UINT(5, 1), FOX_UNIT(1, 0, "%", 0),
	  .confidence = FOX_CONF_LIKELY },
	{ .abbrev = "foxess.ep_1905.value_tenth", .name = "0x1908 value / 10",
	  .blurb = "EP-series: about floor(0x1908 bytes 4-7 / 10) (strong association; EP12 Plus has exceptions)",
	  FOX_UINT(6, 1), FOX_UNIT(1, 0, "%", 0),
	  .confidence = FOX_CONF_LIKELY },
	{ .abbrev = "foxess.ep_1905.byte7", .name = "Byte 7",
	  .blurb = "EP-series: zero in every capture",
	  FOX_UINT(7, 1), .flags = FOX_F_RESERVED | FOX_F_HEX,
	  .confidence = FOX_CONF_CONFIRMED },
};

static const struct fox_field fox_fields_ep_1906[] = {
	{ .abbrev = "foxess.ep_1906.param_a", .name = "Parameter A",
	  .blurb = "EP-series: 80/81 in operation, about 46/47 at startup (v67 fixed 81); meaning unknown",
	  FOX_UINT(0, 2), .info = "A", .confidence = FOX_CONF_UNKNOWN },
	{ .abbrev = "foxess.ep_1906.bytes2", .name = "Bytes 2-3",
	  .blurb = "EP-series: zero in every capture",
	  FOX_UINT(2, 2), .flags = FOX_F_RESERVED | FOX_F_HEX,
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "foxess.ep_1906.param_b", .name = "Parameter B",
	  .blurb = "EP-series: about 970, drifting slowly (977); not a direction flag; meaning unknown",
	  FOX_UINT(4, 2), .info = "B", .confidence = FOX_CONF_UNKNOWN },
	{ .abbrev = "foxess.ep_1906.bytes6", .name = "Bytes 6-7",
	  .blurb = "EP-series: zero in every capture",
	  FOX_UINT(6, 2), .flags = FOX_F_RESERVED | FOX_F_HEX,
	  .confidence = FOX_CONF_CONFIRMED },
};

static const struct fox_field fox_fields_ep_1907[] = {
	{ .abbrev = "foxess.ep_1907.estimate1", .name = "First estimate",
	  .blurb = "EP-series: a model-sensitive SoC-like estimate in 0.1 % (scale strongly inferred); differs from the second on genuine units, equal to it under v67",
	  FOX_UINT(0, 4), FOX_UNIT(0.1, 0, "%", 1),
	  .confidence = FOX_CONF_LIKELY },
	{ .abbrev = "foxess.ep_1907.estimate2", .name = "Second estimate",
	  .blurb = "EP-series: SoC/SoE-like estimate in 0.1 %, at most 1000",
	  FOX_UINT(4, 4), FOX_UNIT(0.1, 0, "%", 1),
	  .confidence = FOX_CONF_CONFIRMED },
};

static const struct fox_field fox_fields_ep_1908[] = {
	{ .abbrev = "foxess.ep_1908.flags", .name = "Bytes 0-3",
	  .blurb = "EP-series: flags or subfields (genuine 10 04 80 00, 10 08 00 00, 10 0A 40 00, 10 0C 80 00; v67 little-endian 14 not ready, 16 ready); meaning unknown",
	  FOX_BYTES(0, 4), .info = "", .confidence = FOX_CONF_UNKNOWN },
	{ .abbrev = "foxess.ep_1908.value", .name = "Model/state value",
	  .blurb = "EP-series: a model/state quantity in 0.1 % (the field is capture-confirmed, its meaning unresolved)",
	  FOX_UINT(4, 4), FOX_UNIT(0.1, 0, "%", 1), .info = "",
	  .confidence = FOX_CONF_UNKNOWN },
};

static const struct fox_field fox_fields_ep_1909[] = {
	{ .abbrev = "foxess.ep_1909.data", .name = "Data",
	  .blurb = "EP-series: zero in every capture; meaning unknown",
	  FOX_BYTES(0, 8), .info = "",
	  .confidence = FOX_CONF_CONFIRMED },
};

static const struct fox_field fox_fields_ep_model_name[] = {
	{ .abbrev = "foxess.ep_model_name.text", .name = "Model name",
	  .blurb = "EP12 Plus / CQ7 and newer: 8 ASCII characters (CQ7 sends eight spaces); Battery-Emulator v67 never sends 0x1910-0x1919",
	  FOX_TEXT(0, 8), .info = "", .confidence = FOX_CONF_CONFIRMED },
};

static const struct fox_field fox_fields_ep_1911[] = {
	{ .abbrev = "foxess.ep_1911.data", .name = "Data",
	  .blurb = "EP12 Plus / CQ7 and newer; meaning unknown",
	  FOX_BYTES(0, 8), .info = "",
	  .confidence = FOX_CONF_UNKNOWN },
};

static const struct fox_field fox_fields_ep_model_long[] = {
	{ .abbrev = "foxess.ep_model_long.text", .name = "Model name part",
	  .blurb = "EP12 Plus / CQ7 and newer: 8 ASCII characters; 0x1912 and 0x1913 in order give the model string, \"EP12 Plus (w)\" on an EP12 Plus (\"(w)\" unexplained)",
	  FOX_TEXT(0, 8), .info = "", .confidence = FOX_CONF_CONFIRMED },
};

static const struct fox_field fox_fields_ep_extra[] = {
	{ .abbrev = "foxess.ep_extra.data", .name = "Data",
	  .blurb = "EP12 Plus / CQ7 and newer, 0x1914-0x1919: on an EP12 Plus 0x1915 holds 4 and a rising seconds-like count, 0x1916 a rising uptime-like count; on a CQ7 0x1915 repeats 0x1905, 0x1907 and 0x1908 values and the rest are zero; meaning unknown",
	  FOX_BYTES(0, 8), .info = "",
	  .confidence = FOX_CONF_UNKNOWN },
};

/* Solax dialect (section 5): same bus, some of the same IDs ------------ */

static const struct fox_field fox_fields_solax[] = {
	{ .abbrev = "foxess.solax.data", .name = "Solax data",
	  .blurb = "A frame of the Solax battery dialect, not FoxESS; not decoded",
	  FOX_BYTES(0, 8), .info = "",
	  .confidence = FOX_CONF_UNKNOWN },
};

/* Pylontech low-voltage CAN (section 5): 11-bit IDs, broadcast ---------- */

static const struct fox_value_name fox_vs_pylon_hv_request[] = {
	{ 0x00, "Ensemble information (0x4210-0x4290)" },
	{ 0x02, "System equipment information (0x7310-0x7340)" },
	{ 0, NULL },
};

static const struct fox_value_name fox_vs_pylon_forbidden[] = {
	{ 0xAA, "Forbidden" },
	{ 0, NULL },
};

static const struct fox_value_name fox_vs_pylon_sleep[] = {
	{ 0x55, "Sleep" },
	{ 0xAA, "Wake" },
	{ 0, NULL },
};

static const struct fox_field fox_fields_pylon_limits[] = {
	{ .abbrev = "pylontech.limits.charge_voltage", .name = "Charge voltage",
	  .blurb = "Charge voltage the BMS asks for",
	  FOX_UINT(0, 2), FOX_UNIT(0.1, 0, "V", 1), .info = "chg",
	  FOX_RANGE(10, 1000), .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.limits.charge_current", .name = "Charge current limit",
	  .blurb = "Charge-current limit",
	  FOX_INT(2, 2), FOX_UNIT(0.1, 0, "A", 1), .info = "chg",
	  FOX_RANGE(0, 3000), .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.limits.discharge_current", .name = "Discharge current limit",
	  .blurb = "Discharge-current limit",
	  FOX_INT(4, 2), FOX_UNIT(0.1, 0, "A", 1), .info = "dis",
	  FOX_RANGE(0, 3000), .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.limits.discharge_voltage", .name = "Discharge voltage",
	  .blurb = "Discharge cut-off voltage; optional (some senders use DLC 6)",
	  FOX_UINT(6, 2), FOX_UNIT(0.1, 0, "V", 1), .info = "dis",
	  FOX_RANGE(0, 1000), .confidence = FOX_CONF_CONFIRMED },
};

static const struct fox_field fox_fields_pylon_soc[] = {
	{ .abbrev = "pylontech.soc.soc", .name = "SoC",
	  .blurb = "State of charge",
	  FOX_UINT(0, 2), FOX_UNIT(1, 0, "%", 0), .info = "",
	  FOX_RANGE(0, 100), .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.soc.soh", .name = "SoH",
	  .blurb = "State of health",
	  FOX_UINT(2, 2), FOX_UNIT(1, 0, "%", 0), .info = "SoH",
	  FOX_RANGE(0, 100), .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.soc.soc_fine", .name = "SoC (0.01 %)",
	  .blurb = "State of charge in 0.01 %; optional",
	  FOX_UINT(4, 2), FOX_UNIT(0.01, 0, "%", 2),
	  FOX_RANGE(0, 100), .confidence = FOX_CONF_LIKELY },
};

static const struct fox_field fox_fields_pylon_measure[] = {
	{ .abbrev = "pylontech.measure.voltage", .name = "Battery voltage",
	  .blurb = "Battery voltage",
	  FOX_INT(0, 2), FOX_UNIT(0.01, 0, "V", 2), .info = "",
	  FOX_RANGE(1, 330), .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.measure.current", .name = "Battery current",
	  .blurb = "Battery current, positive = charging",
	  FOX_INT(2, 2), FOX_UNIT(0.1, 0, "A", 1), .info = "",
	  FOX_RANGE(-3000, 3000), .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.measure.temperature", .name = "Battery temperature",
	  .blurb = "Battery temperature",
	  FOX_INT(4, 2), FOX_UNIT(0.1, 0, "°C", 1), .info = "",
	  FOX_RANGE(-40, 100), .confidence = FOX_CONF_CONFIRMED },
};

static const struct fox_field fox_fields_pylon_alarms[] = {
	{ .abbrev = "pylontech.protection", .name = "Protection",
	  .blurb = "Byte 0 of the protection (alarm) bits",
	  FOX_BITS(0), .flags = FOX_F_HEX, .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.protection.cell_overvoltage", .name = "Cell over-voltage",
	  .blurb = "Protection: cell over-voltage", FOX_FLAG(0, 0x02),
	  .names = fox_vs_set, .info = "PROT OV", .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.protection.cell_undervoltage", .name = "Cell under-voltage",
	  .blurb = "Protection: cell under-voltage", FOX_FLAG(0, 0x04),
	  .names = fox_vs_set, .info = "PROT UV", .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.protection.overtemperature", .name = "Over-temperature",
	  .blurb = "Protection: over-temperature", FOX_FLAG(0, 0x08),
	  .names = fox_vs_set, .info = "PROT OT", .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.protection.undertemperature", .name = "Under-temperature",
	  .blurb = "Protection: under-temperature", FOX_FLAG(0, 0x10),
	  .names = fox_vs_set, .info = "PROT UT", .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.protection.discharge_overcurrent", .name = "Discharge over-current",
	  .blurb = "Protection: discharge over-current", FOX_FLAG(0, 0x80),
	  .names = fox_vs_set, .info = "PROT DOC", .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.protection.other0", .name = "Other bits",
	  .blurb = "Bits 0x61 of byte 0; meaning unknown", FOX_FLAG(0, 0x61),
	  .confidence = FOX_CONF_UNKNOWN },
	{ .abbrev = "pylontech.protection1", .name = "Protection byte 1",
	  .blurb = "Byte 1 of the protection (alarm) bits",
	  FOX_BITS(1), .flags = FOX_F_HEX, .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.protection.charge_overcurrent", .name = "Charge over-current",
	  .blurb = "Protection: charge over-current", FOX_FLAG(1, 0x01),
	  .names = fox_vs_set, .info = "PROT COC", .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.protection.system_error", .name = "System error",
	  .blurb = "Protection: system error", FOX_FLAG(1, 0x08),
	  .names = fox_vs_set, .info = "PROT SYSTEM ERROR", .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.protection.other1", .name = "Other bits",
	  .blurb = "Bits 0xF6 of byte 1; meaning unknown", FOX_FLAG(1, 0xF6),
	  .confidence = FOX_CONF_UNKNOWN },
	{ .abbrev = "pylontech.warning", .name = "Warning",
	  .blurb = "Byte 2 of the warning bits (same positions as protection byte 0)",
	  FOX_BITS(2), .flags = FOX_F_HEX, .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.warning.cell_high_voltage", .name = "Cell high voltage",
	  .blurb = "Warning: cell voltage high", FOX_FLAG(2, 0x02),
	  .names = fox_vs_set, .info = "WARN HV", .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.warning.cell_low_voltage", .name = "Cell low voltage",
	  .blurb = "Warning: cell voltage low", FOX_FLAG(2, 0x04),
	  .names = fox_vs_set, .info = "WARN LV", .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.warning.high_temperature", .name = "High temperature",
	  .blurb = "Warning: temperature high", FOX_FLAG(2, 0x08),
	  .names = fox_vs_set, .info = "WARN HT", .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.warning.low_temperature", .name = "Low temperature",
	  .blurb = "Warning: temperature low", FOX_FLAG(2, 0x10),
	  .names = fox_vs_set, .info = "WARN LT", .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.warning.discharge_high_current", .name = "Discharge high current",
	  .blurb = "Warning: discharge current high", FOX_FLAG(2, 0x80),
	  .names = fox_vs_set, .info = "WARN DHC", .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.warning.other2", .name = "Other bits",
	  .blurb = "Bits 0x61 of byte 2; meaning unknown", FOX_FLAG(2, 0x61),
	  .confidence = FOX_CONF_UNKNOWN },
	{ .abbrev = "pylontech.warning1", .name = "Warning byte 3",
	  .blurb = "Byte 3 of the warning bits",
	  FOX_BITS(3), .flags = FOX_F_HEX, .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.warning.charge_high_current", .name = "Charge high current",
	  .blurb = "Warning: charge current high", FOX_FLAG(3, 0x01),
	  .names = fox_vs_set, .info = "WARN CHC", .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.warning.internal_comms", .name = "Internal communication failure",
	  .blurb = "Warning: internal communication failure", FOX_FLAG(3, 0x08),
	  .names = fox_vs_set, .info = "WARN INTERNAL COMMS", .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.warning.other3", .name = "Other bits",
	  .blurb = "Bits 0xF6 of byte 3; meaning unknown", FOX_FLAG(3, 0xF6),
	  .confidence = FOX_CONF_UNKNOWN },
	{ .abbrev = "pylontech.alarms.modules", .name = "Module count",
	  .blurb = "Number of battery modules",
	  FOX_UINT(4, 1), .info = "modules",
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.alarms.marker", .name = "Marker",
	  .blurb = "ASCII \"PN\" in Pylontech frames",
	  FOX_TEXT(5, 2), .marker = "PN", .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.alarms.byte7", .name = "Byte 7",
	  .blurb = "Meaning unknown",
	  FOX_BYTES(7, 1), .confidence = FOX_CONF_UNKNOWN },
};

static const struct fox_field fox_fields_pylon_alarms_new[] = {
	{ .abbrev = "pylontech.alarms_new.data", .name = "Alarm and warning data",
	  .blurb = "Newer firmware's replacement for 0x359; layout not decoded",
	  FOX_BYTES(0, 8), .info = "",
	  .confidence = FOX_CONF_UNKNOWN },
};

static const struct fox_field fox_fields_pylon_request[] = {
	{ .abbrev = "pylontech.request", .name = "Request flags",
	  .blurb = "What the BMS asks the inverter for",
	  FOX_BITS(0), .flags = FOX_F_HEX, .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.request.charge_enable", .name = "Charge enable",
	  .blurb = "Charging allowed", FOX_FLAG(0, 0x80),
	  .names = fox_vs_set, .info = "CHG", .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.request.discharge_enable", .name = "Discharge enable",
	  .blurb = "Discharging allowed", FOX_FLAG(0, 0x40),
	  .names = fox_vs_set, .info = "DIS", .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.request.force_charge1", .name = "Force charge 1",
	  .blurb = "Force-charge request (first level)", FOX_FLAG(0, 0x20),
	  .names = fox_vs_set, .info = "FORCE1", .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.request.force_charge2", .name = "Force charge 2",
	  .blurb = "Force-charge request (second level)", FOX_FLAG(0, 0x10),
	  .names = fox_vs_set, .info = "FORCE2", .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.request.full_charge", .name = "Full charge",
	  .blurb = "Full-charge request", FOX_FLAG(0, 0x08),
	  .names = fox_vs_set, .info = "FULL", .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.request.other", .name = "Other bits",
	  .blurb = "Bits 0-2; meaning unknown", FOX_FLAG(0, 0x07),
	  .confidence = FOX_CONF_UNKNOWN },
	{ .abbrev = "pylontech.request.byte1", .name = "Byte 1",
	  .blurb = "Meaning unknown; optional",
	  FOX_BYTES(1, 1), .confidence = FOX_CONF_UNKNOWN },
};

static const struct fox_field fox_fields_pylon_name[] = {
	{ .abbrev = "pylontech.manufacturer", .name = "Manufacturer",
	  .blurb = "ASCII manufacturer name, \"PYLON\" padded with spaces",
	  FOX_TEXT(0, 8), .marker = "PYLON", .info = "",
	  .confidence = FOX_CONF_CONFIRMED },
};

static const struct fox_field fox_fields_pylon_info_new[] = {
	{ .abbrev = "pylontech.info_new.data", .name = "Battery information",
	  .blurb = "Newer firmware's replacement for 0x35C; layout not decoded",
	  FOX_BYTES(0, 8), .info = "",
	  .confidence = FOX_CONF_UNKNOWN },
};

static const struct fox_field fox_fields_pylon_keepalive[] = {
	{ .abbrev = "pylontech.keepalive.bytes0", .name = "Bytes 0-3",
	  .blurb = "Inverter keep-alive, about every 1 s: normally zero",
	  FOX_UINT(0, 4), .flags = FOX_F_HEX, FOX_RANGE(0, 0),
	  .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.keepalive.bytes4", .name = "Bytes 4-7",
	  .blurb = "Inverter keep-alive: normally zero",
	  FOX_UINT(4, 4), .flags = FOX_F_HEX, FOX_RANGE(0, 0),
	  .confidence = FOX_CONF_CONFIRMED },
};

static const struct fox_field fox_fields_pylon_inverter_id[] = {
	{ .abbrev = "pylontech.inverter_id.data", .name = "Inverter identification",
	  .blurb = "Inverter identification; layout not decoded",
	  FOX_BYTES(0, 8), .info = "",
	  .confidence = FOX_CONF_UNKNOWN },
};

/* Pylontech high-voltage CAN (section 5): 29-bit request/response ------- */

static const struct fox_field fox_fields_pylon_hv_request[] = {
	{ .abbrev = "pylontech.hv_request.type", .name = "Request type",
	  .blurb = "0x00 asks for 0x4210-0x4290, 0x02 for 0x7310-0x7340",
	  FOX_UINT(0, 1), .names = fox_vs_pylon_hv_request,
	  .flags = FOX_F_HEX, .info = "", .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.hv_request.bytes1", .name = "Bytes 1-7",
	  .blurb = "Meaning not decoded",
	  FOX_BYTES(1, 7), .confidence = FOX_CONF_UNKNOWN },
};

static const struct fox_field fox_fields_pylon_hv_state[] = {
	{ .abbrev = "pylontech.hv_state.voltage", .name = "Battery voltage",
	  .blurb = "Battery voltage",
	  FOX_UINT(0, 2), FOX_UNIT(0.1, 0, "V", 1), .info = "",
	  FOX_RANGE(0, 1500), .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.hv_state.current", .name = "Battery current",
	  .blurb = "Battery current, raw 30000 = 0 A (offset -3000 A)",
	  FOX_UINT(2, 2), FOX_UNIT(0.1, -3000, "A", 1), .info = "",
	  FOX_RANGE(-1000, 1000), .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.hv_state.temperature", .name = "Temperature",
	  .blurb = "Battery (BMS) temperature, raw 1000 = 0 °C (offset -100 °C)",
	  FOX_UINT(4, 2), FOX_UNIT(0.1, -100, "°C", 1), .info = "",
	  FOX_RANGE(-40, 100), .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.hv_state.soc", .name = "SoC",
	  .blurb = "State of charge",
	  FOX_UINT(6, 1), FOX_UNIT(1, 0, "%", 0), .info = "SoC",
	  FOX_RANGE(0, 100), .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.hv_state.soh", .name = "SoH",
	  .blurb = "State of health",
	  FOX_UINT(7, 1), FOX_UNIT(1, 0, "%", 0), .info = "SoH",
	  FOX_RANGE(0, 100), .confidence = FOX_CONF_CONFIRMED },
};

static const struct fox_field fox_fields_pylon_hv_limits[] = {
	{ .abbrev = "pylontech.hv_limits.charge_voltage", .name = "Charge cut-off voltage",
	  .blurb = "Charge cut-off voltage",
	  FOX_UINT(0, 2), FOX_UNIT(0.1, 0, "V", 1), .info = "chg",
	  FOX_RANGE(0, 1500), .confidence = FOX_CONF_LIKELY },
	{ .abbrev = "pylontech.hv_limits.discharge_voltage", .name = "Discharge cut-off voltage",
	  .blurb = "Discharge cut-off voltage",
	  FOX_UINT(2, 2), FOX_UNIT(0.1, 0, "V", 1), .info = "dis",
	  FOX_RANGE(0, 1500), .confidence = FOX_CONF_LIKELY },
	{ .abbrev = "pylontech.hv_limits.charge_current", .name = "Max charge current",
	  .blurb = "Charge-current limit, offset -3000 A like the measured current (provisional)",
	  FOX_UINT(4, 2), FOX_UNIT(0.1, -3000, "A", 1), .info = "",
	  FOX_RANGE(-1000, 1000), .confidence = FOX_CONF_PROVISIONAL },
	{ .abbrev = "pylontech.hv_limits.discharge_current", .name = "Max discharge current",
	  .blurb = "Discharge-current limit, offset -3000 A like the measured current (provisional)",
	  FOX_UINT(6, 2), FOX_UNIT(0.1, -3000, "A", 1), .info = "",
	  FOX_RANGE(-1000, 1000), .confidence = FOX_CONF_PROVISIONAL },
};

static const struct fox_field fox_fields_pylon_hv_forbid[] = {
	{ .abbrev = "pylontech.hv_forbid.charge", .name = "Charge forbidden",
	  .blurb = "0xAA = charging forbidden",
	  FOX_UINT(0, 1), .names = fox_vs_pylon_forbidden, .flags = FOX_F_HEX,
	  .info = "chg", .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.hv_forbid.discharge", .name = "Discharge forbidden",
	  .blurb = "0xAA = discharging forbidden",
	  FOX_UINT(1, 1), .names = fox_vs_pylon_forbidden, .flags = FOX_F_HEX,
	  .info = "dis", .confidence = FOX_CONF_CONFIRMED },
	{ .abbrev = "pylontech.hv_forbid.bytes2", .name = "Bytes 2-7",
	  .blurb = "Meaning not decoded",
	  FOX_BYTES(2, 6), .confidence = FOX_CONF_UNKNOWN },
};

static const struct fox_field fox_fields_pylon_hv_raw[] = {
	{ .abbrev = "pylontech.hv_data", .name = "Data",
	  .blurb = "Ensemble or equipment information; layout not decoded",
	  FOX_BYTES(0, 8), .info = "",
	  .confidence = FOX_CONF_UNKNOWN },
};

static const struct fox_field fox_fields_pylon_hv_sleep[] = {
	{ .abbrev = "pylontech.hv_sleep.command", .name = "Sleep / wake",
	  .blurb = "Sleep or wake command (values provisional)",
	  FOX_UINT(0, 1), .names = fox_vs_pylon_sleep, .flags = FOX_F_HEX,
	  .info = "", .confidence = FOX_CONF_PROVISIONAL },
	{ .abbrev = "pylontech.hv_sleep.bytes1", .name = "Bytes 1-7",
	  .blurb = "Meaning not decoded",
	  FOX_BYTES(1, 7), .confidence = FOX_CONF_UNKNOWN },
};

static const struct fox_field fox_fields_pylon_hv_command[] = {
	{ .abbrev = "pylontech.hv_command.data", .name = "Charge / discharge command",
	  .blurb = "Inverter's charge/discharge command; layout not decoded",
	  FOX_BYTES(0, 8), .info = "",
	  .confidence = FOX_CONF_UNKNOWN },
};

/* The frames ----------------------------------------------------------- */

#define FOX_ONE(i) .id_first = (i), .id_last = (i), .id_step = 1

/* A Pylontech HV reply: 16 IDs, the last hex digit the battery address. */
#define FOX_PYLON_HV_REPLY(id, k, n, sum, len, fields)                      \
	{ .proto = FOX_PROTO_PYLONTECH, .id_first = (id),                    \
	  .id_last = (id) + 0xF, .id_step = 1, .extended = true,             \
	  .dir = FOX_DIR_BMS_TO_INVERTER, .key = (k), .name = (n),           \
	  .summary = (sum), .min_len = (len), .index = FOX_IDX_ADDRESS,      \
	  .index_abbrev = "pylontech.hv_address",                            \
	  .index_name = "Battery address", FOX_FIELDS(fields) }

const struct fox_frame fox_frames[] = {
	{ FOX_ONE(FOX_REQUEST_ID), .extended = true,
	  .dir = FOX_DIR_INVERTER_TO_BMS,
	  .key = "request", .name = "Inverter request", .summary = "Request",
	  .min_len = 8, FOX_FIELDS(fox_fields_request) },
	{ FOX_ONE(0x1872), .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  FOX_MAIN_REPLY(FOX_VM_ALL), .key = "limits", .name = "Battery limits", .summary = "Limits",
	  .min_len = 8, FOX_FIELDS(fox_fields_limits) },
	{ FOX_ONE(0x1873), .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  FOX_MAIN_REPLY(FOX_VM_ALL), .key = "pack", .name = "Pack state", .summary = "Pack",
	  .min_len = 8, FOX_FIELDS(fox_fields_pack) },
	{ FOX_ONE(0x1874), .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  FOX_MAIN_REPLY(FOX_VM_ALL), .key = "temps", .name = "Temperatures", .summary = "Temps",
	  .min_len = 8, FOX_FIELDS(fox_fields_temps) },
	{ FOX_ONE(0x1875), .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  FOX_MAIN_REPLY(FOX_VM_ALL), .key = "status", .name = "System status", .summary = "Status",
	  .min_len = 8, FOX_FIELDS(fox_fields_status) },
	{ FOX_ONE(0x1876), .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  FOX_MAIN_REPLY(FOX_VM_ALL), .key = "cells", .name = "Cell extremes and charge permission",
	  .summary = "Cells", .min_len = 8, FOX_FIELDS(fox_fields_cells) },
	{ FOX_ONE(0x1877), .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  FOX_MAIN_REPLY(FOX_VM_ALL), .key = "info", .name = "Module info", .summary = "Info",
	  .min_len = 8, FOX_FIELDS(fox_fields_info) },
	{ FOX_ONE(0x1878), .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  FOX_MAIN_REPLY(FOX_VM_ALL), .key = "energy", .name = "Energy", .summary = "Energy",
	  .min_len = 8, FOX_FIELDS(fox_fields_energy) },
	{ FOX_ONE(0x1879), .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  FOX_MAIN_REPLY(FOX_VM_ALL), .key = "state", .name = "Error code and flags", .summary = "State",
	  .ep_name = "Ah counters", .ep_summary = "Ah counters",
	  .min_len = 8, FOX_FIELDS(fox_fields_state) },
	{ .id_first = 0x1881, .id_last = 0x1883, .id_step = 1,
	  .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  .answers = FOX_CLASS_SERIAL, .key = "serial", .name = "Serial number", .summary = "Serial",
	  .min_len = 8, .index = FOX_IDX_PART,
	  .index_abbrev = "foxess.serial.part", .index_name = "Serial part",
	  FOX_FIELDS(fox_fields_serial) },
	{ .id_first = 0x0C05, .id_last = 0x0C0C, .id_step = 1,
	  .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  .answers = FOX_CLASS_PACK_DATA, .key = "module", .name = "Pack data", .summary = "Pack data",
	  .min_len = 8, .index = FOX_IDX_PACK,
	  .index_abbrev = "foxess.module.number", .index_name = "Pack number",
	  FOX_FIELDS(fox_fields_module) },
	{ .id_first = 0x0C1D, .id_last = 0x0CA9, .id_step = 4,
	  .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  .answers = FOX_CLASS_CELL_VOLTAGES, .key = "cellv", .name = "Cell voltages", .summary = "Cells",
	  .min_len = 8, .index = FOX_IDX_ITEMS, .per_frame = 4,
	  .index_abbrev = "foxess.cell.first", .index_name = "First cell",
	  FOX_FIELDS(fox_fields_cell_voltages) },
	{ .id_first = 0x0D21, .id_last = 0x0D59, .id_step = 8,
	  .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  .answers = FOX_CLASS_CELL_TEMPS, .key = "celltemp", .name = "Temperature sensors", .summary = "Sensors",
	  .min_len = 8, .index = FOX_IDX_ITEMS, .per_frame = 8,
	  .index_abbrev = "foxess.sensor.first", .index_name = "First sensor",
	  FOX_FIELDS(fox_fields_sensor_temps) },

	/* EP-series additions (section 4).  0x0D21 is decoded by the
	 * celltemp row above (same layout and numbering); this row gives
	 * 0x0D22 sensors 9-16. */
	{ FOX_ONE(0x187A), .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  .variants = FOX_VM_EP, FOX_MAIN_REPLY(FOX_VM_EP), .key = "ep_energy", .name = "Energy counters",
	  .summary = "Energy", .min_len = 8, FOX_FIELDS(fox_fields_ep_energy) },
	{ FOX_ONE(0x187B), .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  .variants = FOX_VM_EP, FOX_MAIN_REPLY(FOX_VM_EP), .key = "ep_health",
	  .name = "Health, state and capacity", .summary = "Health",
	  .min_len = 8, FOX_FIELDS(fox_fields_ep_health) },
	{ FOX_ONE(0x187F), .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  .variants = FOX_VM_EP, FOX_MAIN_REPLY(FOX_VM_EP), .key = "ep_187f", .name = "EP constant 0x187F",
	  .summary = "0x187F", .min_len = 8, FOX_FIELDS(fox_fields_ep_187f) },
	{ FOX_ONE(0x1900), .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  .variants = FOX_VM_EP, FOX_MAIN_REPLY(FOX_VM_EP), .key = "ep_unit", .name = "Unit capacity",
	  .summary = "Unit", .min_len = 8, FOX_FIELDS(fox_fields_ep_unit) },
	{ FOX_ONE(0x1901), .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  .variants = FOX_VM_EP, FOX_MAIN_REPLY(FOX_VM_EP), .key = "ep_1901", .name = "EP constant 0x1901",
	  .summary = "0x1901", .min_len = 8, FOX_FIELDS(fox_fields_ep_1901) },
	{ FOX_ONE(0x1902), .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  .variants = FOX_VM_EP, FOX_MAIN_REPLY(FOX_VM_EP), .key = "ep_model", .name = "Model values",
	  .summary = "Model", .min_len = 8, FOX_FIELDS(fox_fields_ep_model) },
	{ FOX_ONE(0x1903), .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  .variants = FOX_VM_EP, FOX_MAIN_REPLY(FOX_VM_EP), .key = "ep_stored", .name = "Stored energy",
	  .summary = "Stored", .min_len = 8, FOX_FIELDS(fox_fields_ep_stored) },
	{ FOX_ONE(0x1904), .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  .variants = FOX_VM_EP, FOX_MAIN_REPLY(FOX_VM_EP), .key = "ep_extremes",
	  .name = "Extreme cell positions", .summary = "Extremes",
	  .min_len = 8, FOX_FIELDS(fox_fields_ep_extremes) },
	{ FOX_ONE(0x1905), .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  .variants = FOX_VM_EP, FOX_MAIN_REPLY(FOX_VM_EP), .key = "ep_1905", .name = "EP state 0x1905",
	  .summary = "0x1905", .min_len = 8, FOX_FIELDS(fox_fields_ep_1905) },
	{ FOX_ONE(0x1906), .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  .variants = FOX_VM_EP, FOX_MAIN_REPLY(FOX_VM_EP), .key = "ep_1906", .name = "EP values 0x1906",
	  .summary = "0x1906", .min_len = 8, FOX_FIELDS(fox_fields_ep_1906) },
	{ FOX_ONE(0x1907), .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  .variants = FOX_VM_EP, FOX_MAIN_REPLY(FOX_VM_EP), .key = "ep_1907", .name = "EP estimates 0x1907",
	  .summary = "0x1907", .min_len = 8, FOX_FIELDS(fox_fields_ep_1907) },
	{ FOX_ONE(0x1908), .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  .variants = FOX_VM_EP, FOX_MAIN_REPLY(FOX_VM_EP), .key = "ep_1908", .name = "EP values 0x1908",
	  .summary = "0x1908", .min_len = 8, FOX_FIELDS(fox_fields_ep_1908) },
	{ FOX_ONE(0x1909), .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  .variants = FOX_VM_EP, FOX_MAIN_REPLY(FOX_VM_EP), .key = "ep_1909", .name = "EP values 0x1909",
	  .summary = "0x1909", .min_len = 8, FOX_FIELDS(fox_fields_ep_1909) },
	{ FOX_ONE(0x1910), .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  .variants = FOX_VM_EP, FOX_MAIN_REPLY(0), .key = "ep_model_name", .name = "Model name",
	  .summary = "Model", .min_len = 8,
	  FOX_FIELDS(fox_fields_ep_model_name) },
	{ FOX_ONE(0x1911), .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  .variants = FOX_VM_EP, FOX_MAIN_REPLY(0), .key = "ep_1911", .name = "EP values 0x1911",
	  .summary = "0x1911", .min_len = 8, FOX_FIELDS(fox_fields_ep_1911) },
	{ .id_first = 0x1912, .id_last = 0x1913, .id_step = 1,
	  .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  .variants = FOX_VM_EP, FOX_MAIN_REPLY(0), .key = "ep_model_long",
	  .name = "Long model name", .summary = "Model", .min_len = 8,
	  .index = FOX_IDX_PART, .index_abbrev = "foxess.ep_model_long.part",
	  .index_name = "Model name part",
	  FOX_FIELDS(fox_fields_ep_model_long) },
	{ .id_first = 0x1914, .id_last = 0x1919, .id_step = 1,
	  .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  .variants = FOX_VM_EP, FOX_MAIN_REPLY(0), .key = "ep_extra", .name = "EP values 0x1914-0x1919",
	  .summary = "EP extra", .min_len = 8, FOX_FIELDS(fox_fields_ep_extra) },
	{ .id_first = 0x0D21, .id_last = 0x0D22, .id_step = 1,
	  .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  .variants = FOX_VM_EP, .answers = FOX_CLASS_CELL_TEMPS, .key = "celltemp_ep",
	  .name = "Temperature sensors (EP)", .summary = "Sensors",
	  .min_len = 8, .index = FOX_IDX_ITEMS, .per_frame = 8,
	  .index_abbrev = "foxess.sensor.first", .index_name = "First sensor",
	  FOX_FIELDS(fox_fields_sensor_temps) },

	/* Solax dialect frames (section 5): named, not decoded. */
	{ FOX_ONE(0x187E), .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  .key = "solax_187e", .name = "Solax dialect frame 0x187E (not FoxESS)",
	  .summary = "Solax 0x187E", .dialect = "Solax",
	  FOX_FIELDS(fox_fields_solax) },
	{ FOX_ONE(0x1801), .extended = true, .dir = FOX_DIR_BMS_TO_INVERTER,
	  .key = "solax_1801", .name = "Solax dialect frame 0x1801 (not FoxESS)",
	  .summary = "Solax 0x1801", .dialect = "Solax",
	  FOX_FIELDS(fox_fields_solax) },
	{ FOX_ONE(0x100A001), .extended = true, .dir = FOX_DIR_INVERTER_TO_BMS,
	  .key = "solax_100a001",
	  .name = "Solax dialect frame 0x100A001 (not FoxESS)",
	  .summary = "Solax 0x100A001", .dialect = "Solax",
	  FOX_FIELDS(fox_fields_solax) },

	/* Pylontech low-voltage CAN (section 5): 11-bit IDs. */
	{ .proto = FOX_PROTO_PYLONTECH, FOX_ONE(0x351),
	  .dir = FOX_DIR_BMS_TO_INVERTER, .key = "pylon_limits",
	  .name = "Charge and discharge limits", .summary = "Limits",
	  .min_len = 6, FOX_FIELDS(fox_fields_pylon_limits) },
	{ .proto = FOX_PROTO_PYLONTECH, FOX_ONE(0x355),
	  .dir = FOX_DIR_BMS_TO_INVERTER, .key = "pylon_soc",
	  .name = "SoC and SoH", .summary = "SoC",
	  .min_len = 4, FOX_FIELDS(fox_fields_pylon_soc) },
	{ .proto = FOX_PROTO_PYLONTECH, FOX_ONE(0x356),
	  .dir = FOX_DIR_BMS_TO_INVERTER, .key = "pylon_measure",
	  .name = "Voltage, current, temperature", .summary = "Battery",
	  .min_len = 6, FOX_FIELDS(fox_fields_pylon_measure) },
	{ .proto = FOX_PROTO_PYLONTECH, FOX_ONE(0x359),
	  .dir = FOX_DIR_BMS_TO_INVERTER, .key = "pylon_alarms",
	  .name = "Protection and warnings", .summary = "Alarms",
	  .min_len = 7, FOX_FIELDS(fox_fields_pylon_alarms) },
	{ .proto = FOX_PROTO_PYLONTECH, FOX_ONE(0x35A),
	  .dir = FOX_DIR_BMS_TO_INVERTER, .key = "pylon_alarms_new",
	  .name = "Alarms and warnings (newer firmware)", .summary = "Alarms",
	  FOX_FIELDS(fox_fields_pylon_alarms_new) },
	{ .proto = FOX_PROTO_PYLONTECH, FOX_ONE(0x35C),
	  .dir = FOX_DIR_BMS_TO_INVERTER, .key = "pylon_request",
	  .name = "Request flags", .summary = "Request",
	  .min_len = 1, FOX_FIELDS(fox_fields_pylon_request) },
	{ .proto = FOX_PROTO_PYLONTECH, FOX_ONE(0x35E),
	  .dir = FOX_DIR_BMS_TO_INVERTER, .key = "pylon_name",
	  .name = "Manufacturer name", .summary = "Manufacturer",
	  .min_len = 8, FOX_FIELDS(fox_fields_pylon_name) },
	{ .proto = FOX_PROTO_PYLONTECH, FOX_ONE(0x35F),
	  .dir = FOX_DIR_BMS_TO_INVERTER, .key = "pylon_info_new",
	  .name = "Battery information (newer firmware)", .summary = "Info",
	  FOX_FIELDS(fox_fields_pylon_info_new) },
	{ .proto = FOX_PROTO_PYLONTECH, FOX_ONE(0x305),
	  .dir = FOX_DIR_INVERTER_TO_BMS, .key = "pylon_keepalive",
	  .name = "Inverter keep-alive", .summary = "Keep-alive",
	  .min_len = 8, FOX_FIELDS(fox_fields_pylon_keepalive) },
	{ .proto = FOX_PROTO_PYLONTECH, FOX_ONE(0x307),
	  .dir = FOX_DIR_INVERTER_TO_BMS, .key = "pylon_inverter_id",
	  .name = "Inverter identification", .summary = "Inverter ID",
	  FOX_FIELDS(fox_fields_pylon_inverter_id) },

	/* Pylontech high-voltage CAN (section 5): 29-bit IDs.  The last
	 * hex digit of every reply ID is the battery address. */
	{ .proto = FOX_PROTO_PYLONTECH, FOX_ONE(0x4200), .extended = true,
	  .dir = FOX_DIR_INVERTER_TO_BMS, .key = "pylon_hv_request",
	  .name = "HV inverter request", .summary = "HV request",
	  .min_len = 1, FOX_FIELDS(fox_fields_pylon_hv_request) },
	FOX_PYLON_HV_REPLY(0x4210, "pylon_hv_state", "HV battery state",
			   "HV state", 8, fox_fields_pylon_hv_state),
	FOX_PYLON_HV_REPLY(0x4220, "pylon_hv_limits", "HV limits",
			   "HV limits", 8, fox_fields_pylon_hv_limits),
	FOX_PYLON_HV_REPLY(0x4230, "pylon_hv_4230", "HV ensemble 0x4230",
			   "HV 0x4230", 0, fox_fields_pylon_hv_raw),
	FOX_PYLON_HV_REPLY(0x4240, "pylon_hv_4240", "HV ensemble 0x4240",
			   "HV 0x4240", 0, fox_fields_pylon_hv_raw),
	FOX_PYLON_HV_REPLY(0x4250, "pylon_hv_4250", "HV ensemble 0x4250",
			   "HV 0x4250", 0, fox_fields_pylon_hv_raw),
	FOX_PYLON_HV_REPLY(0x4260, "pylon_hv_4260", "HV ensemble 0x4260",
			   "HV 0x4260", 0, fox_fields_pylon_hv_raw),
	FOX_PYLON_HV_REPLY(0x4270, "pylon_hv_4270", "HV ensemble 0x4270",
			   "HV 0x4270", 0, fox_fields_pylon_hv_raw),
	FOX_PYLON_HV_REPLY(0x4280, "pylon_hv_forbid",
			   "HV charge / discharge forbidden", "HV forbid", 2,
			   fox_fields_pylon_hv_forbid),
	FOX_PYLON_HV_REPLY(0x4290, "pylon_hv_4290", "HV ensemble 0x4290",
			   "HV 0x4290", 0, fox_fields_pylon_hv_raw),
	FOX_PYLON_HV_REPLY(0x7310, "pylon_hv_7310", "HV equipment 0x7310",
			   "HV 0x7310", 0, fox_fields_pylon_hv_raw),
	FOX_PYLON_HV_REPLY(0x7320, "pylon_hv_7320", "HV equipment 0x7320",
			   "HV 0x7320", 0, fox_fields_pylon_hv_raw),
	FOX_PYLON_HV_REPLY(0x7330, "pylon_hv_7330", "HV equipment 0x7330",
			   "HV 0x7330", 0, fox_fields_pylon_hv_raw),
	FOX_PYLON_HV_REPLY(0x7340, "pylon_hv_7340", "HV equipment 0x7340",
			   "HV 0x7340", 0, fox_fields_pylon_hv_raw),
	{ .proto = FOX_PROTO_PYLONTECH, FOX_ONE(0x8200), .extended = true,
	  .dir = FOX_DIR_INVERTER_TO_BMS, .key = "pylon_hv_sleep",
	  .name = "HV sleep / wake command", .summary = "HV sleep",
	  .min_len = 1, FOX_FIELDS(fox_fields_pylon_hv_sleep) },
	{ .proto = FOX_PROTO_PYLONTECH, FOX_ONE(0x8210), .extended = true,
	  .dir = FOX_DIR_INVERTER_TO_BMS, .key = "pylon_hv_command",
	  .name = "HV charge / discharge command", .summary = "HV command",
	  FOX_FIELDS(fox_fields_pylon_hv_command) },
};

const size_t fox_n_frames = sizeof(fox_frames) / sizeof(fox_frames[0]);

/* clang-format on */

#endif /* FOXESS_TABLE_H */
