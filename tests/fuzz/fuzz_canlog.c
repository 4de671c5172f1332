// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the text-log reader of "foxcap convert"
 * (capture/canlog.c, asc.c, trc.c, csvlog.c): candump, Battery-Emulator,
 * Vector ASC, PEAK TRC, SavvyCAN GVRET and python-can CSV.
 *
 * The input is a log: its lines go, in order, through one reader, as
 * foxcap convert hands them over (header lines set up the reader for the
 * lines after them).  The first line also goes through the stateless
 * candump parser.  Every accepted frame must be one a SocketCAN record
 * can hold, and every rejected line must come with a message.
 */
#include <string.h>

#include <linux/can.h>

#include "canlog.h"
#include "fuzz.h"

#define MAX_LINE  512
#define MAX_INPUT 4096

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

static void check_result(enum canlog_result r, const struct canlog_frame *f,
			 const char *err, size_t err_size)
{
	switch (r) {
	case CANLOG_FRAME:
		check_frame(f);
		FUZZ_CHECK(f->iface[0] != '\0');
		break;
	case CANLOG_ERROR:
		FUZZ_CHECK(err[0] != '\0');
		FUZZ_CHECK(memchr(err, '\0', err_size) != NULL);
		break;
	case CANLOG_SKIP:
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
	struct canlog_reader reader;
	char line[MAX_LINE + 1];
	/* A small message buffer: the reader must truncate, not overflow. */
	char err[40];
	struct canlog_frame f;
	size_t start = 0;
	bool first = true;

	if (size > MAX_INPUT)
		return 0;
	canlog_reader_init(&reader);
	while (start < size) {
		const uint8_t *nl = memchr(in + start, '\n', size - start);
		size_t n = (nl ? (size_t)(nl - in) + 1 : size) - start;

		if (n > MAX_LINE)
			n = MAX_LINE;
		memcpy(line, in + start, n);
		line[n] = '\0';
		start += n;
		if (first) {
			memset(err, 0, sizeof(err));
			check_result(
				canlog_parse_line(line, &f, err, sizeof(err)),
				&f, err, sizeof(err));
			first = false;
		}
		memset(err, 0, sizeof(err));
		check_result(
			canlog_read_line(&reader, line, &f, err, sizeof(err)),
			&f, err, sizeof(err));
	}
	return 0;
}
