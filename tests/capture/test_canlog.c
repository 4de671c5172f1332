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
	/* CAN FD lengths jump 8, 12, 16, 20, 24, 32, 48, 64: nine bytes
	 * announced and given is still no frame */
	CHECK(parse("(1.0) rx6 00001871 [9] 01 02 03 04 05 06 07 08 09") ==
		      CANLOG_ERROR &&
	      err_has("bad [DLC]"));
	CHECK(parse("(1.0) rx6 00001871 [12] 01 02 03 04 05 06 07 08 09 0A "
		    "0B 0C") == CANLOG_FRAME &&
	      f.fd && f.len == 12 && f.data[11] == 0x0C);
	CHECK(parse("(1.0) rx6 00001871 [1] 1") == CANLOG_ERROR);
	CHECK(parse("(1.0) rx6 0000187X [1] 01") == CANLOG_ERROR);
}

static struct canlog_reader reader;

/* Lines through one reader, as foxcap convert hands them over; the last
 * line's result. */
static enum canlog_result read_lines(const char *const *lines)
{
	enum canlog_result r = CANLOG_SKIP;

	canlog_reader_init(&reader);
	for (; *lines; lines++) {
		err[0] = '\0';
		r = canlog_read_line(&reader, *lines, &f, err, sizeof(err));
	}
	return r;
}

static enum canlog_result more(const char *line)
{
	err[0] = '\0';
	return canlog_read_line(&reader, line, &f, err, sizeof(err));
}

static void test_asc(void)
{
	static const char *const header[] = {
		"date Tue Nov 14 10:13:20.250 pm 2023\n",
		"base hex  timestamps absolute\n",
		"internal events logged\n",
		"// version 9.0.0\n",
		"Begin Triggerblock Tue Nov 14 10:13:20.250 pm 2023\n",
		"   0.000000 Start of measurement\n",
		NULL,
	};

	setenv("TZ", "UTC", 1);
	CHECK(read_lines(header) == CANLOG_SKIP && reader.format == CANLOG_ASC);
	/* 22:13:20.250 UTC on 2023-11-14 is 1700000000.25 */
	CHECK(reader.start_ns == 1700000000250000000ull);
	CHECK(more("   1.500001 2  1871x  Rx   d 8 01 00 01 00 00 00 00 00  "
		   "Length = 272000 BitCount = 140 ID = 6257x\r\n") ==
	      CANLOG_FRAME);
	CHECK(f.ts_ns == 1700000001750001000ull && !strcmp(f.iface, "can2"));
	CHECK(f.can_id == (0x1871 | CAN_EFF_FLAG) && f.len == 8 &&
	      f.data[0] == 1 && f.dir == PCAPNG_DIR_INBOUND);
	CHECK(more("   2.0 1  123  Tx   r 4") == CANLOG_FRAME &&
	      f.can_id == (0x123 | CAN_RTR_FLAG) && f.len == 4 &&
	      f.dir == PCAPNG_DIR_OUTBOUND);
	CHECK(more("   2.1 1  ErrorFrame") == CANLOG_FRAME &&
	      f.can_id == CAN_ERR_FLAG);
	CHECK(more("   2.2 CANFD   1 Rx 321  MyFrame 1 0 9 12 00 01 02 03 04 05 "
		   "06 07 08 09 0A 0B   0 0 3000 0 0 0 0 0") == CANLOG_FRAME);
	CHECK(f.fd && f.len == 12 && f.fd_flags == CANFD_BRS &&
	      f.data[11] == 0x0B && f.can_id == 0x321);
	/* flags without EDL (bit 12): a classic frame logged as CANFD */
	CHECK(more("   2.3 CANFD   1 Rx 321  0 0 2 2 AA BB   0 0 2000 0") ==
		      CANLOG_FRAME &&
	      !f.fd && f.len == 2);
	CHECK(more("   2.4 1  Statistic: D 0 R 0 XD 0 XR 0 E 0 O 0 B 0.00%") ==
	      CANLOG_SKIP);
	CHECK(more("   2.5 CAN 1 Status:chip status error active") ==
	      CANLOG_SKIP);
	CHECK(more("   2.6 1  1871x  TxRq d 8 01 00 01 00 00 00 00 00") ==
	      CANLOG_SKIP);
	CHECK(more("End TriggerBlock") == CANLOG_SKIP);

	CHECK(more("   3.0 1  1871x  Rx   d 8 01 00") == CANLOG_ERROR &&
	      err_has("8 data bytes announced, 2 found"));
	CHECK(more("   3.0 1  1871x  Rx   d 2 01 00 02") == CANLOG_ERROR &&
	      err_has("more data bytes than DLC 2"));
	CHECK(more("   3.0 1  800  Rx   d 0") == CANLOG_ERROR &&
	      err_has("bad CAN ID '800'"));
	CHECK(more("   3.0 1  123  Rx   q 0") == CANLOG_ERROR &&
	      err_has("expected 'd' or 'r'"));
	CHECK(more("   3.0 CANFD 1 Rx 321 1 0 9 11 00") == CANLOG_ERROR &&
	      err_has("bad data length '11'"));
	CHECK(more("   3.0 CANFD 1 Rx 321 1 0 8 12 00 01 02 03 04 05 06 07 08 "
		   "09 0A 0B") == CANLOG_ERROR &&
	      err_has("DLC 8 does not give 12"));
	CHECK(more("something else") == CANLOG_ERROR &&
	      err_has("not an ASC line"));

	static const char *const dec[] = {
		"date Nov 14 22:13:20 2023", /* 24-hour clock, no weekday */
		"base dec  timestamps relative",
		"   0.5 1  6257x Rx d 8 1 0 1 0 0 0 0 255",
		"   0.25 1  2047 Rx d 0",
		NULL,
	};
	CHECK(read_lines(dec) == CANLOG_FRAME);
	/* relative: 0.5 s after the first event, 0.75 s after the start */
	CHECK(f.ts_ns == 1700000000750000000ull && f.can_id == 0x7FF);
	CHECK(more("   0.25 1  6257x Rx d 1 256") == CANLOG_ERROR &&
	      err_has("'256' is not decimal"));
	static const char *const german[] = {
		"date Di Dez 5 08:00:00.000 am 2023",
		"   0.0 1 1 Rx d 0",
		NULL,
	};
	CHECK(read_lines(german) == CANLOG_FRAME &&
	      f.ts_ns == 1701763200000000000ull);
	static const char *const latin1[] = {
		"\xEF\xBB\xBF"
		"date Mi M\xE4r 6 08:00:00 2024",
		"   0.0 1 1 Rx d 0",
		NULL,
	};
	/* a byte-order mark, then March in Windows-1252 */
	CHECK(read_lines(latin1) == CANLOG_FRAME &&
	      f.ts_ns == 1709712000000000000ull);
	static const char *const bad_date[] = { "date Sun Foo 5 08:00 2023",
						NULL };
	CHECK(read_lines(bad_date) == CANLOG_ERROR &&
	      err_has("cannot read the ASC date"));
}

static void test_trc(void)
{
	static const char *const v11[] = {
		";$FILEVERSION=1.1",
		";$STARTTIME=45244.5",
		"     1)      1059.9  Rx         0300  8  00 00 00 00 04 00 00 00",
		NULL,
	};
	static const char *const v21[] = {
		";$FILEVERSION=2.1",
		";$STARTTIME=45244.25",
		";$COLUMNS=N,O,T,B,I,d,R,L,D",
		"      1         0.001 BI  2 00001876 Tx -  9    00 01 02 03 04 "
		"05 06 07 08 09 0A 0B",
		NULL,
	};

	setenv("TZ", "UTC", 1);
	CHECK(read_lines(v11) == CANLOG_FRAME && reader.format == CANLOG_TRC);
	/* day 45244.5 = 2023-11-14 12:00 UTC = 1699963200 */
	CHECK(f.ts_ns == 1699963201059900000ull && f.can_id == 0x300 &&
	      f.len == 8 && f.data[4] == 4 && !strcmp(f.iface, "bus1") &&
	      f.dir == PCAPNG_DIR_INBOUND);
	CHECK(more("     2)      1060.0  Tx     00001871  8  01 00 01 00 00 00 "
		   "00 00") == CANLOG_FRAME &&
	      f.can_id == (0x1871 | CAN_EFF_FLAG) &&
	      f.dir == PCAPNG_DIR_OUTBOUND);
	CHECK(more("     3)      1061.0  Rx         0123  2  RTR") ==
		      CANLOG_FRAME &&
	      f.can_id == (0x123 | CAN_RTR_FLAG) && f.len == 2);
	CHECK(more("     4)      1062.0  Warng  FFFFFFFF  4  00 00 00 04  "
		   "BUSLIGHT") == CANLOG_SKIP);
	CHECK(more("     5)      1063.0  Rx         0123  8  00 01") ==
		      CANLOG_ERROR &&
	      err_has("8 data bytes announced, 2 found"));
	CHECK(more("     6)      1063.0  Rx         0800  0") == CANLOG_ERROR &&
	      err_has("above 7FF"));
	CHECK(more("      7      1063.0  Rx         0123  0") == CANLOG_ERROR &&
	      err_has("'N)' message number"));

	CHECK(read_lines(v21) == CANLOG_FRAME);
	CHECK(f.ts_ns == 1699941600000001000ull && !strcmp(f.iface, "bus2"));
	CHECK(f.fd && f.len == 12 && f.fd_flags == (CANFD_BRS | CANFD_ESI) &&
	      f.data[11] == 0x0B && f.dir == PCAPNG_DIR_OUTBOUND);
	CHECK(more("      2         0.002 RR  1     0123 Rx -  3") ==
		      CANLOG_FRAME &&
	      f.can_id == (0x123 | CAN_RTR_FLAG) && f.len == 3);
	CHECK(more("      3         0.003 ST  1          Rx -  4    00 00 00 "
		   "08") == CANLOG_SKIP);
	CHECK(more("      4         0.003 ER  1          Rx -  5    00 04 00 "
		   "00 00") == CANLOG_FRAME &&
	      f.can_id == CAN_ERR_FLAG);
	CHECK(more("      5         0.003 DT  1     0123 Rx -  9    00 01 02 "
		   "03 04 05 06 07") == CANLOG_FRAME &&
	      !f.fd && f.len == 8); /* classic DLC 9 = 8 bytes */
	CHECK(more("      6         0.003 XX  1     0123 Rx -  0") ==
		      CANLOG_ERROR &&
	      err_has("unknown TRC message type 'XX'"));
	CHECK(more("      7         0.0x3 DT  1     0123 Rx -  0") ==
		      CANLOG_ERROR &&
	      err_has("bad time offset"));

	static const char *const v10[] = {
		"    1)      1841  0001  8  00 00 00 00 00 00 00 00",
		"    2)      1842  FFFFFFFF  4  00 00 00 08  BUSHEAVY",
		NULL,
	};
	CHECK(read_lines(v10) == CANLOG_SKIP && reader.trc_version == 10);
	CHECK(more("    3)      1843  0171  1  AA") == CANLOG_FRAME &&
	      f.ts_ns == 1843000000ull && f.can_id == 0x171);

	static const char *const bad[] = { ";$FILEVERSION=3.0", NULL };
	CHECK(read_lines(bad) == CANLOG_ERROR && err_has("3.0"));
	static const char *const bad_cols[] = { ";$FILEVERSION=2.1",
						";$COLUMNS=N,O,T,D", NULL };
	CHECK(read_lines(bad_cols) == CANLOG_ERROR && err_has("lacks"));
}

static void test_csv(void)
{
	static const char *const gvret[] = {
		"Time Stamp,ID,Extended,Dir,Bus,LEN,D1,D2,D3,D4,D5,D6,D7,D8\r\n",
		"1700000000123456,00001871,true,Tx,0,8,01,00,01,00,00,00,00,00,"
		"\r\n",
		NULL,
	};
	static const char *const pycan[] = {
		"timestamp,arbitration_id,extended,remote,error,dlc,data\n",
		"1700000000.264619,0x1873,1,0,0,1,AA==\n",
		NULL,
	};

	CHECK(read_lines(gvret) == CANLOG_FRAME &&
	      reader.format == CANLOG_GVRET);
	CHECK(f.ts_ns == 1700000000123456000ull && !strcmp(f.iface, "bus0") &&
	      f.can_id == (0x1871 | CAN_EFF_FLAG) && f.len == 8 &&
	      f.data[2] == 1 && f.dir == PCAPNG_DIR_OUTBOUND);
	CHECK(more("5,351,false,Rx,1,4,14,02,C0,12,") == CANLOG_FRAME &&
	      f.ts_ns == 5000 && f.can_id == 0x351 && f.len == 4 &&
	      !strcmp(f.iface, "bus1"));
	CHECK(more("5,351,false,Rx,1,4,14,02,C0") == CANLOG_ERROR &&
	      err_has("LEN 4 but 3 data bytes"));
	CHECK(more("5,351,false,Rx,1,2,14,02,C0") == CANLOG_ERROR &&
	      err_has("more data bytes than LEN 2"));
	CHECK(more("5,951,false,Rx,1,0") == CANLOG_ERROR &&
	      err_has("above 7FF"));
	CHECK(more("5,351") == CANLOG_ERROR && err_has("cut short"));

	/* Columns after LEN: a line that ends before them is cut short, never
	 * a look at fields it does not have (fuzz_canlog on Debian 13). */
	static const char *const late_ext[] = {
		"Time Stamp,ID,LEN,Extended,D1\n",
		"5,351,0\n",
		NULL,
	};
	CHECK(read_lines(late_ext) == CANLOG_ERROR &&
	      err_has("3 fields, fewer than the header's"));
	CHECK(more("5,351,1,false,AA") == CANLOG_FRAME && f.len == 1 &&
	      f.data[0] == 0xAA && f.can_id == 0x351);

	CHECK(read_lines(pycan) == CANLOG_FRAME &&
	      reader.format == CANLOG_PYCAN_CSV);
	CHECK(f.ts_ns == 1700000000264619000ull && f.len == 1 &&
	      f.data[0] == 0 && f.can_id == (0x1873 | CAN_EFF_FLAG));
	CHECK(more("1.5,0x351,0,0,0,4,FALAEg==") == CANLOG_FRAME &&
	      f.can_id == 0x351 && f.data[0] == 0x14 && f.data[3] == 0x12);
	CHECK(more("1.5,0x123,0,1,0,3,") == CANLOG_FRAME &&
	      f.can_id == (0x123 | CAN_RTR_FLAG) && f.len == 3);
	CHECK(more("1.5,0x351,0,0,0,4,FALA") == CANLOG_ERROR &&
	      err_has("dlc 4 but 3 data bytes"));
	CHECK(more("1.5,0x351,0,0,0,4,FAL!Eg==") == CANLOG_ERROR &&
	      err_has("not base64"));
	CHECK(more("1.5,0x351,0,0,0") == CANLOG_ERROR && err_has("5 fields"));
}

static void test_detection(void)
{
	static const char *const unknown[] = { "\n", "hello world", NULL };
	static const char *const candump[] = { "\n", "(1.0) can0 123#11",
					       NULL };

	CHECK(read_lines(unknown) == CANLOG_ERROR && err_has("not a CAN log") &&
	      reader.format == CANLOG_UNKNOWN);
	/* the next line may still tell */
	CHECK(more("(1.0) rx1 123 [1] 11") == CANLOG_FRAME &&
	      reader.format == CANLOG_CANDUMP);
	CHECK(read_lines(candump) == CANLOG_FRAME &&
	      reader.format == CANLOG_CANDUMP);
	/* an ASC fragment without its header */
	CHECK(canlog_read_line(&reader, "x", &f, err, sizeof(err)) ==
	      CANLOG_ERROR);
	canlog_reader_init(&reader);
	CHECK(more("   0.001 1  123 Rx d 1 22") == CANLOG_FRAME &&
	      reader.format == CANLOG_ASC && f.ts_ns == 1000000);
	canlog_reader_init(&reader);
	CHECK(more("     1)      1841  0001  0") == CANLOG_FRAME &&
	      reader.format == CANLOG_TRC);
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
	test_asc();
	test_trc();
	test_csv();
	test_detection();
	test_record();
	test_writer_disk_full();
	return check_report("test_canlog");
}
