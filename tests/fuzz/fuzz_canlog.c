// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the text-log reader of "foxcap convert"
 * (capture/canlog.c): candump -l lines and Battery-Emulator lines.
 *
 * The input is one line (a NUL is added; bytes after a newline are part
 * of the line, as a reader handing over fgets() output would do).  Every
 * accepted frame must be one a SocketCAN record can hold, and every
 * rejected line must come with a message.
 */
#include <string.h>

#include <linux/can.h>

#include "canlog.h"
#include "fuzz.h"

#define MAX_LINE 512

static bool valid_len(const struct canlog_frame *f)
{
	static const uint8_t fd_lens[] = { 12, 16, 20, 24, 32, 48, 64 };

	if (f->len <= 8)
		return true;
	if (!f->fd)
		return false;
	return memchr(fd_lens, f->len, sizeof(fd_lens)) != NULL;
}

static void check_frame(const struct canlog_frame *f)
{
	uint8_t rec[SOCKETCAN_FD_LEN + 1];
	size_t n;

	FUZZ_CHECK(valid_len(f));
	FUZZ_CHECK(memchr(f->iface, '\0', sizeof(f->iface)) != NULL);
	if (f->can_id & CAN_EFF_FLAG)
		FUZZ_CHECK(!(f->can_id & CAN_ERR_FLAG));
	else if (!(f->can_id & CAN_ERR_FLAG))
		FUZZ_CHECK((f->can_id & CAN_EFF_MASK) <= CAN_SFF_MASK);
	if (f->can_id & CAN_RTR_FLAG)
		FUZZ_CHECK(!f->fd);

	rec[SOCKETCAN_FD_LEN] = 0xA5;
	n = canlog_to_record(f, rec);
	FUZZ_CHECK(n == (f->fd ? SOCKETCAN_FD_LEN : SOCKETCAN_CLASSIC_LEN));
	FUZZ_CHECK(rec[4] == f->len);
	FUZZ_CHECK(rec[SOCKETCAN_FD_LEN] == 0xA5);
	if (!(f->can_id & CAN_RTR_FLAG))
		FUZZ_CHECK(memcmp(rec + 8, f->data, f->len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
	char line[MAX_LINE + 1];
	char err[40];
	struct canlog_frame f;

	if (size > MAX_LINE)
		return 0;
	memcpy(line, in, size);
	line[size] = '\0';

	/* A small message buffer: the reader must truncate, not overflow. */
	memset(err, 0, sizeof(err));
	switch (canlog_parse_line(line, &f, err, sizeof(err))) {
	case CANLOG_FRAME:
		check_frame(&f);
		break;
	case CANLOG_ERROR:
		FUZZ_CHECK(err[0] != '\0');
		FUZZ_CHECK(memchr(err, '\0', sizeof(err)) != NULL);
		break;
	case CANLOG_SKIP:
		break;
	}
	return 0;
}
