// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fieldsdoc: the field reference (docs/fields.md), or the list of filter
 * names, printed from the protocol table.
 *
 *   fieldsdoc            Markdown reference on stdout
 *   fieldsdoc --abbrevs  every filter name the table defines, one a line
 */
#include <stdio.h>
#include <string.h>

#include "foxess/protocol.h"

static const char *const proto_names[] = {
	[FOX_PROTO_FOXESS] = "FoxESS (protocol `foxess`)",
	[FOX_PROTO_PYLONTECH] = "Pylontech (protocol `pylontech`)",
};

static const char *kind_name(const struct fox_field *f)
{
	static char buf[32];

	switch (f->kind) {
	case FOX_K_UINT:
		snprintf(buf, sizeof(buf), "u%u", 8 * f->width);
		return buf;
	case FOX_K_INT:
		snprintf(buf, sizeof(buf), "i%u", 8 * f->width);
		return buf;
	case FOX_K_BITS:
		return "bitmap";
	case FOX_K_FLAG:
		snprintf(buf, sizeof(buf), "bits 0x%02X", f->mask);
		return buf;
	case FOX_K_ASCII:
		return "ASCII";
	case FOX_K_DATETIME:
		return "date-time";
	case FOX_K_FIRMWARE:
		return "version";
	case FOX_K_U12_LO:
	case FOX_K_U12_HI:
		return "u12 packed";
	case FOX_K_BYTES:
		return "bytes";
	}
	return "?";
}

static void print_bytes(const struct fox_field *f)
{
	unsigned n = f->repeat > 1 ? f->repeat : 1;
	unsigned last = f->offset + n * f->width - 1;

	if (last == f->offset)
		printf("%u", f->offset);
	else
		printf("%u-%u", f->offset, last);
}

static void print_scale(const struct fox_field *f)
{
	double scale = f->scale != 0.0 ? f->scale : 1.0;

	if (!f->unit) {
		printf("-");
		return;
	}
	if (scale != 1.0)
		printf("x %g ", scale);
	if (f->add != 0.0)
		printf("%+g ", f->add);
	printf("%s", f->unit);
}

static const char *variant_text(unsigned variants)
{
	if (variants == FOX_VM_H)
		return "H";
	if (variants == FOX_VM_EP)
		return "EP";
	return "all";
}

/* The shared grade, and EP's where the EP frame map grades it apart. */
static void print_confidence(const struct fox_field *f)
{
	enum fox_confidence shared =
		fox_field_confidence(f, FOX_VARIANT_UNKNOWN);
	enum fox_confidence ep = fox_field_confidence(f, FOX_VARIANT_EP);

	printf("%s", fox_confidence_name(shared));
	if (ep != shared)
		printf("; EP: %s", fox_confidence_name(ep));
}

static void print_condition(const struct fox_field *f)
{
	const char *sep = "";

	if (!f->cond_values)
		return;
	printf(" Present when byte %u is", f->cond_byte);
	for (unsigned v = 0; v < 32; v++) {
		if (!(f->cond_values & (1u << v)))
			continue;
		printf("%s 0x%02X", sep, v);
		sep = " or";
	}
	printf(".");
}

static void print_names(const struct fox_field *f)
{
	const char *sep = " Values: ";

	if (!f->names)
		return;
	for (const struct fox_value_name *n = f->names; n->name; n++) {
		printf((f->flags & FOX_F_HEX) ? "%s0x%02X = %s" : "%s%u = %s",
		       sep, n->value, n->name);
		sep = ", ";
	}
	printf(".");
}

static const char *reply_set_text(const struct fox_frame *fr)
{
	if (fr->answers != FOX_CLASS_MAIN)
		return "";
	if (fr->required == FOX_VM_ALL)
		return ", in every reply set";
	if (fr->required == FOX_VM_EP)
		return ", in every EP reply set";
	return ", optional in the reply set";
}

static void print_frame(const struct fox_frame *fr)
{
	printf("\n### 0x%04X", fr->id_first);
	if (fr->id_last != fr->id_first)
		printf("-0x%04X", fr->id_last);
	printf(" %s", fr->name);
	if (fr->ep_name)
		printf(" (H-series) / %s (EP-series)", fr->ep_name);
	printf("\n\n");
	printf("%s ID%s, %s, %s; key `%s`",
	       fr->extended ? "Extended (29-bit)" : "Standard (11-bit)",
	       fr->id_first != fr->id_last ? "s" : "",
	       fr->dir == FOX_DIR_INVERTER_TO_BMS ? "inverter -> BMS" :
						    "BMS -> inverter",
	       fr->variants ? variant_text(fr->variants) : "all variants",
	       fr->key);
	if (fr->id_step > 1)
		printf(" (step %u)", fr->id_step);
	if (fr->index_abbrev)
		printf("; `%s` (%s) is derived from the ID", fr->index_abbrev,
		       fr->index_name);
	if (fr->answers != FOX_CLASS_NONE)
		printf("; answers the %s request%s",
		       fox_class_name(fr->answers), reply_set_text(fr));
	printf(".\n\n");
	printf("| Filter | Bytes | Type | Scale, unit | Variant | Confidence | Meaning |\n");
	printf("|---|---|---|---|---|---|---|\n");
	for (size_t j = 0; j < fr->n_fields; j++) {
		const struct fox_field *f = &fr->fields[j];

		printf("| `%s` | ", f->abbrev);
		print_bytes(f);
		printf(" | %s%s | ", kind_name(f),
		       f->repeat > 1 ? " (each)" : "");
		print_scale(f);
		printf(" | %s | ", variant_text(f->variants));
		print_confidence(f);
		printf(" | %s: %s.", f->name, f->blurb);
		print_condition(f);
		print_names(f);
		if (f->has_range)
			printf(" Plausible: %g to %g%s%s.", f->range_lo,
			       f->range_hi, f->unit ? " " : "",
			       f->unit ? f->unit : "");
		if (f->marker)
			printf(" Marker: \"%s\".", f->marker);
		printf(" |\n");
	}
}

static void print_variant_cues(void)
{
	printf("\n## How the protocol variant is detected\n\n");
	printf("With `foxess.variant` = auto, each of these sets the variant from the\n");
	printf("frame it arrives in on: a frame the table marks EP-only (variant EP\n");
	printf("below), or\n\n");
	for (size_t i = 0; i < fox_n_variant_cue_rules; i++) {
		const struct fox_variant_cue_rule *r =
			&fox_variant_cue_rules[i];

		printf("- ID 0x%04X", r->id_first);
		if (r->id_last != r->id_first)
			printf("-0x%04X", r->id_last);
		if (!r->by_id) {
			printf(" with byte %u = 0x%02X", r->byte, r->lo);
			if (r->hi != r->lo)
				printf("-0x%02X", r->hi);
		}
		printf(": %s\n", fox_variant_name(r->variant));
	}
}

static void print_reference(void)
{
	int last_proto = -1;

	printf("# Field reference\n\n");
	printf("Generated from `include/foxess/table.h` by `fieldsdoc`; do not edit by hand.\n");
	printf("Regenerate with `build/tools/fieldsdoc/fieldsdoc > docs/fields.md`\n");
	printf("(the test `docs.fields-current` fails when this file is stale).\n");
	printf("The fields every frame has (`foxess.id`, `foxess.frame`, ...), the\n");
	printf("reassembled serial number and the expert infos about malformed or unknown\n");
	printf("frames are in [plugin-fields.md](plugin-fields.md).\n\n");
	printf("Byte offsets count from 0; multi-byte values are little-endian unless a\n");
	printf("field says otherwise.  *Variant* says which protocol generation a meaning\n");
	printf("applies to (H = HV2600/ECS4100 H-series, EP = EP5/EP11/EP12).  *Confidence*:\n");
	printf("confirmed (genuine captures or several sources agree), likely (one good\n");
	printf("source), provisional (a guess that fits), meaning unknown (position only).\n");
	printf("EP-series grades follow the graded EP frame map (docs/protocol.md); where\n");
	printf("it grades a field both generations share apart, the column says so\n");
	printf("(\"confirmed; EP: likely\").\n");
	print_variant_cues();
	for (size_t i = 0; i < fox_n_frames; i++) {
		const struct fox_frame *fr = &fox_frames[i];

		if ((int)fr->proto != last_proto) {
			printf("\n## %s\n", proto_names[fr->proto]);
			last_proto = (int)fr->proto;
		}
		print_frame(fr);
	}
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--abbrevs") == 0) {
		for (size_t i = 0; i < fox_n_frames; i++) {
			const struct fox_frame *fr = &fox_frames[i];

			if (fr->index_abbrev)
				printf("%s\n", fr->index_abbrev);
			for (size_t j = 0; j < fr->n_fields; j++)
				printf("%s\n", fr->fields[j].abbrev);
		}
		return 0;
	}
	if (argc > 1) {
		fprintf(stderr, "usage: fieldsdoc [--abbrevs]\n");
		return 2;
	}
	print_reference();
	return 0;
}
