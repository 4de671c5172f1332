// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dbcgen: the DBC files of dbc/, printed from the protocol table, for
 * SavvyCAN, cantools, canmatrix and the Vector tools.
 *
 *   dbcgen h          FoxESS H-series        (dbc/foxess-h.dbc)
 *   dbcgen ep         FoxESS EP-series       (dbc/foxess-ep.dbc)
 *   dbcgen pylontech  Pylontech LV and HV    (dbc/pylontech.dbc)
 *
 * H and EP give some bytes of the same IDs different meanings, and a DBC
 * has one layout per ID: one file per dialect.  What a DBC cannot say is
 * left out and listed in docs/dbc.md: text (serial numbers, model names),
 * raw bytes of unknown meaning, and the firmware byte's formatting rule.
 * The inverter request 0x1871 is multiplexed by its opcode (byte 0).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "foxess/protocol.h"

/* Vector's limit for names without the long-name attributes */
#define MAX_NAME 32

struct target {
	const char *arg;
	enum fox_proto proto;
	enum fox_variant variant; /* FOX_VARIANT_UNKNOWN: no dialects */
	const char *title;
};

static const struct target targets[] = {
	{ "h", FOX_PROTO_FOXESS, FOX_VARIANT_H,
	  "FoxESS BMS <-> inverter CAN, H-series (HV2600, ECS4100)" },
	{ "ep", FOX_PROTO_FOXESS, FOX_VARIANT_EP,
	  "FoxESS BMS <-> inverter CAN, EP-series (EP5, EP11, EP12)" },
	{ "pylontech", FOX_PROTO_PYLONTECH, FOX_VARIANT_UNKNOWN,
	  "Pylontech low- and high-voltage CAN, as seen on FoxESS buses" },
};

static const struct target *target;

static void fail(const char *what, const char *name)
{
	fprintf(stderr, "dbcgen: %s: %s\n", what, name);
	exit(1);
}

/* A DBC string: no double quotes, ASCII only (the file has no declared
 * encoding and tools disagree on the default). */
static void print_string(const char *s)
{
	static const struct {
		const char *utf8, *ascii;
	} words[] = {
		{ "\u00b0", "deg" }, { "\u2212", "-" },	 { "\u03a9", "Ohm" },
		{ "\u00d7", "x" },   { "\u00f7", "/" },	 { "\u2248", "~" },
		{ "\u2265", ">=" },  { "\u2264", "<=" }, { "\u2192", "->" },
		{ "\u2013", "-" },   { "\u2014", "-" },	 { "\u00b5", "u" },
	};

	putchar('"');
	while (*s) {
		size_t i, n = 0;

		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
			n = strlen(words[i].utf8);
			if (!strncmp(s, words[i].utf8, n))
				break;
		}
		if (i < sizeof(words) / sizeof(words[0])) {
			fputs(words[i].ascii, stdout);
			s += n;
		} else if ((unsigned char)*s >= 0x80) {
			/* another multi-byte character: skip it whole */
			s++;
			while (((unsigned char)*s & 0xC0) == 0x80)
				s++;
			putchar('?');
		} else {
			putchar(*s == '"' ? '\'' : *s);
			s++;
		}
	}
	putchar('"');
}

static const char *unit_of(const struct fox_field *f)
{
	if (!f->unit)
		return "";
	if (!strcmp(f->unit, "\u00b0C"))
		return "degC";
	return f->unit;
}

static bool frame_wanted(const struct fox_frame *fr)
{
	if (fr->proto != target->proto || fr->dialect)
		return false;
	return !target->variant || !fr->variants ||
	       (fr->variants & (1u << target->variant));
}

/* An ID of a range that only the other dialect sends (the by-ID variant
 * cues: H's temperature sensors 9-64). */
static bool id_wanted(uint32_t id)
{
	for (size_t i = 0; i < fox_n_variant_cue_rules; i++) {
		const struct fox_variant_cue_rule *r =
			&fox_variant_cue_rules[i];

		if (r->by_id && id >= r->id_first && id <= r->id_last &&
		    target->variant && r->variant != target->variant)
			return false;
	}
	return true;
}

static bool field_wanted(const struct fox_field *f)
{
	if (target->variant && f->variants &&
	    !(f->variants & (1u << target->variant)))
		return false;
	switch (f->kind) {
	case FOX_K_FLAG: {
		/* "other bits" around the named ones: a signal is one run */
		unsigned run = f->mask >> __builtin_ctz(f->mask | 0x100);

		return f->mask && !(run & (run + 1));
	}
	case FOX_K_UINT:
	case FOX_K_INT:
	case FOX_K_U12_LO:
	case FOX_K_U12_HI:
	case FOX_K_DATETIME:
		return true;
	case FOX_K_BITS:     /* the byte is split into its FLAG rows */
	case FOX_K_ASCII:    /* text */
	case FOX_K_BYTES:    /* unknown meaning */
	case FOX_K_FIRMWARE: /* a formatting rule on firmware_raw's byte */
		break;
	}
	return false;
}

/* Several IDs of one row: the message and signal names carry the number
 * the index gives (pack 3, serial part 2, battery address 5, cells
 * 17-20). */
static unsigned index_number(const struct fox_frame *fr, unsigned index)
{
	switch (fr->index) {
	case FOX_IDX_PACK:
	case FOX_IDX_PART:
		return index + 1;
	case FOX_IDX_ADDRESS:
		return index;
	case FOX_IDX_ITEMS:
		return index * fr->per_frame + 1;
	case FOX_IDX_NONE:
		break;
	}
	return 0;
}

static void message_name(const struct fox_frame *fr, unsigned index, char *out,
			 size_t size)
{
	if (fr->id_first == fr->id_last)
		snprintf(out, size, "%s", fr->key);
	else if (fr->index == FOX_IDX_ITEMS)
		snprintf(out, size, "%s_%03u_%03u", fr->key,
			 index_number(fr, index),
			 index_number(fr, index) + fr->per_frame - 1);
	else
		snprintf(out, size, "%s%u", fr->key, index_number(fr, index));
}

/*
 * "foxess.module.current" in pack 3 -> "module3_current"; repeated item
 * 17 -> "cell_voltage_017"; suffix for the multiplexed copies.
 */
static void signal_name(const struct fox_frame *fr, unsigned index,
			const struct fox_field *f, unsigned item,
			const char *suffix, char out[MAX_NAME + 1])
{
	const char *p = strchr(f->abbrev, '.');
	char base[96], name[160];
	size_t n;

	snprintf(base, sizeof(base), "%s", p ? p + 1 : f->abbrev);
	n = strcspn(base, "."); /* "hv_state" of "hv_state.voltage" */
	for (char *c = base; *c; c++)
		if (*c == '.')
			*c = '_';
	if (item)
		snprintf(name, sizeof(name), "%s_%03u%s", base, item, suffix);
	else if (fr->id_first != fr->id_last && fr->index != FOX_IDX_ITEMS)
		snprintf(name, sizeof(name), "%.*s%u%s%s", (int)n, base,
			 index_number(fr, index), base + n, suffix);
	else
		snprintf(name, sizeof(name), "%s%s", base, suffix);
	if (strlen(name) > MAX_NAME)
		fail("signal name longer than 32 characters", name);
	memcpy(out, name, strlen(name) + 1);
}

static void print_number(double v)
{
	printf("%.10g", v == 0 ? 0 : v); /* no "-0" */
}

/* Where a field's bits are: Intel (little-endian) start bit and length. */
static void field_bits(const struct fox_field *f, unsigned item,
		       unsigned *start, unsigned *len)
{
	unsigned offset = f->offset + (item ? (item - 1) * f->width : 0);

	switch (f->kind) {
	case FOX_K_FLAG: {
		unsigned lsb = (unsigned)__builtin_ctz(f->mask);

		*start = offset * 8 + lsb;
		*len = (unsigned)__builtin_popcount(f->mask);
		return;
	}
	case FOX_K_U12_LO:
		*start = offset * 8;
		*len = 12;
		return;
	case FOX_K_U12_HI:
		*start = offset * 8 + 4;
		*len = 12;
		return;
	default:
		*start = offset * 8;
		*len = f->width * 8u;
		return;
	}
}

/* The six bytes YY MM DD hh mm ss of a FOX_K_DATETIME field. */
static const struct {
	const char *suffix, *unit;
	double offset;
} datetime_parts[] = {
	{ "_year", "", 2000 }, { "_month", "", 0 },	{ "_day", "", 0 },
	{ "_hour", "h", 0 },   { "_minute", "min", 0 }, { "_second", "s", 0 },
};

/* One signal of a message, everything its SG_ line and comments need. */
struct signal {
	char name[MAX_NAME + 1];
	char mux[8]; /* "", "M " or "m<opcode> " */
	unsigned start, len;
	bool is_signed;
	double factor, offset;
	const char *unit;
	const struct fox_field *field;
	unsigned item;	   /* repeated item number, else 0 */
	int datetime_part; /* -1 unless a date-time component */
};

#define MAX_SIGNALS 128

/* The mux marker and name suffix of copy number copy of a field present
 * for several opcodes; returns the number of copies. */
static unsigned mux_copy(const struct fox_field *f, unsigned copy, char *mux,
			 size_t mux_size, char *suffix, size_t suffix_size)
{
	unsigned n = 0;

	mux[0] = suffix[0] = '\0';
	if (!f->cond_values)
		return 1;
	for (unsigned v = 0; v < 32; v++) {
		if (!(f->cond_values & (1u << v)))
			continue;
		if (n++ == copy) {
			snprintf(mux, mux_size, "m%u ", v);
			if (__builtin_popcount(f->cond_values) > 1)
				snprintf(suffix, suffix_size, "_op%02X", v);
		}
	}
	return n;
}

/* The byte the other fields' presence depends on. */
static bool is_multiplexor(const struct fox_frame *fr,
			   const struct fox_field *f)
{
	if (f->kind != FOX_K_UINT || f->width != 1 || f->cond_values)
		return false;
	for (size_t i = 0; i < fr->n_fields; i++)
		if (fr->fields[i].cond_values &&
		    fr->fields[i].cond_byte == f->offset)
			return true;
	return false;
}

static struct signal *add_signal(struct signal *sig, unsigned *n,
				 const struct fox_frame *fr, unsigned index,
				 const struct fox_field *f, unsigned item,
				 const char *suffix, const char *mux)
{
	struct signal *s = &sig[*n];

	if (*n == MAX_SIGNALS)
		fail("too many signals", f->abbrev);
	memset(s, 0, sizeof(*s));
	signal_name(fr, index, f, item, suffix, s->name);
	snprintf(s->mux, sizeof(s->mux), "%s", mux);
	s->field = f;
	s->item = item;
	s->datetime_part = -1;
	(*n)++;
	return s;
}

/* The signals of one ID of a frame row. */
static unsigned list_signals(const struct fox_frame *fr, unsigned index,
			     struct signal *sig)
{
	unsigned n = 0;

	for (size_t i = 0; i < fr->n_fields; i++) {
		const struct fox_field *f = &fr->fields[i];
		unsigned items = f->repeat > 1 ? f->repeat : 1, copies = 1;
		char mux[8], suffix[8];

		if (!field_wanted(f))
			continue;
		for (unsigned copy = 0; copy < copies; copy++) {
			copies = mux_copy(f, copy, mux, sizeof(mux), suffix,
					  sizeof(suffix));
			if (is_multiplexor(fr, f))
				strcpy(mux, "M ");
			if (f->kind == FOX_K_DATETIME) {
				for (int part = 0; part < 6; part++) {
					char full[16];
					struct signal *s;

					snprintf(full, sizeof(full), "%s%s",
						 datetime_parts[part].suffix,
						 suffix);
					s = add_signal(sig, &n, fr, index, f, 0,
						       full, mux);
					s->start =
						(f->offset + (unsigned)part) *
						8;
					s->len = 8;
					s->factor = 1;
					s->offset = datetime_parts[part].offset;
					s->unit = datetime_parts[part].unit;
					s->datetime_part = part;
				}
				continue;
			}
			for (unsigned k = 0; k < items; k++) {
				unsigned item =
					f->repeat > 1 ?
						index_number(fr, index) + k :
						0;
				struct signal *s =
					add_signal(sig, &n, fr, index, f, item,
						   suffix, mux);

				field_bits(f, item ? k + 1 : 0, &s->start,
					   &s->len);
				s->is_signed = f->kind == FOX_K_INT;
				s->factor = f->scale ? f->scale : 1;
				s->offset = f->add;
				s->unit = unit_of(f);
			}
		}
	}
	return n;
}

/* SG_ NAME [MUX] : START|LEN@1+/- (FACTOR,OFFSET) [MIN|MAX] "UNIT" RX,
 * the limits those of the raw integer. */
static void print_signal(const struct signal *s, const char *rx)
{
	double lo = s->is_signed ? -ldexp(1, (int)s->len - 1) : 0;
	double hi = s->is_signed ? ldexp(1, (int)s->len - 1) - 1 :
				   ldexp(1, (int)s->len) - 1;

	printf(" SG_ %s %s: %u|%u@1%c (", s->name, s->mux, s->start, s->len,
	       s->is_signed ? '-' : '+');
	print_number(s->factor);
	putchar(',');
	print_number(s->offset);
	printf(") [");
	print_number(lo * s->factor + s->offset);
	putchar('|');
	print_number(hi * s->factor + s->offset);
	printf("] \"%s\" %s\n", s->unit, rx);
}

static void print_message(const struct fox_frame *fr, unsigned index,
			  uint32_t dbc_id, const struct signal *sig,
			  unsigned n_sig)
{
	bool from_bms = fr->dir == FOX_DIR_BMS_TO_INVERTER;
	char name[64];

	message_name(fr, index, name, sizeof(name));
	printf("BO_ %u %s: 8 %s\n", dbc_id, name,
	       from_bms ? "BMS" : "Inverter");
	for (unsigned i = 0; i < n_sig; i++)
		print_signal(&sig[i], from_bms ? "Inverter" : "BMS");
	putchar('\n');
}

static void print_comments(const struct fox_frame *fr, uint32_t dbc_id,
			   const struct signal *sig, unsigned n_sig)
{
	char text[1024];

	printf("CM_ BO_ %u ", dbc_id);
	print_string(fox_frame_name(fr, target->variant));
	printf(";\n");
	for (unsigned i = 0; i < n_sig; i++) {
		const struct fox_field *f = sig[i].field;

		snprintf(text, sizeof(text),
			 "%s%s%s. %s%s(Wireshark: %s%s; "
			 "confidence: %s)",
			 f->name, sig[i].datetime_part >= 0 ? " " : "",
			 sig[i].datetime_part >= 0 ?
				 datetime_parts[sig[i].datetime_part].suffix +
					 1 :
				 "",
			 f->blurb ? f->blurb : "", f->blurb ? " " : "",
			 f->abbrev, sig[i].item ? ", one per item" : "",
			 fox_confidence_name(
				 fox_field_confidence(f, target->variant)));
		if (strlen(text) == sizeof(text) - 1)
			fail("comment too long", f->abbrev);
		printf("CM_ SG_ %u %s ", dbc_id, sig[i].name);
		print_string(text);
		printf(";\n");
	}
}

static void print_values(uint32_t dbc_id, const struct signal *sig,
			 unsigned n_sig)
{
	for (unsigned i = 0; i < n_sig; i++) {
		const struct fox_value_name *v = sig[i].field->names;
		size_t n = 0;

		if (!v || sig[i].datetime_part >= 0)
			continue;
		printf("VAL_ %u %s", dbc_id, sig[i].name);
		while (v[n].name)
			n++;
		/* descending, as Vector's tools write them */
		while (n--) {
			printf(" %u ", v[n].value);
			print_string(v[n].name);
		}
		printf(" ;\n");
	}
}

enum pass { PASS_MESSAGES, PASS_COMMENTS, PASS_VALUES };

static void for_each_message(enum pass pass)
{
	uint32_t done[512];
	unsigned n_done = 0;

	for (size_t i = 0; i < fox_n_frames; i++) {
		const struct fox_frame *fr = &fox_frames[i];

		if (!frame_wanted(fr))
			continue;
		for (uint32_t id = fr->id_first; id <= fr->id_last;
		     id += fr->id_step) {
			struct signal sig[MAX_SIGNALS];
			unsigned index = (id - fr->id_first) / fr->id_step;
			uint32_t dbc_id = id | (fr->extended ? 0x80000000u : 0);
			unsigned n_sig, k;

			/* an ID two rows cover (EP's 0x0D21): the first */
			for (k = 0; k < n_done && done[k] != id; k++)
				;
			if (k < n_done || !id_wanted(id))
				continue;
			if (n_done == sizeof(done) / sizeof(done[0]))
				fail("too many messages", fr->key);
			done[n_done++] = id;
			n_sig = list_signals(fr, index, sig);
			if (pass == PASS_MESSAGES)
				print_message(fr, index, dbc_id, sig, n_sig);
			else if (pass == PASS_COMMENTS)
				print_comments(fr, dbc_id, sig, n_sig);
			else
				print_values(dbc_id, sig, n_sig);
		}
	}
}

int main(int argc, char **argv)
{
	for (size_t i = 0;
	     argc == 2 && i < sizeof(targets) / sizeof(targets[0]); i++)
		if (!strcmp(argv[1], targets[i].arg))
			target = &targets[i];
	if (!target) {
		fprintf(stderr, "usage: dbcgen h|ep|pylontech\n");
		return 2;
	}
	printf("VERSION \"\"\n\n\nNS_ :\n\tCM_\n\tBA_DEF_\n\tBA_\n\tVAL_\n\n"
	       "BS_:\n\nBU_: BMS Inverter\n\n\n");
	for_each_message(PASS_MESSAGES);
	printf("\nCM_ ");
	{
		char text[256];

		snprintf(text, sizeof(text),
			 "%s. Generated by tools/dbc/dbcgen from the protocol "
			 "table of foxess-can (include/foxess/table.h); do not "
			 "edit. docs/dbc.md says what it leaves out.",
			 target->title);
		print_string(text);
	}
	printf(";\n");
	for_each_message(PASS_COMMENTS);
	for_each_message(PASS_VALUES);
	return 0;
}
