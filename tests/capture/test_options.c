// SPDX-License-Identifier: GPL-2.0-or-later
/* Option parsing and --ids filters of foxcap. */
#include "check.h"
#include "filter.h"
#include "options.h"

#include <string.h>

static struct foxcap_options o;
static char err[256];

/* Parse a NULL-terminated list of arguments after "foxcap". */
#define PARSE(...)                                                             \
	({                                                                     \
		char *argv_[] = { "foxcap", __VA_ARGS__, NULL };               \
		err[0] = '\0';                                                 \
		foxcap_parse_options(sizeof(argv_) / sizeof(argv_[0]) - 1,     \
				     argv_, &o, err, sizeof(err));             \
	})

static bool err_has(const char *text)
{
	return strstr(err, text) != NULL;
}

static void test_basics(void)
{
	CHECK(PARSE("-i", "can0", "-w", "x.pcapng") == FOXCAP_PARSE_OK);
	CHECK(o.n_ifaces == 1 && !strcmp(o.ifaces[0], "can0"));
	CHECK(!strcmp(o.out, "x.pcapng"));
	CHECK(o.flush_ms == 1000 && o.buffer_mib == 16);
	CHECK(o.n_filters == 0 && !o.no_errors && !o.live && !o.quiet);

	CHECK(PARSE("-i", "can0", "-i", "can1", "-w", "x", "-c", "500",
		    "--comment", "site 7, ticket 42", "--live",
		    "--flush-interval", "250", "-B", "64") == FOXCAP_PARSE_OK);
	CHECK(o.n_ifaces == 2 && !strcmp(o.ifaces[1], "can1"));
	CHECK(o.stop_count == 500);
	CHECK(!strcmp(o.comment, "site 7, ticket 42"));
	CHECK(o.live && o.flush_ms == 250 && o.buffer_mib == 64);

	CHECK(PARSE("-i", "can0", "-w", "x", "-b", "filesize:1000", "-b",
		    "duration:60", "-b", "files:5", "-a", "duration:3600", "-a",
		    "files:10", "-a", "filesize:9") == FOXCAP_PARSE_OK);
	CHECK(o.ring_filesize_kb == 1000 && o.ring_duration_s == 60 &&
	      o.ring_files == 5);
	CHECK(o.stop_duration_s == 3600 && o.stop_files == 10 &&
	      o.stop_filesize_kb == 9);

	CHECK(PARSE("--interface=can0", "--write=y", "--ring-buffer",
		    "duration:1", "--no-errors", "-q") == FOXCAP_PARSE_OK);
	CHECK(o.no_errors && o.quiet && o.ring_duration_s == 1);

	CHECK(PARSE("--help") == FOXCAP_PARSE_HELP);
	CHECK(PARSE("-V") == FOXCAP_PARSE_VERSION);
	/* a second parse starts from scratch */
	CHECK(PARSE("-i", "can0", "-w", "x") == FOXCAP_PARSE_OK);
	CHECK(!o.no_errors && o.ring_duration_s == 0);
}

static void test_errors(void)
{
	CHECK(PARSE("-w", "x") == FOXCAP_PARSE_ERROR && err_has("-i IFACE"));
	CHECK(PARSE("-i", "can0") == FOXCAP_PARSE_ERROR && err_has("-w FILE"));
	CHECK(PARSE("-i", "can0", "-w") == FOXCAP_PARSE_ERROR &&
	      err_has("-w needs a value"));
	CHECK(PARSE("-i", "can0", "-w", "x", "--bogus") == FOXCAP_PARSE_ERROR &&
	      err_has("unknown option --bogus"));
	CHECK(PARSE("-i", "can0", "-w", "x", "-z") == FOXCAP_PARSE_ERROR &&
	      err_has("unknown option -z"));
	CHECK(PARSE("-i", "can0", "-w", "x", "extra") == FOXCAP_PARSE_ERROR &&
	      err_has("unexpected argument 'extra'"));
	CHECK(PARSE("-i", "can0", "-i", "can0", "-w", "x") ==
		      FOXCAP_PARSE_ERROR &&
	      err_has("twice"));
	CHECK(PARSE("-i", "a_name_longer_than_ifnamsiz", "-w", "x") ==
		      FOXCAP_PARSE_ERROR &&
	      err_has("not a valid interface name"));
	CHECK(PARSE("-i", "can0", "-w", "x", "-c", "0") == FOXCAP_PARSE_ERROR &&
	      err_has("-c 0"));
	CHECK(PARSE("-i", "can0", "-w", "x", "-c", "12k") ==
	      FOXCAP_PARSE_ERROR);
	CHECK(PARSE("-i", "can0", "-w", "x", "-c", "-5") == FOXCAP_PARSE_ERROR);
	CHECK(PARSE("-i", "can0", "-w", "x", "-b", "filesize:") ==
		      FOXCAP_PARSE_ERROR &&
	      err_has("positive integer"));
	CHECK(PARSE("-i", "can0", "-w", "x", "-b", "size:10") ==
		      FOXCAP_PARSE_ERROR &&
	      err_has("unknown condition"));
	CHECK(PARSE("-i", "can0", "-w", "x", "-b", "files:3") ==
		      FOXCAP_PARSE_ERROR &&
	      err_has("needs -b filesize"));
	CHECK(PARSE("-i", "can0", "-w", "x", "-a", "files:3") ==
	      FOXCAP_PARSE_ERROR);
	CHECK(PARSE("-i", "can0", "-w", "x", "-a", "duration:99999999999") ==
	      FOXCAP_PARSE_ERROR);
	CHECK(PARSE("-i", "can0", "-w", "x", "--flush-interval", "1s") ==
		      FOXCAP_PARSE_ERROR &&
	      err_has("milliseconds"));
	CHECK(PARSE("-i", "can0", "-w", "x", "-B", "0") == FOXCAP_PARSE_ERROR);
	CHECK(PARSE("-i", "can0", "-w", "x", "--live", "-q") ==
	      FOXCAP_PARSE_ERROR);
	CHECK(PARSE("-i", "can0", "-w", "x", "--ids", "12G") ==
		      FOXCAP_PARSE_ERROR &&
	      err_has("'12G'"));
	CHECK(PARSE("-i", "can0", "-w", "", "-c", "1") == FOXCAP_PARSE_ERROR);
	for (int i = 0; i < 9; i++) {
		char *argv[32] = { "foxcap" };
		char names[9][8];
		int argc = 1;

		for (int k = 0; k <= i; k++) {
			snprintf(names[k], sizeof(names[k]), "can%d", k);
			argv[argc++] = "-i";
			argv[argc++] = names[k];
		}
		argv[argc++] = "-w";
		argv[argc++] = "x";
		CHECK(foxcap_parse_options(argc, argv, &o, err, sizeof(err)) ==
		      (i < FOXCAP_MAX_IFACES ? FOXCAP_PARSE_OK :
					       FOXCAP_PARSE_ERROR));
	}
}

static bool passes(const struct can_filter *f, int n, bool no_errors,
		   uint32_t id)
{
	return foxcap_filter_match(f, (unsigned)n, no_errors, id);
}

static void test_ids(void)
{
	struct can_filter f[FOXCAP_MAX_FILTERS];
	int n;

	CHECK(foxcap_parse_ids("all", f, FOXCAP_MAX_FILTERS, err,
			       sizeof(err)) == 0);

	n = foxcap_parse_ids("foxess", f, FOXCAP_MAX_FILTERS, err, sizeof(err));
	CHECK(n == 2);
	CHECK(passes(f, n, false, 0x1871 | CAN_EFF_FLAG));
	CHECK(passes(f, n, false, 0x1879 | CAN_EFF_FLAG));
	CHECK(passes(f, n, false, 0x1919 | CAN_EFF_FLAG));
	CHECK(passes(f, n, false, 0x0C05 | CAN_EFF_FLAG));
	CHECK(passes(f, n, false, 0x0D59 | CAN_EFF_FLAG));
	CHECK(!passes(f, n, false, 0x351));
	CHECK(!passes(f, n, false, 0x4210 | CAN_EFF_FLAG));
	CHECK(!passes(f, n, false, 0x0E00 | CAN_EFF_FLAG));
	/* error frames are governed by --no-errors only */
	CHECK(passes(f, n, false, CAN_ERR_FLAG | 0x80));
	CHECK(!passes(f, n, true, CAN_ERR_FLAG | 0x80));

	n = foxcap_parse_ids("123,00000456,1871", f, FOXCAP_MAX_FILTERS, err,
			     sizeof(err));
	CHECK(n == 3);
	CHECK(passes(f, n, false, 0x123));
	CHECK(passes(f, n, false, 0x123 | CAN_RTR_FLAG));
	CHECK(!passes(f, n, false, 0x123 | CAN_EFF_FLAG));
	CHECK(passes(f, n, false, 0x456 | CAN_EFF_FLAG));
	CHECK(!passes(f, n, false, 0x456));
	CHECK(passes(f, n, false, 0x1871 | CAN_EFF_FLAG));
	CHECK(!passes(f, n, false, 0x1872 | CAN_EFF_FLAG));

	n = foxcap_parse_ids("0x1872-0x1879", f, FOXCAP_MAX_FILTERS, err,
			     sizeof(err));
	CHECK(n == 3); /* aligned blocks 1872-1873, 1874-1877, 1878-1879 */
	for (uint32_t id = 0x1860; id < 0x1890; id++)
		CHECK(passes(f, n, false, id | CAN_EFF_FLAG) ==
		      (id >= 0x1872 && id <= 0x1879));

	n = foxcap_parse_ids("300-3FF,0", f, FOXCAP_MAX_FILTERS, err,
			     sizeof(err));
	CHECK(n == 2);
	CHECK(passes(f, n, false, 0x351) && passes(f, n, false, 0));
	CHECK(!passes(f, n, false, 0x351 | CAN_EFF_FLAG));

	n = foxcap_parse_ids("700:700", f, FOXCAP_MAX_FILTERS, err,
			     sizeof(err));
	CHECK(n == 1);
	CHECK(passes(f, n, false, 0x7AB) && !passes(f, n, false, 0x6AB));

	n = foxcap_parse_ids("foxess,351", f, FOXCAP_MAX_FILTERS, err,
			     sizeof(err));
	CHECK(n == 3 && passes(f, n, false, 0x351));

	CHECK(foxcap_parse_ids("", f, FOXCAP_MAX_FILTERS, err, sizeof(err)) <
	      0);
	CHECK(foxcap_parse_ids("123,", f, FOXCAP_MAX_FILTERS, err,
			       sizeof(err)) < 0 &&
	      err_has("trailing comma"));
	CHECK(foxcap_parse_ids("20000000", f, FOXCAP_MAX_FILTERS, err,
			       sizeof(err)) < 0);
	CHECK(foxcap_parse_ids("5-3", f, FOXCAP_MAX_FILTERS, err, sizeof(err)) <
	      0);
	CHECK(foxcap_parse_ids("1-1FFFFFFE", f, FOXCAP_MAX_FILTERS, err,
			       sizeof(err)) == 56);
	{
		char many[FOXCAP_MAX_FILTERS * 4 + 8] = "";

		for (int i = 0; i <= FOXCAP_MAX_FILTERS; i++)
			snprintf(many + strlen(many),
				 sizeof(many) - strlen(many), "%s%X",
				 i ? "," : "", 0x100 + i);
		CHECK(foxcap_parse_ids(many, f, FOXCAP_MAX_FILTERS, err,
				       sizeof(err)) < 0 &&
		      err_has("too many"));
	}
}

int main(void)
{
	test_basics();
	test_errors();
	test_ids();
	return check_report("test_options");
}
