// SPDX-License-Identifier: GPL-2.0-or-later
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char foxcap_usage[] =
	"usage: foxcap -i IFACE [-i IFACE...] -w FILE [options]\n"
	"       foxcap convert [--live] IN.log [OUT.pcapng]\n"
	"         IN.log: candump, Battery-Emulator, Vector ASC, PEAK TRC,\n"
	"         SavvyCAN GVRET or python-can CSV (told by the content)\n"
	"\n"
	"  -i IFACE             SocketCAN interface (repeatable, up to 8)\n"
	"  -w FILE              pcapng output file\n"
	"  -b filesize:KB       ring buffer: next file after KB kilobytes\n"
	"  -b duration:SEC      ring buffer: next file after SEC seconds\n"
	"  -b files:N           ring buffer: keep the newest N files\n"
	"  -a duration:SEC      stop after SEC seconds\n"
	"  -a filesize:KB       stop when the file reaches KB kilobytes\n"
	"  -a files:N           stop after N files\n"
	"  -c COUNT             stop after COUNT frames\n"
	"  --ids all|foxess|LIST  kernel-side ID filter; LIST is hex IDs,\n"
	"                       LO-HI ranges and ID:MASK, comma-separated\n"
	"  --no-errors          drop CAN error frames (kept by default)\n"
	"  --flush-interval MS  longest time data waits in memory (1000)\n"
	"  -B, --buffer-size MiB  kernel capture buffer per interface (16)\n"
	"  --comment TEXT       stored in the file (site, installer, ticket)\n"
	"  --live               a status line per FoxESS poll cycle and the\n"
	"                       link diagnoses (BMS Lost, charge inhibit ...)\n"
	"  -q                   quiet: no live output, no start line\n"
	"  -h, --help           this text;  -V, --version\n"
	"\n"
	"SIGINT/SIGTERM stop cleanly, SIGHUP starts the next file.\n";

enum long_only {
	OPT_IDS = 256,
	OPT_NO_ERRORS,
	OPT_FLUSH,
	OPT_COMMENT,
	OPT_LIVE,
};

static const struct option long_options[] = {
	{ "interface", required_argument, NULL, 'i' },
	{ "write", required_argument, NULL, 'w' },
	{ "ring-buffer", required_argument, NULL, 'b' },
	{ "autostop", required_argument, NULL, 'a' },
	{ "count", required_argument, NULL, 'c' },
	{ "buffer-size", required_argument, NULL, 'B' },
	{ "ids", required_argument, NULL, OPT_IDS },
	{ "no-errors", no_argument, NULL, OPT_NO_ERRORS },
	{ "flush-interval", required_argument, NULL, OPT_FLUSH },
	{ "comment", required_argument, NULL, OPT_COMMENT },
	{ "live", no_argument, NULL, OPT_LIVE },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void fail(char *err, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, size, fmt, ap);
	va_end(ap);
}

/* A decimal number in [min, max]; the whole string must be the number. */
static bool parse_uint(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || *s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static bool parse_hex(const char *s, size_t n, uint32_t *out, size_t *digits)
{
	uint64_t v = 0;
	size_t i = 0;

	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		n -= 2;
	}
	if (n == 0 || n > 8)
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];
		unsigned d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return false;
		v = v << 4 | d;
	}
	if (v > CAN_EFF_MASK)
		return false;
	*out = (uint32_t)v;
	*digits = n;
	return true;
}

/*
 * candump's rule: more than three hex digits, or a value above 11 bits,
 * means a 29-bit identifier.  The EFF flag is always part of the mask so
 * an 11-bit rule never matches a 29-bit frame with the same number.
 */
static bool is_extended(uint32_t id, size_t digits)
{
	return digits > 3 || id > CAN_SFF_MASK;
}

static int add_filter(struct can_filter *f, unsigned *n, unsigned max,
		      uint32_t id, uint32_t mask)
{
	if (*n >= max)
		return -1;
	f[*n].can_id = id;
	f[*n].can_mask = mask;
	(*n)++;
	return 0;
}

/* Cover [lo, hi] with aligned power-of-two blocks, one filter each. */
static int add_range(struct can_filter *f, unsigned *n, unsigned max,
		     uint32_t lo, uint32_t hi, bool ext)
{
	uint32_t id_mask = ext ? CAN_EFF_MASK : CAN_SFF_MASK;
	uint32_t flag = ext ? CAN_EFF_FLAG : 0;
	uint64_t at = lo;

	while (at <= hi) {
		uint64_t size = 1;

		while ((at & (size * 2 - 1)) == 0 && at + size * 2 - 1 <= hi)
			size *= 2;
		if (add_filter(f, n, max, (uint32_t)at | flag,
			       (id_mask & ~(uint32_t)(size - 1)) |
				       CAN_EFF_FLAG))
			return -1;
		at += size;
	}
	return 0;
}

int foxcap_parse_ids(const char *spec, struct can_filter *filters, unsigned max,
		     char *err, size_t err_size)
{
	unsigned n = 0;
	const char *item = spec;

	if (!strcmp(spec, "all"))
		return 0;
	while (*item) {
		size_t len = strcspn(item, ",");
		const char *sep = memchr(item, '-', len);
		const char *colon = memchr(item, ':', len);
		uint32_t a, b;
		size_t da, db;
		int ret;

		if (len == 6 && !strncmp(item, "foxess", 6)) {
			/*
			 * Every FoxESS identifier is a 29-bit one in
			 * 0x0C00-0x0DFF (pack, cell and temperature frames)
			 * or 0x1800-0x19FF (poll, replies, serials, EP).
			 */
			ret = add_filter(filters, &n, max,
					 0x0C00 | CAN_EFF_FLAG,
					 0x1FFFFE00 | CAN_EFF_FLAG);
			if (!ret)
				ret = add_filter(filters, &n, max,
						 0x1800 | CAN_EFF_FLAG,
						 0x1FFFFE00 | CAN_EFF_FLAG);
		} else if (sep && !colon &&
			   parse_hex(item, (size_t)(sep - item), &a, &da) &&
			   parse_hex(sep + 1, len - (size_t)(sep - item) - 1,
				     &b, &db) &&
			   a <= b) {
			bool ext = is_extended(b, db > da ? db : da);

			ret = add_range(filters, &n, max, a, b, ext);
		} else if (colon && !sep &&
			   parse_hex(item, (size_t)(colon - item), &a, &da) &&
			   parse_hex(colon + 1,
				     len - (size_t)(colon - item) - 1, &b,
				     &db)) {
			uint32_t flag = is_extended(a, da) ? CAN_EFF_FLAG : 0;

			ret = add_filter(filters, &n, max, a | flag,
					 b | CAN_EFF_FLAG);
		} else if (!sep && !colon && parse_hex(item, len, &a, &da)) {
			bool ext = is_extended(a, da);

			ret = add_filter(filters, &n, max,
					 a | (ext ? CAN_EFF_FLAG : 0),
					 (ext ? CAN_EFF_MASK : CAN_SFF_MASK) |
						 CAN_EFF_FLAG);
		} else {
			fail(err, err_size,
			     "--ids: cannot parse '%.*s' (want all, foxess, or hex ID, LO-HI, ID:MASK)",
			     (int)len, item);
			return -1;
		}
		if (ret) {
			fail(err, err_size,
			     "--ids: too many filters (at most %u after splitting ranges)",
			     max);
			return -1;
		}
		item += len;
		if (*item == ',') {
			item++;
			if (!*item) {
				fail(err, err_size, "--ids: trailing comma");
				return -1;
			}
		}
	}
	if (n == 0) {
		fail(err, err_size, "--ids: empty list");
		return -1;
	}
	return (int)n;
}

/* "key:value" for -a and -b. */
static bool split_key(const char *arg, const char *key, const char **value)
{
	size_t n = strlen(key);

	if (strncmp(arg, key, n) || arg[n] != ':')
		return false;
	*value = arg + n + 1;
	return true;
}

static bool parse_condition(char opt, const char *arg, struct foxcap_options *o,
			    char *err, size_t err_size)
{
	const char *value;
	uint64_t v;
	bool ring = opt == 'b';

	if (split_key(arg, "filesize", &value)) {
		if (!parse_uint(value, 1, UINT64_MAX / 1000, &v))
			goto bad_number;
		if (ring)
			o->ring_filesize_kb = v;
		else
			o->stop_filesize_kb = v;
	} else if (split_key(arg, "duration", &value)) {
		if (!parse_uint(value, 1, 100u * 365 * 86400, &v))
			goto bad_number;
		if (ring)
			o->ring_duration_s = (unsigned)v;
		else
			o->stop_duration_s = (unsigned)v;
	} else if (split_key(arg, "files", &value)) {
		if (!parse_uint(value, 1, 100000, &v))
			goto bad_number;
		if (ring)
			o->ring_files = (unsigned)v;
		else
			o->stop_files = (unsigned)v;
	} else {
		fail(err, err_size,
		     "-%c %s: unknown condition (want filesize:KB, duration:SEC or files:N)",
		     opt, arg);
		return false;
	}
	return true;
bad_number:
	fail(err, err_size, "-%c %s: the value must be a positive integer", opt,
	     arg);
	return false;
}

enum foxcap_parse_result foxcap_parse_options(int argc, char **argv,
					      struct foxcap_options *o,
					      char *err, size_t err_size)
{
	uint64_t v;
	int c;

	memset(o, 0, sizeof(*o));
	o->flush_ms = 1000;
	o->buffer_mib = 16;
	optind = 0; /* glibc: full reinitialisation, for repeated calls */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":i:w:b:a:c:B:qhV", long_options,
				NULL)) != -1) {
		switch (c) {
		case 'i':
			if (o->n_ifaces == FOXCAP_MAX_IFACES) {
				fail(err, err_size, "-i: at most %d interfaces",
				     FOXCAP_MAX_IFACES);
				return FOXCAP_PARSE_ERROR;
			}
			if (!*optarg || strlen(optarg) >= 16) {
				fail(err, err_size,
				     "-i '%s': not a valid interface name",
				     optarg);
				return FOXCAP_PARSE_ERROR;
			}
			for (unsigned i = 0; i < o->n_ifaces; i++) {
				if (!strcmp(o->ifaces[i], optarg)) {
					fail(err, err_size, "-i %s given twice",
					     optarg);
					return FOXCAP_PARSE_ERROR;
				}
			}
			o->ifaces[o->n_ifaces++] = optarg;
			break;
		case 'w':
			if (!*optarg) {
				fail(err, err_size, "-w: empty file name");
				return FOXCAP_PARSE_ERROR;
			}
			o->out = optarg;
			break;
		case 'b':
		case 'a':
			if (!parse_condition((char)c, optarg, o, err, err_size))
				return FOXCAP_PARSE_ERROR;
			break;
		case 'c':
			if (!parse_uint(optarg, 1, UINT64_MAX, &v)) {
				fail(err, err_size,
				     "-c %s: the count must be a positive integer",
				     optarg);
				return FOXCAP_PARSE_ERROR;
			}
			o->stop_count = v;
			break;
		case 'B':
			if (!parse_uint(optarg, 1, 4096, &v)) {
				fail(err, err_size,
				     "-B %s: the buffer size must be 1-4096 MiB",
				     optarg);
				return FOXCAP_PARSE_ERROR;
			}
			o->buffer_mib = (unsigned)v;
			break;
		case OPT_IDS: {
			int n = foxcap_parse_ids(optarg, o->filters,
						 FOXCAP_MAX_FILTERS, err,
						 err_size);

			if (n < 0)
				return FOXCAP_PARSE_ERROR;
			o->n_filters = (unsigned)n;
			break;
		}
		case OPT_NO_ERRORS:
			o->no_errors = true;
			break;
		case OPT_FLUSH:
			if (!parse_uint(optarg, 0, 3600000, &v)) {
				fail(err, err_size,
				     "--flush-interval %s: want 0-3600000 milliseconds",
				     optarg);
				return FOXCAP_PARSE_ERROR;
			}
			o->flush_ms = (unsigned)v;
			break;
		case OPT_COMMENT:
			o->comment = optarg;
			break;
		case OPT_LIVE:
			o->live = true;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'h':
			return FOXCAP_PARSE_HELP;
		case 'V':
			return FOXCAP_PARSE_VERSION;
		case ':':
			fail(err, err_size, "option %s needs a value",
			     argv[optind - 1]);
			return FOXCAP_PARSE_ERROR;
		default:
			fail(err, err_size, "unknown option %s",
			     argv[optind - 1]);
			return FOXCAP_PARSE_ERROR;
		}
	}
	if (optind < argc) {
		fail(err, err_size, "unexpected argument '%s'", argv[optind]);
		return FOXCAP_PARSE_ERROR;
	}
	if (o->n_ifaces == 0) {
		fail(err, err_size,
		     "no interface: give -i IFACE (e.g. -i can0)");
		return FOXCAP_PARSE_ERROR;
	}
	if (!o->out) {
		fail(err, err_size, "no output file: give -w FILE.pcapng");
		return FOXCAP_PARSE_ERROR;
	}
	if (o->ring_files && !o->ring_filesize_kb && !o->ring_duration_s) {
		fail(err, err_size,
		     "-b files:N needs -b filesize:KB or -b duration:SEC");
		return FOXCAP_PARSE_ERROR;
	}
	if (o->stop_files && !o->ring_filesize_kb && !o->ring_duration_s) {
		fail(err, err_size,
		     "-a files:N needs -b filesize:KB or -b duration:SEC");
		return FOXCAP_PARSE_ERROR;
	}
	if (o->live && o->quiet) {
		fail(err, err_size, "--live and -q contradict each other");
		return FOXCAP_PARSE_ERROR;
	}
	return FOXCAP_PARSE_OK;
}
