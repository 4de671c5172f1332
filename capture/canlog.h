/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Text CAN logs read by "foxcap convert":
 *   candump -l:        (1700000000.000000) can0 00001871#0100010000000000
 *                      (also 123#R, 123##1AABB for CAN FD)
 *   Battery-Emulator:  (10085.151) rx6 00001871 [8] 01 00 01 00 00 00 00 00
 * and the SocketCAN record both are turned into.
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

enum canlog_result canlog_parse_line(const char *line, struct canlog_frame *f,
				     char *err, size_t err_size);

/* The LINKTYPE_CAN_SOCKETCAN record (ID in network byte order); returns
 * its length, 16 or 72 bytes. */
size_t canlog_to_record(const struct canlog_frame *f,
			uint8_t out[SOCKETCAN_FD_LEN]);

#endif /* FOXCAP_CANLOG_H */
