/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * FoxESS BMS <-> inverter CAN protocol: table types and the plain-C decoder.
 *
 * Nothing here depends on Wireshark.  The table itself (every frame, every
 * field, scales, units, names and value strings) lives in
 * include/foxess/table.h and is the single source of truth for the plugin,
 * the scenario generator, the capture tool's live summary, the generated
 * field reference and the fuzz harness.
 */
#ifndef FOXESS_PROTOCOL_H
#define FOXESS_PROTOCOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Which protocol a frame belongs to; each is its own Wireshark protocol. */
enum fox_proto {
	FOX_PROTO_FOXESS,
	FOX_PROTO_PYLONTECH,
};

enum fox_dir {
	FOX_DIR_INVERTER_TO_BMS,
	FOX_DIR_BMS_TO_INVERTER,
};

/* The one inverter -> BMS identifier of FoxESS (protocol-notes section 2):
 * every other FoxESS frame is a BMS reply. */
#define FOX_REQUEST_ID 0x1871

/* Protocol generation; the table marks fields with a mask of these. */
enum fox_variant {
	FOX_VARIANT_UNKNOWN = 0,
	FOX_VARIANT_H = 1,
	FOX_VARIANT_EP = 2,
};

#define FOX_VM_H   (1u << FOX_VARIANT_H)
#define FOX_VM_EP  (1u << FOX_VARIANT_EP)
#define FOX_VM_ALL (FOX_VM_H | FOX_VM_EP)

enum fox_kind {
	FOX_K_UINT,  /* little-endian unsigned, width 1, 2, 3 or 4 */
	FOX_K_INT,   /* little-endian two's complement, width 1, 2 or 4 */
	FOX_K_BITS,  /* a bitmap byte; the FOX_K_FLAG rows after it split it */
	FOX_K_FLAG,  /* (byte & mask) >> ctz(mask) of the preceding BITS row */
	FOX_K_ASCII, /* width bytes of text, NUL padding dropped */
	FOX_K_DATETIME, /* 6 bytes YY MM DD hh mm ss, year 2000 + YY */
	FOX_K_FIRMWARE, /* 0x1877 byte 6, formatted by the byte 7 rule */
	FOX_K_U12_LO,	/* b[o] | (b[o+1] & 0x0F) << 8 */
	FOX_K_U12_HI,	/* (b[o] >> 4) | b[o+1] << 4 */
	FOX_K_BYTES,	/* width raw bytes, shown in hex as sent */
};

enum fox_confidence {
	FOX_CONF_CONFIRMED,   /* seen in genuine captures or several sources */
	FOX_CONF_LIKELY,      /* one good source, consistent with the rest */
	FOX_CONF_PROVISIONAL, /* a guess that fits the observed values */
	FOX_CONF_UNKNOWN,     /* byte position known, meaning unknown */
};

/* How a frame's position within its ID range numbers what it carries. */
enum fox_index {
	FOX_IDX_NONE,
	FOX_IDX_PACK,	 /* one pack per ID: pack = index + 1 */
	FOX_IDX_ITEMS,	 /* repeated items: first = index * per_frame + 1 */
	FOX_IDX_PART,	 /* part of a multi-frame record: part = index + 1 */
	FOX_IDX_ADDRESS, /* device address carried in the ID: address = index */
};

struct fox_value_name {
	uint32_t value;
	const char *name;
};

/* Field flags */
#define FOX_F_RESERVED (1u << 0) /* always 0 as far as anyone has seen */
#define FOX_F_HEX      (1u << 1) /* show the raw value in hexadecimal */

struct fox_field {
	const char *abbrev; /* Wireshark filter name, "foxess.pack.soc" */
	const char *name;   /* tree label, "SoC" */
	const char *blurb;  /* one sentence: meaning, source, caveats */
	enum fox_kind kind;
	uint8_t offset; /* first byte */
	uint8_t width;	/* bytes */
	uint8_t mask;	/* FOX_K_FLAG only */
	uint8_t repeat; /* items in this frame (0 or 1: single) */
	double scale;	/* value = raw * scale + add; 0 means 1 */
	double add;
	const char *unit; /* "V", "mV", "A", "%", "degC" ... or NULL */
	uint8_t decimals; /* digits after the point when displayed */
	const struct fox_value_name *names; /* value strings or NULL */
	unsigned variants; /* FOX_VM_* where this meaning applies;
			    * 0 means every variant */
	enum fox_confidence confidence;
	/* A field both dialects share, graded apart for EP by the EP frame
	 * map (protocol-notes 4.5): read through fox_field_confidence(). */
	bool ep_graded;
	enum fox_confidence ep_confidence;
	unsigned flags;	      /* FOX_F_* */
	const char *info;     /* Info column label ("" = value only);
			       * NULL = not in the Info column.  Flags
			       * show the label only when set. */
	uint8_t cond_byte;    /* with cond_values: byte that selects */
	uint32_t cond_values; /* bit v set: present when byte == v;
			       * 0 means always present */
	bool has_range;	      /* range_lo..range_hi is set */
	double range_lo;      /* plausible engineering values: a frame */
	double range_hi;      /* outside them is probably not this one */
	const char *marker;   /* FOX_K_ASCII: text this field starts with
			       * only in the protocol's own frames */
};

/*
 * What a request asks for, and which request a reply answers
 * (protocol-notes section 2): replies are linked to the latest request of
 * their class.
 */
enum fox_class {
	FOX_CLASS_NONE,		 /* no reply expected / not a reply */
	FOX_CLASS_MAIN,		 /* main poll: 0x1872.. */
	FOX_CLASS_PACK_DATA,	 /* 0x0C05.. */
	FOX_CLASS_CELL_VOLTAGES, /* 0x0C1D.. */
	FOX_CLASS_CELL_TEMPS,	 /* 0x0D21.. */
	FOX_CLASS_SERIAL,	 /* 0x1881.. */
	FOX_CLASS_COUNT
};

/* A 0x1871 form that asks for replies: opcode, and selector if it has
 * one. */
struct fox_request_form {
	uint8_t opcode;
	bool has_selector;
	uint8_t selector;
	enum fox_class class;
};

/* A byte value (or, with by_id, the ID alone) that tells the dialect
 * (protocol-notes section 4).  EP-only frames tell by their ID too. */
struct fox_variant_cue_rule {
	uint32_t id_first;
	uint32_t id_last;
	bool by_id;
	uint8_t byte;
	uint8_t lo; /* the byte's value range */
	uint8_t hi;
	enum fox_variant variant;
};

struct fox_frame {
	enum fox_proto proto;
	uint32_t id_first; /* CAN identifier, without flag bits */
	uint32_t id_last;
	uint32_t id_step;
	bool extended; /* 29-bit identifier */
	enum fox_dir dir;
	unsigned variants;   /* FOX_VM_*: dialects that send this ID;
			      * 0 means every variant */
	const char *key;     /* short stable name, "limits" */
	const char *name;    /* "Battery limits" */
	const char *summary; /* Info column prefix, "Limits" */
	/* The EP-series title and Info prefix of an ID that means something
	 * else there (0x1879), or NULL: read through fox_frame_name() and
	 * fox_frame_summary(). */
	const char *ep_name;
	const char *ep_summary;
	uint8_t min_len; /* bytes the layout needs */
	enum fox_index index;
	uint8_t per_frame;	  /* FOX_IDX_ITEMS: items per frame */
	const char *index_abbrev; /* generated field for the index */
	const char *index_name;
	const char *dialect;	/* another vendor's frame on FoxESS IDs
				 * ("Solax"), or NULL */
	enum fox_class answers; /* the request class this reply answers */
	unsigned required;	/* FOX_VM_*: variants whose every reply set
				 * of its class contains this frame */
	const struct fox_field *fields;
	size_t n_fields;
};

/* Decoding ------------------------------------------------------------- */

enum fox_status {
	FOX_OK,
	FOX_SHORT,	/* fewer bytes than the layout needs: fields decoded
			 * as far as the data goes */
	FOX_UNKNOWN_ID, /* not a frame of the table */
};

#define FOX_MAX_VALUES 64
#define FOX_TEXT_MAX   32

struct fox_value {
	const struct fox_field *field;
	uint8_t item;	/* 1-based item number for repeated fields, else 0 */
	uint8_t offset; /* first byte of this value in the frame */
	uint8_t width;
	int64_t raw;  /* the integer as sent (flags: already shifted) */
	double value; /* raw * scale + add */
	char text[FOX_TEXT_MAX]; /* ASCII, firmware and date-time fields */
};

struct fox_decoded {
	const struct fox_frame *frame;
	unsigned index; /* position of the ID within its range */
	enum fox_status status;
	enum fox_variant variant; /* the one decoded with */
	unsigned n_values;
	struct fox_value values[FOX_MAX_VALUES];
};

extern const struct fox_frame fox_frames[];
extern const size_t fox_n_frames;
extern const struct fox_request_form fox_request_forms[];
extern const size_t fox_n_request_forms;
extern const struct fox_variant_cue_rule fox_variant_cue_rules[];
extern const size_t fox_n_variant_cue_rules;

/* The request class of a 0x1871 payload; FOX_CLASS_NONE for forms that
 * expect no reply. */
enum fox_class fox_request_class(const uint8_t *data, size_t len);
const char *fox_class_name(enum fox_class c);

/* What is unknown about a decoded 0x1871 request, if anything: the
 * plugin's expert infos and foxess-scan's count of them. */
enum fox_request_form_check {
	FOX_REQUEST_KNOWN,
	FOX_REQUEST_UNKNOWN_OPCODE,
	FOX_REQUEST_UNKNOWN_SELECTOR,
};
enum fox_request_form_check fox_request_form_check(const struct fox_decoded *d);

/* Table lookups.  A NULL result means "not in the table". */
const struct fox_frame *fox_frame_find(enum fox_proto proto, uint32_t id,
				       bool extended, unsigned *index);
const struct fox_frame *fox_frame_by_key(const char *key);
const struct fox_field *fox_field_find(const char *abbrev,
				       const struct fox_frame **frame);

/* Name of value v in a value-string list, or NULL. */
const char *fox_value_name(const struct fox_value_name *names, uint32_t v);

/* True when field f describes the frame's bytes for this variant and
 * payload (variant mask and condition byte). */
bool fox_field_applies(const struct fox_field *f, enum fox_variant variant,
		       const uint8_t *data, size_t len);

/*
 * Decode one frame: every applicable field that fits in len bytes.
 * FOX_VARIANT_UNKNOWN decodes fields shared by all variants and H-series
 * meanings for the ambiguous ones.  Returns out->status.
 */
enum fox_status fox_decode(enum fox_proto proto, uint32_t id, bool extended,
			   const uint8_t *data, size_t len,
			   enum fox_variant variant, struct fox_decoded *out);

/* Byte order of multi-byte integers.  FoxESS and Pylontech LV are
 * little-endian; Pylontech HV is little-endian per its specification,
 * but one popular emulator sends big-endian. */
enum fox_byte_order {
	FOX_ORDER_LE,
	FOX_ORDER_BE,
};

/* fox_decode() with multi-byte integers read in the given order. */
enum fox_status fox_decode_order(enum fox_proto proto, uint32_t id,
				 bool extended, const uint8_t *data, size_t len,
				 enum fox_variant variant,
				 enum fox_byte_order order,
				 struct fox_decoded *out);

/*
 * fox_decode_order() of a frame whose row the caller has already looked
 * up (fox_frame_find(): fr, NULL when none, and index): the bus engine
 * finds each frame's row once and decodes with it.
 */
enum fox_status fox_decode_row(const struct fox_frame *fr, unsigned index,
			       const uint8_t *data, size_t len,
			       enum fox_variant variant,
			       enum fox_byte_order order,
			       struct fox_decoded *out);

/* True when d decoded completely, has at least one field with a
 * plausible range, and every such value lies within its range. */
bool fox_decoded_plausible(const struct fox_decoded *d);

/* True when an ASCII field of d starts with its protocol marker. */
bool fox_decoded_marked(const struct fox_decoded *d);

/*
 * The byte order a frame was sent in, when exactly one of the two orders
 * decodes it plausibly (fox_decoded_plausible); false when the frame does
 * not tell (no ranged multi-byte fields, or both or neither plausible).
 */
bool fox_byte_order_cue(enum fox_proto proto, uint32_t id, bool extended,
			const uint8_t *data, size_t len,
			enum fox_byte_order *order);

/* The decoded value of field abbrev (item 0 = first), or NULL. */
const struct fox_value *fox_decoded_get(const struct fox_decoded *d,
					const char *abbrev, unsigned item);

/* Format a value as the tree shows it ("397.2 V", "v2.0", "On-line"). */
size_t fox_format_value(const struct fox_value *v, char *buf, size_t size);

/* Format a number as the tree shows field f's values ("397.2 V"): its
 * decimals and unit only, so fields that share those format alike. */
size_t fox_format_number(const struct fox_field *f, double value, char *buf,
			 size_t size);

/* Seconds since the epoch for a FOX_K_DATETIME field, -1 when invalid. */
int64_t fox_datetime_epoch(const uint8_t *six_bytes);

/* Encoding (the scenario generator writes frames through the table) ---- */

/*
 * Store engineering value into data[] for field f, repeated item number
 * item (1-based; 0 for single fields).  Values out of range saturate.
 * Returns false when the field cannot be encoded from a number.
 */
bool fox_encode(const struct fox_field *f, unsigned item, double value,
		uint8_t *data);
/* fox_encode() with multi-byte integers stored in the given order. */
bool fox_encode_order(const struct fox_field *f, unsigned item, double value,
		      enum fox_byte_order order, uint8_t *data);
/* Store text (ASCII fields) or raw bytes given as hex ("F0 0F 00"). */
bool fox_encode_text(const struct fox_field *f, const char *text,
		     uint8_t *data);

/* Variant detection from one frame: the cues of protocol-notes section 4.
 * Returns FOX_VARIANT_UNKNOWN when the frame tells nothing. */
enum fox_variant fox_variant_cue(uint32_t id, const uint8_t *data, size_t len);

/* fox_variant_cue() of an ID whose row the caller has already looked up:
 * fr = fox_frame_find(FOX_PROTO_FOXESS, id, true, ...), NULL when none. */
enum fox_variant fox_variant_cue_row(const struct fox_frame *fr, uint32_t id,
				     const uint8_t *data, size_t len);

const char *fox_variant_name(enum fox_variant v);
const char *fox_confidence_name(enum fox_confidence c);
/* How sure the table is of field f's meaning in this variant;
 * FOX_VARIANT_UNKNOWN gives the grade shared by every variant. */
/* A frame's title and Info column prefix in a variant: H-series
 * meanings for FOX_VARIANT_UNKNOWN, as fox_decode() reads it then. */
const char *fox_frame_name(const struct fox_frame *fr,
			   enum fox_variant variant);
const char *fox_frame_summary(const struct fox_frame *fr,
			      enum fox_variant variant);

enum fox_confidence fox_field_confidence(const struct fox_field *f,
					 enum fox_variant variant);

#ifdef __cplusplus
}
#endif

#endif /* FOXESS_PROTOCOL_H */
