/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Text CAN logs read by "foxcap convert", told apart by their content:
 *   candump -l:        (1700000000.000000) can0 00001871#0100010000000000
 *                      (also 123#R, 123##1AABB for CAN FD)
 *   Battery-Emulator:  (10085.151) rx6 00001871 [8] 01 00 01 00 00 00 00 00
 *   Vector ASC:        0.012345 1  1871x  Rx   d 8 01 00 01 00 00 00 00 00
 *   PEAK TRC 1.0-2.1:  1)  1059.9  Rx  00001871  8  01 00 01 00 ...
 *   SavvyCAN GVRET:    166064000,00001871,true,Rx,0,8,01,00,01,00,...
 *   python-can CSV:    1700000000.5,0x1871,1,0,0,8,AQABAAAAAAA=
 * and the SocketCAN record they are all turned into.
 */
#ifndef FOXCAP_CANLOG_H
#define FOXCAP_CANLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SOCKETCAN_CLASSIC_LEN 16
#define SOCKETCAN_FD_LEN      72
/* Byte 5 of the pcap record for CAN FD frames: BRS, ESI and "this is FD" */
#define SOCKETCAN_FD_FLAG_FDF 0x04

struct canlog_frame {
	uint64_t ts_ns; /* as written in the log, nanoseconds */
	char iface[16];
	unsigned dir;	 /* PCAPNG_DIR_*: Battery-Emulator logs say rx/tx */
	uint32_t can_id; /* with CAN_EFF/RTR/ERR_FLAG, as in struct can_frame */
	bool fd;
	uint8_t fd_flags; /* CANFD_BRS, CANFD_ESI */
	uint8_t len;
	uint8_t data[64];
};

enum canlog_result {
	CANLOG_FRAME,
	CANLOG_SKIP,  /* blank line */
	CANLOG_ERROR, /* err says what is wrong with the line */
};

/* One candump or Battery-Emulator line, no state. */
enum canlog_result canlog_parse_line(const char *line, struct canlog_frame *f,
				     char *err, size_t err_size);

enum canlog_format {
	CANLOG_UNKNOWN, /* nothing but blank lines so far */
	CANLOG_CANDUMP, /* candump -l and Battery-Emulator lines */
	CANLOG_ASC,
	CANLOG_TRC,
	CANLOG_GVRET,
	CANLOG_PYCAN_CSV,
};

#define CANLOG_MAX_COLUMNS 16

/* What the header lines of a log said, for the lines after them. */
struct canlog_reader {
	enum canlog_format format;
	uint64_t start_ns; /* ASC trigger block, TRC $STARTTIME */
	/* ASC */
	bool asc_decimal;     /* "base dec": IDs and data in decimal */
	bool asc_relative;    /* "timestamps relative": to the last event */
	uint64_t asc_last_ns; /* offset of the last event (relative mode) */
	/* TRC: version * 10 (10, 11, 12, 13, 20, 21) and the column
	 * letters of $COLUMNS (N O T B I d R L l D) */
	unsigned trc_version;
	char trc_columns[CANLOG_MAX_COLUMNS + 1];
	/* GVRET: column numbers of the header's names, -1 if absent */
	int csv_ts, csv_id, csv_ext, csv_dir, csv_bus, csv_len, csv_data;
};

void canlog_reader_init(struct canlog_reader *r);

/*
 * One line of a log of any of the formats above.  The first line that is
 * not blank fixes the format; header lines (CANLOG_SKIP) set up the
 * reader for the frames after them.
 */
enum canlog_result canlog_read_line(struct canlog_reader *r, const char *line,
				    struct canlog_frame *f, char *err,
				    size_t err_size);

/* "Vector ASC" ... for messages and the file comment. */
const char *canlog_format_name(enum canlog_format format);

/* The LINKTYPE_CAN_SOCKETCAN record (ID in network byte order); returns
 * its length, 16 or 72 bytes. */
size_t canlog_to_record(const struct canlog_frame *f,
			uint8_t out[SOCKETCAN_FD_LEN]);

#endif /* FOXCAP_CANLOG_H */
