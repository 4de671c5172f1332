// SPDX-License-Identifier: GPL-2.0-or-later
/* Log line parser, SocketCAN records and the pcapng writer. */
#include "canlog.h"
#include "check.h"
#include "pcapng.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/can.h>

static struct canlog_frame f;
static char err[160];

static enum canlog_result parse(const char *line)
{
	err[0] = '\0';
	return canlog_parse_line(line, &f, err, sizeof(err));
}

static bool err_has(const char *text)
{
	return strstr(err, text) != NULL;
}

static void test_candump(void)
{
	CHECK(parse("(1700000000.123456) can0 00001871#0100010000000000\n") ==
	      CANLOG_FRAME);
	CHECK(f.ts_ns == 1700000000123456000ull);
	CHECK(!strcmp(f.iface, "can0"));
	CHECK(f.can_id == (0x1871 | CAN_EFF_FLAG) && f.len == 8 && !f.fd);
	CHECK(f.data[0] == 1 && f.data[2] == 1 && f.data[7] == 0);
	CHECK(f.dir == PCAPNG_DIR_UNKNOWN);

	CHECK(parse("(1.5) vcan1 351#14.02.C0.12") == CANLOG_FRAME);
	CHECK(f.ts_ns == 1500000000ull && f.can_id == 0x351 && f.len == 4 &&
	      f.data[3] == 0x12);
	CHECK(parse("(0.000001) can0 7FF#") == CANLOG_FRAME && f.len == 0);
	CHECK(parse("(0.1) can0 123#R") == CANLOG_FRAME &&
	      f.can_id == (0x123 | CAN_RTR_FLAG) && f.len == 0);
	CHECK(parse("(0.1) can0 123#R3") == CANLOG_FRAME && f.len == 3);
	CHECK(parse("(0.1) can0 20000080#0000000000000000") == CANLOG_FRAME &&
	      f.can_id == (CAN_ERR_FLAG | 0x80));
	CHECK(parse("(0.1) can0 321##3001122334455667788990011") ==
		      CANLOG_FRAME &&
	      f.fd && f.fd_flags == (CANFD_BRS | CANFD_ESI) && f.len == 12);
	CHECK(parse("(0.1) can0 123#11 R") == CANLOG_FRAME &&
	      f.dir == PCAPNG_DIR_INBOUND);
	CHECK(parse("(0.1) can0 123#11 T\r\n") == CANLOG_FRAME &&
	      f.dir == PCAPNG_DIR_OUTBOUND);
	CHECK(parse("(1700000000.123456789) can0 123#11") == CANLOG_FRAME &&
	      f.ts_ns == 1700000000123456789ull);

	CHECK(parse("\n") == CANLOG_SKIP);
	CHECK(parse("   ") == CANLOG_SKIP);

	CHECK(parse("can0 123#11") == CANLOG_ERROR && err_has("timestamp"));
	CHECK(parse("(1700000000.1 can0 123#11") == CANLOG_ERROR);
	CHECK(parse("(1700000000.000000)") == CANLOG_ERROR &&
	      err_has("interface"));
	CHECK(parse("(1.0) can0") == CANLOG_ERROR && err_has("no frame"));
	CHECK(parse("(1.0) can0 1234#11") == CANLOG_ERROR &&
	      err_has("3 or 8 hex digits"));
	CHECK(parse("(1.0) can0 12G#11") == CANLOG_ERROR &&
	      err_has("not hexadecimal"));
	CHECK(parse("(1.0) can0 800#11") == CANLOG_ERROR &&
	      err_has("above 7FF"));
	CHECK(parse("(1.0) can0 123#112") == CANLOG_ERROR &&
	      err_has("cut short"));
	CHECK(parse("(1.0) can0 123#11ZZ") == CANLOG_ERROR &&
	      err_has("not hex"));
	CHECK(parse("(1.0) can0 123#112233445566778899") == CANLOG_ERROR &&
	      err_has("more than 8"));
	CHECK(parse("(1.0) can0 123##1112233445566778899AA") == CANLOG_ERROR &&
	      err_has("not a CAN FD length"));
	CHECK(parse("(1.0) can0 123##") == CANLOG_ERROR &&
	      err_has("flags digit"));
	CHECK(parse("(1.0) can0 123#R9") == CANLOG_ERROR);
	CHECK(parse("(1.0) can0 123#11 junk") == CANLOG_ERROR &&
	      err_has("'junk'"));
	CHECK(parse("(1.0) can0 1871") == CANLOG_ERROR && err_has("'#'"));
	CHECK(parse("(1.0) averyveryverylongname 123#11") == CANLOG_ERROR &&
	      err_has("too long"));
}

static void test_battery_emulator(void)
{
	CHECK(parse("(10085.151) rx6 00001871 [8] 01 00 01 00 00 00 00 00") ==
	      CANLOG_FRAME);
	CHECK(f.ts_ns == 10085151000000ull);
	CHECK(!strcmp(f.iface, "bus6") && f.dir == PCAPNG_DIR_INBOUND);
	CHECK(f.can_id == (0x1871 | CAN_EFF_FLAG) && f.len == 8 &&
	      f.data[2] == 1);
	CHECK(parse("(1.0) TX1 351 [4] 14 02 C0 12\n") == CANLOG_FRAME);
	CHECK(!strcmp(f.iface, "bus1") && f.dir == PCAPNG_DIR_OUTBOUND);
	CHECK(f.can_id == 0x351 && f.len == 4);
	CHECK(parse("(1.0) rx0 1872 [0]") == CANLOG_FRAME &&
	      f.can_id == (0x1872 | CAN_EFF_FLAG) && f.len == 0);

	CHECK(parse("(1.0) rx6 00001871 [8] 01 00 01") == CANLOG_ERROR &&
	      err_has("only 3 data bytes"));
	CHECK(parse("(1.0) rx6 00001871 [2] 01 00 01") == CANLOG_ERROR &&
	      err_has("more data bytes"));
	CHECK(parse("(1.0) rx6 00001871 8 01") == CANLOG_ERROR &&
	      err_has("[DLC]"));
	CHECK(parse("(1.0) rx6 00001871 [9] 01") == CANLOG_ERROR);
	CHECK(parse("(1.0) rx6 00001871 [1] 1") == CANLOG_ERROR);
	CHECK(parse("(1.0) rx6 0000187X [1] 01") == CANLOG_ERROR);
}

static void test_record(void)
{
	uint8_t rec[SOCKETCAN_FD_LEN];
	uint32_t id;

	parse("(1.0) can0 00001873#A3100D005D007707");
	CHECK(canlog_to_record(&f, rec) == SOCKETCAN_CLASSIC_LEN);
	memcpy(&id, rec, 4);
	CHECK(ntohl(id) == (0x1873 | CAN_EFF_FLAG));
	CHECK(rec[0] == 0x80 && rec[2] == 0x18 && rec[3] == 0x73);
	CHECK(rec[4] == 8 && rec[5] == 0 && rec[8] == 0xA3 && rec[15] == 7);

	parse("(1.0) can0 321##1AABB");
	CHECK(canlog_to_record(&f, rec) == SOCKETCAN_FD_LEN);
	CHECK(rec[4] == 2 && rec[5] == (CANFD_BRS | SOCKETCAN_FD_FLAG_FDF));
	CHECK(rec[8] == 0xAA && rec[9] == 0xBB && rec[10] == 0);
}

static size_t file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : (size_t)st.st_size;
}

/* Disk full in the middle of a block: the file is cut back to whole
 * blocks, every complete frame stays, later writes fail the same way. */
static void test_writer_disk_full(void)
{
	char path[] = "/tmp/foxcap-test-XXXXXX";
	int fd = mkstemp(path);
	struct pcapng_writer w;
	struct rlimit limit = { 4096, RLIM_INFINITY }, old;
	uint8_t rec[16] = { 0x80, 0, 0x18, 0x71, 8 };
	int ret = 0;
	unsigned i;

	CHECK(fd >= 0);
	signal(SIGXFSZ, SIG_IGN);
	getrlimit(RLIMIT_FSIZE, &old);
	limit.rlim_max = old.rlim_max;
	CHECK(setrlimit(RLIMIT_FSIZE, &limit) == 0);
	CHECK(pcapng_begin(&w, fd, "unit test", "test") == 0);
	CHECK(pcapng_interface(&w, "can0", LINKTYPE_CAN_SOCKETCAN, 4096, 9) ==
	      0);
	CHECK(pcapng_interface(&w, "can1", LINKTYPE_CAN_SOCKETCAN, 4096, 6) ==
	      1);
	for (i = 0; i < 1000 && ret == 0; i++) {
		rec[8] = (uint8_t)i;
		ret = pcapng_packet(&w, i % 2, i, rec, sizeof(rec), sizeof(rec),
				    PCAPNG_DIR_UNKNOWN);
		if (ret == 0 && i % 10 == 9)
			ret = pcapng_flush(&w);
	}
	if (ret == 0)
		ret = pcapng_flush(&w);
	CHECK(ret == -EFBIG);
	CHECK(w.err == EFBIG);
	CHECK(pcapng_packet(&w, 0, 0, rec, 16, 16, 0) == -EFBIG);
	/* SHB 68 + 2 IDBs of 40 bytes, then 48-byte EPBs */
	CHECK(w.on_disk == file_size(path));
	CHECK(w.on_disk <= 4096 && w.on_disk > 4096 - 48);
	CHECK((w.on_disk - 68 - 2 * 40) % 48 == 0);
	CHECK(w.packets == (w.on_disk - 68 - 2 * 40) / 48);
	pcapng_end(&w);
	close(fd);
	setrlimit(RLIMIT_FSIZE, &old);
	if (getenv("FOXCAP_KEEP"))
		printf("kept %s\n", path);
	else
		unlink(path);
}

int main(void)
{
	test_candump();
	test_battery_emulator();
	test_record();
	test_writer_disk_full();
	return check_report("test_canlog");
}
