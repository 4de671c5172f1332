// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The bus: the inverter's 0x1871 schedule, the BMS replies, the startup
 * sequence, and the ground-truth events that follow from what is sent.
 *
 * Timing (protocol-notes section 2), relative to each tick's main poll:
 * replies start within a millisecond, in batches 10 ms apart; pack-data
 * request +200 ms every 6 s; cell-voltage and temperature requests
 * +300 / +400 ms every 3 s; acknowledge +500 ms; clock +700 ms every 6 s;
 * serial-number request +800 ms once the BMS has answered.
 *
 * EP series (section 4): the longer main reply in batches of 4, 4, 4, 4, 5
 * (+ 5, 5 on newer units), pack data every 2 s, temperatures in 0x0D21 and
 * 0x0D22 only, and a KH9-like inverter: its DC measurement (opcode 0x07)
 * +600 ms and the acknowledge with byte 7 = 0x02 100 ms before the poll.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "foxsim.h"

#define OFF_PACK_REQ_US	  200000
#define OFF_CELLV_REQ_US  300000
#define OFF_TEMP_REQ_US	  400000
#define OFF_ACK_US	  500000
#define OFF_CLOCK_US	  700000
#define OFF_SERIAL_REQ_US 800000
#define OFF_DC_US	  600000
#define OFF_EP_ACK_US	  900000
#define FRAME_US	  280 /* 8-byte extended frame, 500 kbit/s */
#define BATCH_GAP_US	  10000
#define MAIN_BATCH	  4
#define DATA_BATCH	  5
#define SIM_LOST_POLLS	  3   /* consecutive unanswered polls = lost */
#define BMS_STANDBY_TICKS 10  /* silence after which the BMS opens */
#define CURRENT_RAMP_A	  5.0 /* inverter current slew per second */
#define LIMIT_MARGIN_A	  0.5 /* inverter stays this far below limits */

/* Event thresholds, documented in test-captures/README.md. */
#define SPREAD_HIGH_MV 30
#define OVER_TEMP_C    50.0

/* Observed constants the simulated devices send. */
#define REQUEST_FIXED	0x000100 /* bytes 1-3 "00 01 00", little-endian */
#define ACK_ARGUMENT	1
#define SERIAL_ARGUMENT 0
#define CLOCK_BYTE1	0x06  /* seed example */
#define CUTOFF_CELL_MV	3200  /* seed: a steady ~3200 mV */
#define AC_VOLTS	256.7 /* emulators and the seed */
#define MODULE_BYTE5	0x0A
#define FW_MASTER	0x12 /* "018" */
#define FW_PACK		0x20 /* v2.0 */
#define EP_FW_MAIN	0x0C /* 0x1877 byte 6, section 4 */
#define EP_FW_UNIT	0x1C
#define EP_ACK_BYTE7	0x02 /* a real KH9 */
#define EP_DC_BYTE1	0x33
#define EP_DC_TRAILER	"023c"
#define EP_SENSORS	16  /* 0x0D21 + 0x0D22 */
#define EP_BMS_SIDE_C	2.0 /* foxsim: positions 9-16 of a lone unit */

static struct {
	const struct fox_frame *request, *limits, *pack, *temps, *status,
		*cells, *info, *energy, *state, *serial, *module, *cellv,
		*celltemp, *celltemp_ep;
} ft;

static struct {
	const struct fox_field *opcode, *fixed, *selector, *argument, *byte7,
		*clock_byte1, *clock;
	const struct fox_field *v_max, *v_min, *chg_max, *dis_max;
	const struct fox_field *pack_v, *pack_i, *pack_soc, *pack_energy;
	const struct fox_field *t_max, *t_min, *cut_hi, *cut_lo;
	const struct fox_field *bms_temp, *packs_ok, *pack_count, *contactor,
		*cycles;
	const struct fox_field *inhibit, *cell_max, *cell_min;
	const struct fox_field *pack_error, *bat_type, *firmware, *address;
	const struct fox_field *ac_v, *throughput;
	const struct fox_field *err_code, *status_code, *discharging, *charging,
		*online, *active_error;
	const struct fox_field *serial_owner, *serial_frag;
	const struct fox_field *m_current, *m_tmax, *m_tmin, *m_soc, *m_byte5,
		*m_voltage;
	const struct fox_field *cell_v, *sensor_t;
	/* EP meanings (section 4) */
	const struct fox_field *pack_nominal, *t_max_pos, *t_min_pos;
	const struct fox_field *e_byte0, *e_unit_soc, *e_bytes2;
	const struct fox_field *s_charged, *s_discharged;
	const struct fox_field *m_cell_max, *m_cell_min;
	const struct fox_field *dc_byte1, *dc_current, *dc_voltage, *dc_trailer;
} ff;

static const struct {
	const char *key;
	const struct fox_frame **frame;
} frame_map[] = {
	{ "request", &ft.request },   { "limits", &ft.limits },
	{ "pack", &ft.pack },	      { "temps", &ft.temps },
	{ "status", &ft.status },     { "cells", &ft.cells },
	{ "info", &ft.info },	      { "energy", &ft.energy },
	{ "state", &ft.state },	      { "serial", &ft.serial },
	{ "module", &ft.module },     { "cellv", &ft.cellv },
	{ "celltemp", &ft.celltemp }, { "celltemp_ep", &ft.celltemp_ep },
};

static const struct {
	const char *abbrev;
	const struct fox_field **field;
} field_map[] = {
	{ "foxess.request.opcode", &ff.opcode },
	{ "foxess.request.fixed", &ff.fixed },
	{ "foxess.request.selector", &ff.selector },
	{ "foxess.request.argument", &ff.argument },
	{ "foxess.request.byte7", &ff.byte7 },
	{ "foxess.request.clock_byte1", &ff.clock_byte1 },
	{ "foxess.request.clock", &ff.clock },
	{ "foxess.limits.voltage_max", &ff.v_max },
	{ "foxess.limits.voltage_min", &ff.v_min },
	{ "foxess.limits.charge_current_max", &ff.chg_max },
	{ "foxess.limits.discharge_current_max", &ff.dis_max },
	{ "foxess.pack.voltage", &ff.pack_v },
	{ "foxess.pack.current", &ff.pack_i },
	{ "foxess.pack.soc", &ff.pack_soc },
	{ "foxess.pack.energy_remaining", &ff.pack_energy },
	{ "foxess.temps.max", &ff.t_max },
	{ "foxess.temps.min", &ff.t_min },
	{ "foxess.temps.cutoff_cell_high", &ff.cut_hi },
	{ "foxess.temps.cutoff_cell_low", &ff.cut_lo },
	{ "foxess.status.bms_temp", &ff.bms_temp },
	{ "foxess.status.packs_ok", &ff.packs_ok },
	{ "foxess.status.pack_count", &ff.pack_count },
	{ "foxess.status.contactor", &ff.contactor },
	{ "foxess.status.cycles", &ff.cycles },
	{ "foxess.cells.charge_inhibit", &ff.inhibit },
	{ "foxess.cells.voltage_max", &ff.cell_max },
	{ "foxess.cells.voltage_min", &ff.cell_min },
	{ "foxess.info.pack_error", &ff.pack_error },
	{ "foxess.info.battery_type", &ff.bat_type },
	{ "foxess.info.firmware_raw", &ff.firmware },
	{ "foxess.info.address", &ff.address },
	{ "foxess.energy.ac_voltage_max", &ff.ac_v },
	{ "foxess.energy.throughput", &ff.throughput },
	{ "foxess.state.error_code", &ff.err_code },
	{ "foxess.flags.status", &ff.status_code },
	{ "foxess.flags.discharging", &ff.discharging },
	{ "foxess.flags.charging", &ff.charging },
	{ "foxess.flags.online", &ff.online },
	{ "foxess.flags.active_error", &ff.active_error },
	{ "foxess.serial.owner", &ff.serial_owner },
	{ "foxess.serial.fragment", &ff.serial_frag },
	{ "foxess.module.current", &ff.m_current },
	{ "foxess.module.temp_max", &ff.m_tmax },
	{ "foxess.module.temp_min", &ff.m_tmin },
	{ "foxess.module.soc", &ff.m_soc },
	{ "foxess.module.byte5", &ff.m_byte5 },
	{ "foxess.module.voltage", &ff.m_voltage },
	{ "foxess.cell.voltage", &ff.cell_v },
	{ "foxess.sensor.temperature", &ff.sensor_t },
	{ "foxess.pack.energy_nominal", &ff.pack_nominal },
	{ "foxess.temps.cell_max_position", &ff.t_max_pos },
	{ "foxess.temps.cell_min_position", &ff.t_min_pos },
	{ "foxess.energy.ep_byte0", &ff.e_byte0 },
	{ "foxess.energy.unit_soc", &ff.e_unit_soc },
	{ "foxess.energy.ep_bytes2", &ff.e_bytes2 },
	{ "foxess.state.charged", &ff.s_charged },
	{ "foxess.state.discharged", &ff.s_discharged },
	{ "foxess.module.cell_max", &ff.m_cell_max },
	{ "foxess.module.cell_min", &ff.m_cell_min },
	{ "foxess.request.dc_byte1", &ff.dc_byte1 },
	{ "foxess.request.inverter_current", &ff.dc_current },
	{ "foxess.request.inverter_voltage", &ff.dc_voltage },
	{ "foxess.request.dc_trailer", &ff.dc_trailer },
};

/* Protocol values by their table name, so that opcodes, selectors, type
 * codes and status codes come from the table's value strings too. */
static struct {
	uint32_t op_data, op_ack, op_clock, op_serial, op_dc;
	uint32_t sel_main, sel_pack, sel_cellv, sel_temp;
	uint32_t type_master, type_slave, type_ep_main, type_ep_unit;
	uint32_t addr_master, addr_pack1;
	uint32_t st_error, st_discharge, st_idle, st_charge, st_offline;
	uint32_t pack_in_error;
} val;

static _Noreturn void fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("foxsim: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

const struct fox_frame *sim_frame_type(const char *key)
{
	const struct fox_frame *fr = fox_frame_by_key(key);

	if (!fr)
		fatal("the protocol table has no frame \"%s\"", key);
	return fr;
}

const struct fox_field *sim_field(const char *abbrev)
{
	const struct fox_field *f = fox_field_find(abbrev, NULL);

	if (!f)
		fatal("the protocol table has no field %s", abbrev);
	return f;
}

static uint32_t value_of(const struct fox_field *f, const char *name)
{
	for (const struct fox_value_name *v = f->names; v && v->name; v++)
		if (strcmp(v->name, name) == 0)
			return v->value;
	fatal("%s has no value named \"%s\"", f->abbrev, name);
}

uint32_t sim_value(const struct fox_field *f, const char *name)
{
	return value_of(f, name);
}

bool sim_table_init(void)
{
	for (size_t i = 0; i < sizeof(frame_map) / sizeof(frame_map[0]); i++)
		*frame_map[i].frame = sim_frame_type(frame_map[i].key);
	for (size_t i = 0; i < sizeof(field_map) / sizeof(field_map[0]); i++)
		*field_map[i].field = sim_field(field_map[i].abbrev);
	val.op_data = value_of(ff.opcode, "Data request");
	val.op_ack = value_of(ff.opcode, "Acknowledge / stop sending");
	val.op_clock = value_of(ff.opcode, "Inverter clock");
	val.op_serial = value_of(ff.opcode, "Serial-number request");
	val.op_dc = value_of(ff.opcode, "Inverter DC measurement");
	val.sel_main = value_of(ff.selector, "Main poll (pack statistics)");
	val.sel_pack = value_of(ff.selector, "Pack data");
	val.sel_cellv = value_of(ff.selector, "Cell voltages");
	val.sel_temp = value_of(ff.selector, "Cell temperatures");
	val.type_master = value_of(ff.bat_type, "HV2600 V2 BMS master");
	val.type_slave = value_of(ff.bat_type, "HV2600 V2 slave");
	val.type_ep_main = value_of(ff.bat_type, "EP main unit");
	val.type_ep_unit = value_of(ff.bat_type, "EP battery unit");
	val.addr_master = value_of(ff.address, "BMS master");
	val.addr_pack1 = value_of(ff.address, "Pack 1");
	val.st_error = value_of(ff.status_code, "Error");
	val.st_discharge = value_of(ff.status_code, "OK, discharging");
	val.st_idle = value_of(ff.status_code, "Idle");
	val.st_charge = value_of(ff.status_code, "OK, charging");
	val.st_offline = value_of(ff.status_code, "Off-line");
	val.pack_in_error = value_of(ff.pack_error, "Pack in error");
	ep_table_init();
	return true;
}

/* Frames and events ------------------------------------------------------ */

void sim_event(struct sim_frame *fr, const char *name, const char *fmt, ...)
{
	struct sim_event *e;
	va_list ap;

	if (fr->n_events == SIM_MAX_EVENTS)
		fatal("too many events on one frame (%s)", name);
	e = &fr->events[fr->n_events++];
	e->name = name;
	va_start(ap, fmt);
	vsnprintf(e->details, sizeof(e->details), fmt, ap);
	va_end(ap);
}

struct sim_frame *sim_add(struct sim *s, uint64_t t_us, uint32_t id,
			  unsigned flags, uint8_t len)
{
	struct sim_frame *fr;

	if (s->n_buf == s->cap_buf) {
		s->cap_buf = s->cap_buf ? 2 * s->cap_buf : 256;
		s->buf = realloc(s->buf, s->cap_buf * sizeof(*s->buf));
		if (!s->buf)
			fatal("out of memory");
	}
	fr = &s->buf[s->n_buf++];
	fr->t_us = t_us;
	fr->seq = s->seq++;
	fr->id = id;
	fr->flags = flags;
	fr->len = len;
	fr->channel = 0;
	memset(fr->data, 0, sizeof(fr->data));
	fr->n_events = 0;
	fr->checkpoint = -1;
	return fr;
}

struct sim_frame *sim_add_table(struct sim *s, uint64_t t_us,
				const struct fox_frame *type, unsigned index)
{
	struct sim_frame *fr;

	fr = sim_add(s, t_us, type->id_first + index * type->id_step,
		     type->extended ? FR_EXT : 0, type->min_len);
	if (s->checkpoint) {
		fr->checkpoint = (int)fr->n_events;
		sim_event(fr, "checkpoint", "%s", "");
	}
	return fr;
}

static unsigned mask_shift(uint8_t mask)
{
	unsigned n = 0;

	while (mask && !(mask & 1)) {
		mask >>= 1;
		n++;
	}
	return n;
}

/*
 * The value a field shows after encoding: the table's scale and offset,
 * rounded and saturated to the field's width.  Computed independently of
 * the decoder so that the ground truth checks the whole chain.
 */
static double quantize(const struct fox_field *f, double v, int64_t *raw)
{
	double scale = f->scale != 0.0 ? f->scale : 1.0;
	double r = round((v - f->add) / scale), lo = 0, hi = 255;

	switch (f->kind) {
	case FOX_K_UINT:
	case FOX_K_BITS:
		hi = ldexp(1, 8 * f->width) - 1;
		break;
	case FOX_K_INT:
		hi = ldexp(1, 8 * f->width - 1) - 1;
		lo = -hi - 1;
		break;
	case FOX_K_FLAG:
		hi = f->mask >> mask_shift(f->mask);
		break;
	case FOX_K_U12_LO:
	case FOX_K_U12_HI:
		hi = 4095;
		break;
	default:
		break;
	}
	r = r < lo ? lo : r > hi ? hi : r;
	*raw = (int64_t)r;
	return r * scale + f->add;
}

static void checkpoint_append(struct sim_frame *fr, const char *abbrev,
			      const char *value)
{
	struct sim_event *e = &fr->events[fr->checkpoint];
	size_t n = strlen(e->details);
	size_t key_len = strlen(abbrev);
	const char *last = strrchr(e->details, ';');

	last = last ? last + 1 : e->details;
	/* Repeated fields (four cells per frame) read "key=a,b,c,d", the
	 * way tshark -T fields prints occurrences. */
	if (n && strncmp(last, abbrev, key_len) == 0 && last[key_len] == '=')
		snprintf(e->details + n, sizeof(e->details) - n, ",%s", value);
	else
		snprintf(e->details + n, sizeof(e->details) - n, "%s%s=%s",
			 n ? ";" : "", abbrev, value);
}

void sim_put(struct sim_frame *fr, const struct fox_field *f, unsigned item,
	     double value)
{
	char text[32];
	int64_t raw;
	double q;

	if (!fox_encode(f, item, value, fr->data))
		fatal("cannot encode %s", f->abbrev);
	if (fr->checkpoint < 0)
		return;
	q = quantize(f, value, &raw);
	if (f->names || (f->flags & FOX_F_HEX) || f->kind == FOX_K_FLAG ||
	    f->kind == FOX_K_BITS)
		snprintf(text, sizeof(text), "%lld", (long long)raw);
	else
		snprintf(text, sizeof(text), "%.*f", f->decimals, q);
	checkpoint_append(fr, f->abbrev, text);
}

static double shown(const struct fox_field *f, double v)
{
	int64_t raw;

	return quantize(f, v, &raw);
}

double sim_shown(const struct fox_field *f, double v)
{
	return shown(f, v);
}

void sim_put_text(struct sim_frame *fr, const struct fox_field *f,
		  const char *text)
{
	if (!fox_encode_text(f, text, fr->data))
		fatal("cannot encode %s", f->abbrev);
	if (fr->checkpoint >= 0)
		checkpoint_append(fr, f->abbrev, text);
}

/* FOX_K_DATETIME: six bytes YY MM DD hh mm ss at the field's offset
 * (protocol.h); fox_encode takes numbers only. */
static void put_datetime(struct sim_frame *fr, const struct fox_field *f,
			 time_t when)
{
	struct tm tm;
	uint8_t *p = fr->data + f->offset;

	if (f->kind != FOX_K_DATETIME || f->width != 6 || f->offset + 6 > 8)
		fatal("%s is not a 6-byte date-time", f->abbrev);
	gmtime_r(&when, &tm);
	p[0] = (uint8_t)(tm.tm_year - 100);
	p[1] = (uint8_t)(tm.tm_mon + 1);
	p[2] = (uint8_t)tm.tm_mday;
	p[3] = (uint8_t)tm.tm_hour;
	p[4] = (uint8_t)tm.tm_min;
	p[5] = (uint8_t)tm.tm_sec;
	if (fr->checkpoint >= 0) {
		char text[32];

		strftime(text, sizeof(text), "%Y-%m-%d %H:%M:%S", &tm);
		checkpoint_append(fr, f->abbrev, text);
	}
}

/* Inverter requests ------------------------------------------------------- */

static struct sim_frame *request_byte7(struct sim *s, uint64_t t,
				       uint32_t opcode, unsigned byte7)
{
	struct sim_frame *fr = sim_add_table(s, t, ft.request, 0);

	sim_put(fr, ff.opcode, 0, opcode);
	if (opcode != val.op_clock && opcode != val.op_dc) {
		sim_put(fr, ff.fixed, 0, REQUEST_FIXED);
		sim_put(fr, ff.byte7, 0, byte7);
	}
	return fr;
}

static struct sim_frame *request(struct sim *s, uint64_t t, uint32_t opcode)
{
	return request_byte7(s, t, opcode, 0);
}

static struct sim_frame *data_request(struct sim *s, uint64_t t,
				      uint32_t selector)
{
	struct sim_frame *fr = request(s, t, val.op_data);

	sim_put(fr, ff.selector, 0, selector);
	return fr;
}

/* BMS replies ------------------------------------------------------------- */

static uint64_t burst_time(uint64_t start, unsigned i, unsigned batch)
{
	return start + (uint64_t)(i / batch) * BATCH_GAP_US +
	       (uint64_t)(i % batch) * FRAME_US;
}

static double noisy(struct battery *b, double amps)
{
	if (fabs(amps) < 0.3)
		return 0;
	return amps + rng_range(&b->rng, -0.1, 0.1);
}

static double noisy_current(struct battery *b)
{
	return noisy(b, b->current_a);
}

static void fill_limits(struct battery *b, struct sim_frame *fr, double *chg,
			double *dis)
{
	*chg = shown(ff.chg_max, battery_charge_limit(b));
	*dis = shown(ff.dis_max, battery_discharge_limit(b));
	sim_put(fr, ff.v_max, 0, battery_voltage_max(b));
	sim_put(fr, ff.v_min, 0, battery_voltage_min(b));
	sim_put(fr, ff.chg_max, 0, *chg);
	sim_put(fr, ff.dis_max, 0, *dis);
}

static double fill_pack(struct sim *s, struct battery *b, struct sim_frame *fr,
			double chg, double dis)
{
	double current = shown(ff.pack_i, noisy_current(b));
	int soc = (int)shown(ff.pack_soc, b->soc);

	if (s->plan.current_inverted)
		current = -current;

	sim_put(fr, ff.pack_v, 0, battery_voltage(b));
	sim_put(fr, ff.pack_i, 0, current);
	sim_put(fr, ff.pack_soc, 0, soc);
	if (s->sc->ep)
		sim_put(fr, ff.pack_nominal, 0,
			b->n_packs * EP_UNIT_NOMINAL_10WH / 100.0);
	else
		sim_put(fr, ff.pack_energy, 0, battery_energy_kwh(b));
	if (b == &s->bat) {
		s->last_soc = soc;
		s->last_current = current;
	}
	if (current > chg || -current > dis)
		sim_event(fr, "overcurrent", "current=%.1f;limit=%.1f", current,
			  current > 0 ? chg : -dis);
	return current;
}

/* ep: the EP burst (cell positions in bytes 4-7), NULL for H. */
static void fill_temps(struct battery *b, struct sim_frame *fr,
		       const struct ep_burst *ep)
{
	double hi, lo;

	battery_temp_extremes(b, &hi, &lo);
	hi = shown(ff.t_max, hi);
	sim_put(fr, ff.t_max, 0, hi);
	sim_put(fr, ff.t_min, 0, lo);
	if (ep) {
		sim_put(fr, ff.t_max_pos, 0, ep->max_cell);
		sim_put(fr, ff.t_min_pos, 0, ep->min_cell);
	} else {
		sim_put(fr, ff.cut_hi, 0, CUTOFF_CELL_MV);
		sim_put(fr, ff.cut_lo, 0, CUTOFF_CELL_MV);
	}
	if (hi > OVER_TEMP_C)
		sim_event(fr, "over_temperature", "frame=temps;temp=%.1f", hi);
}

static void fill_status(struct sim *s, struct battery *b, struct sim_frame *fr)
{
	uint8_t present = battery_present_mask(b);
	uint8_t all = (uint8_t)((1u << b->n_packs) - 1);

	sim_put(fr, ff.bms_temp, 0,
		b->ambient_c + 4.0 + rng_range(&b->rng, -0.2, 0.2));
	sim_put(fr, ff.packs_ok, 0, present);
	sim_put(fr, ff.pack_count, 0, b->n_packs);
	sim_put(fr, ff.contactor, 0, b->contactor);
	sim_put(fr, ff.cycles, 0, b->cycles);
	if (!b->contactor)
		sim_event(fr, "contactor_open", "reason=%s",
			  s->plan.contactor_fault ? "fault" : "startup");
	if (present != all) {
		char missing[32] = "";
		size_t n = 0;

		for (unsigned p = 0; p < b->n_packs; p++)
			if (!(present & 1u << p))
				n += snprintf(missing + n, sizeof(missing) - n,
					      "%s%u", n ? "," : "", p + 1);
		sim_event(fr, "packs_missing",
			  "bitmap=0x%02X;count=%u;missing=%s", present,
			  b->n_packs, missing);
	}
}

static void fill_cells(struct sim *s, struct battery *b, struct sim_frame *fr)
{
	double hi, lo;
	bool inhibit = b->inhibit || b->inhibit_forced;

	battery_cell_extremes(b, &hi, &lo);
	hi = shown(ff.cell_max, hi);
	lo = shown(ff.cell_min, lo);
	sim_put(fr, ff.inhibit, 0, inhibit);
	sim_put(fr, ff.cell_max, 0, hi);
	sim_put(fr, ff.cell_min, 0, lo);
	if (inhibit)
		sim_event(fr, "charge_inhibit", "soc=%d",
			  b == &s->bat ? s->last_soc :
					 (int)shown(ff.pack_soc, b->soc));
	if (hi - lo > SPREAD_HIGH_MV)
		sim_event(fr, "cell_spread_high", "spread=%.0f", hi - lo);
}

/* Address 0 = BMS master, n = pack n; skips packs that are missing. */
static unsigned next_info_address(const struct battery *b, unsigned *next)
{
	unsigned a;

	do {
		a = *next;
		*next = (*next + 1) % (b->n_packs + 1);
	} while (a && !b->packs[a - 1].present);
	return a;
}

static void fill_info(struct battery *b, struct sim_frame *fr, unsigned who,
		      bool ep)
{
	uint8_t error = who ? b->packs[who - 1].error : 0;

	sim_put(fr, ff.pack_error, 0, error);
	if (ep) {
		sim_put(fr, ff.bat_type, 0,
			who ? val.type_ep_unit : val.type_ep_main);
		sim_put(fr, ff.firmware, 0, who ? EP_FW_UNIT : EP_FW_MAIN);
	} else {
		sim_put(fr, ff.bat_type, 0,
			who ? val.type_slave : val.type_master);
		sim_put(fr, ff.firmware, 0, who ? FW_PACK : FW_MASTER);
	}
	sim_put(fr, ff.address, 0,
		who ? val.addr_pack1 * who : val.addr_master);
	if (error)
		sim_event(fr, "pack_error", "pack=%u;code=0x%02X", who, error);
}

static void fill_energy(struct battery *b, struct sim_frame *fr)
{
	sim_put(fr, ff.ac_v, 0, AC_VOLTS);
	sim_put(fr, ff.throughput, 0, floor(b->throughput_wh));
}

/* EP 0x1878: the SoC of the unit whose 0x1877 record went before (the
 * whole battery's for the main record). */
static void fill_ep_energy(struct battery *b, struct sim_frame *fr,
			   unsigned who)
{
	sim_put(fr, ff.e_byte0, 0, 0);
	sim_put(fr, ff.e_unit_soc, 0, who ? b->packs[who - 1].soc : b->soc);
	sim_put(fr, ff.e_bytes2, 0, 0);
	sim_put(fr, ff.throughput, 0, floor(b->charged_wh + b->discharged_wh));
}

/* EP 0x1879: cumulative amp-hours in and out, counters (floored). */
static void fill_ep_state(struct battery *b, struct sim_frame *fr)
{
	sim_put(fr, ff.s_charged, 0, floor(b->charged_ah * 10) / 10);
	sim_put(fr, ff.s_discharged, 0, floor(b->discharged_ah * 10) / 10);
}

static void fill_state(struct battery *b, struct sim_frame *fr, double current)
{
	uint32_t status = val.st_idle;
	bool online = b->contactor;
	bool charging = current > 0, discharging = current < 0;

	if (b->error_code || b->active_error) {
		/* The observed error byte 0x5A: both direction bits. */
		status = val.st_error;
		charging = discharging = true;
		online = false;
	} else if (!b->contactor) {
		/* The observed off-line byte 0x1E. */
		status = val.st_offline;
		charging = discharging = true;
	} else if (charging) {
		status = val.st_charge;
	} else if (discharging) {
		status = val.st_discharge;
	}
	sim_put(fr, ff.err_code, 0, b->error_code);
	sim_put(fr, ff.status_code, 0, status);
	sim_put(fr, ff.discharging, 0, discharging);
	sim_put(fr, ff.charging, 0, charging);
	sim_put(fr, ff.online, 0, online);
	sim_put(fr, ff.active_error, 0, b->active_error);
	if (b->error_code)
		sim_event(fr, "error_code", "code=0x%02X", b->error_code);
	if (b->active_error)
		sim_event(fr, "active_error", "%s", "flags_bit6=1");
}

/*
 * One BMS's answer to a main poll: 0x1872-0x1879 in two batches.  Sends
 * the first limit frames only (-1 = all).  Returns the first frame sent.
 */
static struct sim_frame *main_burst(struct sim *s, struct battery *b,
				    uint64_t start, int limit,
				    unsigned *info_next)
{
	struct sim_frame *fr, *first = NULL;
	double chg = 0, dis = 0, current = 0;
	unsigned n = limit < 0 || limit > 8 ? 8 : (unsigned)limit;

	for (unsigned i = 0; i < n; i++) {
		uint64_t t = burst_time(start, i, MAIN_BATCH);

		switch (i) {
		case 0:
			fr = sim_add_table(s, t, ft.limits, 0);
			fill_limits(b, fr, &chg, &dis);
			break;
		case 1:
			fr = sim_add_table(s, t, ft.pack, 0);
			current = fill_pack(s, b, fr, chg, dis);
			break;
		case 2:
			fr = sim_add_table(s, t, ft.temps, 0);
			fill_temps(b, fr, NULL);
			break;
		case 3:
			fr = sim_add_table(s, t, ft.status, 0);
			fill_status(s, b, fr);
			break;
		case 4:
			fr = sim_add_table(s, t, ft.cells, 0);
			fill_cells(s, b, fr);
			break;
		case 5:
			fr = sim_add_table(s, t, ft.info, 0);
			fill_info(b, fr, next_info_address(b, info_next),
				  false);
			break;
		case 6:
			fr = sim_add_table(s, t, ft.energy, 0);
			fill_energy(b, fr);
			break;
		default:
			fr = sim_add_table(s, t, ft.state, 0);
			fill_state(b, fr, current);
			break;
		}
		if (!first)
			first = fr;
	}
	return first;
}

/* EP main reply order, one batch per NULL-terminated line (protocol-notes
 * section 4); newer units append two more batches. */
/* clang-format 14 (Debian 12) and 19 (Debian 13) lay these out
 * differently */
/* clang-format off */
#define EP_SLOT(key)	{ key, 0 }
#define EP_PART(key, n) { key, n }
#define EP_BATCH_END	{ NULL, 0 }
/* clang-format on */

static const struct ep_slot {
	const char *key;
	unsigned index;
} ep_order[] = {
	EP_SLOT("limits"),    EP_SLOT("pack"),	    EP_SLOT("temps"),
	EP_SLOT("status"),    EP_BATCH_END,	    EP_SLOT("cells"),
	EP_SLOT("info"),      EP_SLOT("energy"),    EP_SLOT("state"),
	EP_BATCH_END,	      EP_SLOT("ep_energy"), EP_SLOT("ep_health"),
	EP_SLOT("ep_187f"),   EP_SLOT("ep_unit"),   EP_BATCH_END,
	EP_SLOT("ep_1901"),   EP_SLOT("ep_model"),  EP_SLOT("ep_stored"),
	EP_SLOT("ep_extremes"), EP_BATCH_END,	    EP_SLOT("ep_1905"),
	EP_SLOT("ep_1906"),   EP_SLOT("ep_1907"),   EP_SLOT("ep_1908"),
	EP_SLOT("ep_1909"),   EP_BATCH_END,
}, ep_plus_order[] = {
	EP_SLOT("ep_model_name"), EP_SLOT("ep_1911"),
	EP_PART("ep_model_long", 0), EP_PART("ep_model_long", 1),
	EP_PART("ep_extra", 0), EP_BATCH_END,
	EP_PART("ep_extra", 1), EP_PART("ep_extra", 2),
	EP_PART("ep_extra", 3), EP_PART("ep_extra", 4),
	EP_PART("ep_extra", 5), EP_BATCH_END,
};

/* 1-based positions of the highest and lowest cell over the present
 * units, 16 cells each. */
static void cell_positions(const struct battery *b, unsigned *max_pos,
			   unsigned *min_pos)
{
	double hi = -1, lo = 1e9;

	for (unsigned p = 0; p < b->n_packs; p++) {
		if (!b->packs[p].present)
			continue;
		for (unsigned c = 0; c < SIM_CELLS_PER_PACK; c++) {
			double v = b->packs[p].cell_mv[c];
			unsigned pos = p * SIM_CELLS_PER_PACK + c + 1;

			if (v > hi) {
				hi = v;
				*max_pos = pos;
			}
			if (v < lo) {
				lo = v;
				*min_pos = pos;
			}
		}
	}
}

/*
 * The 16 temperature positions of 0x0D21-0x0D22.  The notes do not say
 * how they map to units; foxsim gives each unit 8 positions in unit order
 * and, for a lone unit, positions 9-16 as its BMS-side sensors, a little
 * warmer.
 */
static void ep_temperatures(const struct battery *b, double t[EP_SENSORS])
{
	unsigned n = 0;

	for (unsigned p = 0; p < b->n_packs && n < EP_SENSORS; p++) {
		if (!b->packs[p].present)
			continue;
		for (unsigned k = 0; k < SIM_SENSORS_PER_PACK; k++)
			t[n++] = b->packs[p].sensor_c[k];
	}
	for (; n < EP_SENSORS; n++)
		t[n] = t[n - SIM_SENSORS_PER_PACK] + EP_BMS_SIDE_C;
}

static void ep_temp_positions(const struct battery *b, unsigned *max_pos,
			      unsigned *min_pos)
{
	double t[EP_SENSORS];

	ep_temperatures(b, t);
	*max_pos = *min_pos = 1;
	for (unsigned k = 1; k < EP_SENSORS; k++) {
		if (t[k] > t[*max_pos - 1])
			*max_pos = k + 1;
		if (t[k] < t[*min_pos - 1])
			*min_pos = k + 1;
	}
}

static void ep_slots(struct sim *s, struct battery *b,
		     const struct ep_slot *order, size_t n, uint64_t *t,
		     struct ep_burst *eb, struct sim_frame **first)
{
	double chg = 0, dis = 0;
	unsigned i = 0, who = 0;

	for (size_t k = 0; k < n; k++) {
		const struct fox_frame *type;
		struct sim_frame *fr;

		if (!order[k].key) {
			*t += BATCH_GAP_US;
			i = 0;
			continue;
		}
		if (s->plan.ep_skip && !strcmp(order[k].key, s->plan.ep_skip))
			continue;
		type = sim_frame_type(order[k].key);
		fr = sim_add_table(s, *t + i++ * FRAME_US, type,
				   order[k].index);
		if (!*first)
			*first = fr;
		if (type == ft.limits) {
			fill_limits(b, fr, &chg, &dis);
		} else if (type == ft.pack) {
			eb->current = fill_pack(s, b, fr, chg, dis);
			eb->soc = (int)shown(ff.pack_soc, b->soc);
		} else if (type == ft.temps) {
			fill_temps(b, fr, eb);
		} else if (type == ft.status) {
			fill_status(s, b, fr);
		} else if (type == ft.cells) {
			fill_cells(s, b, fr);
		} else if (type == ft.info) {
			who = next_info_address(b, &s->info_next);
			fill_info(b, fr, who, true);
		} else if (type == ft.energy) {
			fill_ep_energy(b, fr, who);
		} else if (type == ft.state) {
			fill_ep_state(b, fr);
		} else {
			ep_fill(s, b, fr, eb);
		}
	}
}

/* The EP answer to a main poll; returns the first frame sent. */
static struct sim_frame *ep_main_burst(struct sim *s, struct battery *b,
				       uint64_t start)
{
	struct ep_burst eb = { .nominal = b->n_packs * EP_UNIT_NOMINAL_10WH };
	struct sim_frame *first = NULL;
	uint64_t t = start;

	cell_positions(b, &eb.max_cell, &eb.min_cell);
	ep_temp_positions(b, &eb.max_temp, &eb.min_temp);
	ep_slots(s, b, ep_order, sizeof(ep_order) / sizeof(ep_order[0]), &t,
		 &eb, &first);
	if (s->sc->ep_plus)
		ep_slots(s, b, ep_plus_order,
			 sizeof(ep_plus_order) / sizeof(ep_plus_order[0]), &t,
			 &eb, &first);
	return first;
}

static void pack_burst(struct sim *s, struct battery *b, uint64_t start)
{
	unsigned i = 0;

	for (unsigned p = 0; p < b->n_packs; p++) {
		struct pack *pk = &b->packs[p];
		struct sim_frame *fr;
		double hi, lo;

		if (!pk->present)
			continue;
		fr = sim_add_table(s, burst_time(start, i++, DATA_BATCH),
				   ft.module, p);
		battery_pack_temp_extremes(pk, &hi, &lo);
		hi = shown(ff.m_tmax, hi);
		sim_put(fr, ff.m_current, 0,
			(s->plan.current_inverted ? -1 : 1) *
				noisy(b, battery_pack_current(b)));
		sim_put(fr, ff.m_tmax, 0, hi);
		sim_put(fr, ff.m_tmin, 0, lo);
		sim_put(fr, ff.m_soc, 0, pk->soc);
		if (s->sc->ep) {
			double cmax = 0, cmin = 1e9;

			for (unsigned c = 0; c < SIM_CELLS_PER_PACK; c++) {
				cmax = fmax(cmax, pk->cell_mv[c]);
				cmin = fmin(cmin, pk->cell_mv[c]);
			}
			sim_put(fr, ff.m_cell_max, 0, cmax);
			sim_put(fr, ff.m_cell_min, 0, cmin);
		} else {
			sim_put(fr, ff.m_byte5, 0, MODULE_BYTE5);
			sim_put(fr, ff.m_voltage, 0, battery_pack_voltage(pk));
		}
		if (hi > OVER_TEMP_C)
			sim_event(fr, "over_temperature",
				  "frame=module;pack=%u;temp=%.0f", p + 1, hi);
	}
	s->pack_data_sent = true;
}

/*
 * An emulator that fills every cell position (protocol-notes 4.5.2: v67
 * maps the N physical cells onto the 144 positions as floor(v x N / 144)):
 * each real cell appears several times, so the sum of the positions is
 * far above the pack voltage.
 */
static void padded_cell_burst(struct sim *s, struct battery *b, uint64_t start)
{
	unsigned per = ft.cellv->per_frame;
	unsigned frames =
		(ft.cellv->id_last - ft.cellv->id_first) / ft.cellv->id_step +
		1;
	unsigned cells = 0, positions = frames * per;
	double v[SIM_MAX_PACKS * SIM_CELLS_PER_PACK], sum = 0;
	struct sim_frame *fr = NULL;

	for (unsigned p = 0; p < b->n_packs; p++)
		for (unsigned c = 0;
		     b->packs[p].present && c < SIM_CELLS_PER_PACK; c++)
			v[cells++] = b->packs[p].cell_mv[c];
	for (unsigned j = 0; j < frames; j++) {
		fr = sim_add_table(s, burst_time(start, j, DATA_BATCH),
				   ft.cellv, j);
		for (unsigned c = 0; c < per; c++) {
			unsigned k = j * per + c;
			double mv = shown(ff.cell_v, v[k * cells / positions]);

			sim_put(fr, ff.cell_v, c + 1, mv);
			sum += mv;
		}
	}
	sim_event(fr, "cell_sum_mismatch",
		  "sum=%.1f;pack_voltage=%.1f;positions=%u;cells=%u",
		  sum / 1000, battery_voltage(b), positions, cells);
}

static void cell_burst(struct sim *s, struct battery *b, uint64_t start)
{
	unsigned per = ft.cellv->per_frame;
	unsigned frames = SIM_CELLS_PER_PACK / per, i = 0;

	if (s->plan.pad_cells) {
		padded_cell_burst(s, b, start);
		return;
	}

	for (unsigned p = 0; p < b->n_packs; p++) {
		const struct pack *pk = &b->packs[p];

		if (!pk->present)
			continue;
		for (unsigned j = 0; j < frames; j++) {
			struct sim_frame *fr = sim_add_table(
				s, burst_time(start, i++, DATA_BATCH), ft.cellv,
				p * frames + j);

			for (unsigned c = 0; c < per; c++)
				sim_put(fr, ff.cell_v, c + 1,
					pk->cell_mv[j * per + c]);
		}
	}
}

static void temp_burst(struct sim *s, struct battery *b, uint64_t start)
{
	unsigned per = ft.celltemp->per_frame;
	unsigned frames = SIM_SENSORS_PER_PACK / per, i = 0;

	if (s->sc->ep) {
		double t[EP_SENSORS];

		ep_temperatures(b, t);
		per = ft.celltemp_ep->per_frame;
		for (unsigned j = 0; j < EP_SENSORS / per; j++) {
			struct sim_frame *fr = sim_add_table(
				s, burst_time(start, j, DATA_BATCH),
				ft.celltemp_ep, j);

			for (unsigned c = 0; c < per; c++)
				sim_put(fr, ff.sensor_t, c + 1, t[j * per + c]);
		}
		return;
	}

	for (unsigned p = 0; p < b->n_packs; p++) {
		const struct pack *pk = &b->packs[p];

		if (!pk->present)
			continue;
		for (unsigned j = 0; j < frames; j++) {
			struct sim_frame *fr = sim_add_table(
				s, burst_time(start, i++, DATA_BATCH),
				ft.celltemp, p * frames + j);

			for (unsigned c = 0; c < per; c++)
				sim_put(fr, ff.sensor_t, c + 1,
					pk->sensor_c[j * per + c]);
		}
	}
}

/* 21-character serial numbers, fixed by the seed. */
static void serial_number(const struct sim *s, unsigned owner, char *out,
			  size_t size)
{
	static const char *const prefix[2][2] = { { "FXHVBM", "FXHVPK" },
						  { "FXEPBM", "FXEPUN" } };
	struct rng r;

	rng_seed(&r, s->seed ^ (0x5E41A1ull * (owner + 1)));
	snprintf(out, size, "%s%02u2305%09llu", prefix[s->sc->ep][owner != 0],
		 owner, (unsigned long long)(rng_next(&r) % 1000000000ull));
}

static void serial_burst(struct sim *s, struct battery *b, uint64_t start)
{
	unsigned parts = ft.serial->id_last - ft.serial->id_first + 1;
	unsigned width = ff.serial_frag->width, i = 0;

	for (unsigned owner = 0; owner <= b->n_packs; owner++) {
		char sn[32], part[16];

		if (owner && !b->packs[owner - 1].present)
			continue;
		serial_number(s, owner, sn, sizeof(sn));
		for (unsigned k = 0; k < parts; k++) {
			struct sim_frame *fr = sim_add_table(
				s, burst_time(start, i++, DATA_BATCH),
				ft.serial, k);

			snprintf(part, sizeof(part), "%.*s", (int)width,
				 sn + k * width);
			sim_put(fr, ff.serial_owner, 0, owner);
			sim_put_text(fr, ff.serial_frag, part);
		}
	}
}

/* The tick ---------------------------------------------------------------- */

static double clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* The inverter's current: the scenario's demand within the advertised
 * limits (less a margin), slewed, and nothing without link or contactor. */
static void inverter_current(struct sim *s, bool link_up)
{
	struct battery *b = &s->bat;
	double chg = battery_charge_limit(b) - LIMIT_MARGIN_A;
	double dis = battery_discharge_limit(b) - LIMIT_MARGIN_A;
	double target = s->plan.demand_a, cur = b->current_a;

	chg = chg < 0 ? 0 : chg;
	dis = dis < 0 ? 0 : dis;
	if (!link_up || !b->contactor)
		target = 0;
	if (!s->plan.ignore_limits)
		target = clamp(target, -dis, chg);
	cur = clamp(target, cur - CURRENT_RAMP_A, cur + CURRENT_RAMP_A);
	if (!s->plan.ignore_limits)
		cur = clamp(cur, -dis, chg);
	b->current_a = b->contactor ? cur : 0;
}

static uint64_t jitter(struct sim *s, unsigned max_us)
{
	return rng_below(&s->rng, max_us);
}

static void link_state(struct sim *s, struct sim_frame *poll, bool answered)
{
	if (answered) {
		if (s->lost) {
			s->lost = false;
			s->restored_pending = true;
			s->serial_pending = true;
		}
		if (!s->ever_answered)
			s->serial_pending = true;
		s->ever_answered = true;
		s->silent_polls = 0;
		return;
	}
	s->silent_polls++;
	sim_event(poll, "unanswered_poll", "run=%u", s->silent_polls);
	if (s->silent_polls != SIM_LOST_POLLS)
		return;
	if (s->ever_answered) {
		s->lost = true;
		sim_event(poll, "bms_lost", "last_soc=%d", s->last_soc);
	} else {
		sim_event(poll, "never_answered", "polls=%u", SIM_LOST_POLLS);
	}
}

/* The EP/KH9 inverter's own battery measurement (opcode 0x07): current
 * negative while the battery charges. */
static void dc_measurement(struct sim *s, uint64_t t)
{
	struct sim_frame *fr = request(s, t, val.op_dc);
	double amps = s->bat.current_a;

	if (fabs(amps) < 0.3)
		amps = 0;
	else
		amps += rng_range(&s->rng, -0.2, 0.2);
	sim_put(fr, ff.dc_byte1, 0, EP_DC_BYTE1);
	sim_put(fr, ff.dc_current, 0, -amps);
	sim_put(fr, ff.dc_voltage, 0,
		battery_voltage(&s->bat) + rng_range(&s->rng, -0.1, 0.1));
	sim_put_text(fr, ff.dc_trailer, EP_DC_TRAILER);
}

static void run_tick(struct sim *s)
{
	struct battery *b = &s->bat;
	struct sim_frame *poll, *first, *fr;
	bool answered, link_up, silent;
	uint64_t t0;

	memset(&s->plan, 0, sizeof(s->plan));
	s->plan.truncate_main = -1;
	if (s->sc->tick)
		s->sc->tick(s);
	silent = s->plan.bms_silent;

	t0 = s->tick ? s->tick * SIM_US - 1500 + jitter(s, 3000) : 0;
	s->poll_us = t0;

	/* BMS: standby after a long silence, contactor after the startup
	 * data (protocol-notes section 2). */
	if (!silent)
		s->bms_silent_ticks = 0;
	else if (++s->bms_silent_ticks >= BMS_STANDBY_TICKS)
		s->bms_data_sent = s->pack_data_sent = b->contactor = false;
	if (s->plan.contactor_fault)
		b->contactor = false;
	else if (s->bms_data_sent && s->pack_data_sent && !silent)
		b->contactor = true;

	battery_step(b, 1.0);
	if (s->plan.duplicate)
		battery_step(&s->twin, 1.0);

	poll = data_request(s, t0, val.sel_main);
	answered = !silent && s->plan.truncate_main != 0;
	link_state(s, poll, answered);
	link_up = s->ever_answered && s->silent_polls < SIM_LOST_POLLS;
	inverter_current(s, link_up);

	if (answered) {
		uint64_t start = t0 + 300 + jitter(s, 600);

		if (s->sc->ep)
			first = ep_main_burst(s, b, start);
		else
			first = main_burst(s, b, start, s->plan.truncate_main,
					   &s->info_next);
		if (s->plan.ep_skip)
			sim_event(poll, "missing_frame", "missing=0x%04X",
				  sim_frame_type(s->plan.ep_skip)->id_first);
		if (s->restored_pending) {
			sim_event(first, "link_restored", "%s", "");
			s->restored_pending = false;
		}
		if (s->plan.truncate_main > 0)
			sim_event(poll, "truncated_burst", "sent=%d;expected=8",
				  s->plan.truncate_main);
		else
			s->bms_data_sent = true;
	}
	if (s->plan.duplicate) {
		first = main_burst(s, &s->twin, t0 + 1500 + jitter(s, 1000), -1,
				   &s->twin_info_next);
		sim_event(first, "duplicate_burst", "%s", "second_bms=1");
	}

	if (link_up && (s->sc->ep ? s->tick % 2 == 1 : s->tick % 6 == 2)) {
		fr = data_request(s, t0 + OFF_PACK_REQ_US + jitter(s, 400),
				  val.sel_pack);
		if (!silent)
			pack_burst(s, b, fr->t_us + 300 + jitter(s, 600));
	}
	if (link_up && s->tick % 3 == 1) {
		fr = data_request(s, t0 + OFF_CELLV_REQ_US + jitter(s, 400),
				  val.sel_cellv);
		if (!silent)
			cell_burst(s, b, fr->t_us + 300 + jitter(s, 600));
		fr = data_request(s, t0 + OFF_TEMP_REQ_US + jitter(s, 400),
				  val.sel_temp);
		if (!silent)
			temp_burst(s, b, fr->t_us + 300 + jitter(s, 600));
	}
	if (s->sc->ep)
		fr = request_byte7(s, t0 + OFF_EP_ACK_US + jitter(s, 400),
				   val.op_ack, EP_ACK_BYTE7);
	else
		fr = request(s, t0 + OFF_ACK_US + jitter(s, 400), val.op_ack);
	sim_put(fr, ff.argument, 0, ACK_ARGUMENT);
	if (s->sc->ep)
		dc_measurement(s, t0 + OFF_DC_US + jitter(s, 400));
	if (s->tick % 6 == 3) {
		fr = request(s, t0 + OFF_CLOCK_US + jitter(s, 400),
			     val.op_clock);
		sim_put(fr, ff.clock_byte1, 0, CLOCK_BYTE1);
		put_datetime(fr, ff.clock,
			     (time_t)((s->epoch_us + fr->t_us) / SIM_US));
	}
	if (s->serial_pending && answered) {
		s->serial_pending = false;
		fr = request(s, t0 + OFF_SERIAL_REQ_US + jitter(s, 400),
			     val.op_serial);
		sim_put(fr, ff.argument, 0, SERIAL_ARGUMENT);
		serial_burst(s, b, fr->t_us + 300 + jitter(s, 600));
	}
	if (s->sc->inject)
		s->sc->inject(s);
	for (unsigned ch = 0; ch < SIM_MAX_CHANNELS; ch++)
		if ((s->foreign & 1u << ch) ||
		    (ch == 0 && s->plan.foreign_on_bus))
			foreign_tick(s, ch);
}

/* The first frame that tells an EP-series system (protocol-notes section
 * 4): 0x1877 with an EP type code, the 0x07 request or an EP-only ID. */
static void mark_ep_cue(struct sim *s)
{
	for (size_t i = 0; i < s->n_buf; i++) {
		struct sim_frame *fr = &s->buf[i];
		const struct fox_frame *type;
		uint8_t code = fr->data[ff.bat_type->offset];
		bool cue;

		if (!(fr->flags & FR_EXT) || (fr->flags & FR_ERR))
			continue;
		type = fox_frame_find(FOX_PROTO_FOXESS, fr->id, true, NULL);
		if (!type)
			continue;
		if (type == ft.info)
			cue = code == val.type_ep_main ||
			      code == val.type_ep_unit;
		else if (type == ft.request)
			cue = fr->data[ff.opcode->offset] == val.op_dc;
		else
			cue = type->variants == FOX_VM_EP;
		if (cue) {
			sim_event(fr, "ep_detected", "id=0x%04X", fr->id);
			s->ep_detected = true;
			return;
		}
	}
}

static int frame_order(const void *a, const void *b)
{
	const struct sim_frame *x = a, *y = b;

	if (x->t_us != y->t_us)
		return x->t_us < y->t_us ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

unsigned sim_channels(unsigned foreign)
{
	unsigned n = 1;

	for (unsigned ch = 0; ch < SIM_MAX_CHANNELS; ch++)
		if (foreign & 1u << ch)
			n = ch + 1;
	return n;
}

void sim_run(const struct scenario *sc, struct writer *w, uint64_t seed,
	     uint64_t epoch_us, unsigned packs, unsigned duration_s,
	     unsigned foreign)
{
	struct sim s = { .sc = sc, .w = w, .seed = seed, .epoch_us = epoch_us };
	const unsigned *cp = sc->checkpoints;

	s.foreign = sc->foreign | foreign;
	rng_seed(&s.rng, seed);
	rng_seed(&s.foreign_rng, seed ^ 0x1EAFull);
	battery_init(&s.bat, packs ? packs : sc->packs, sc->soc,
		     seed ^ 0xBA77E4Bull);
	if (sc->setup)
		sc->setup(&s);
	for (s.tick = 0; s.tick < duration_s; s.tick++) {
		s.checkpoint = cp && *cp == s.tick;
		if (s.checkpoint)
			cp++;
		run_tick(&s);
		qsort(s.buf, s.n_buf, sizeof(*s.buf), frame_order);
		if (sc->ep && !s.ep_detected)
			mark_ep_cue(&s);
		for (size_t i = 0; i < s.n_buf; i++)
			writer_frame(w, &s.buf[i]);
		s.n_buf = 0;
	}
	free(s.buf);
}
