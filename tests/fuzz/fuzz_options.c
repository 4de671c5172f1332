// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for foxcap's command line (capture/options.c): the
 * input is split at NUL bytes into an argument vector, and the first
 * argument is also given to the --ids parser on its own.  A successful
 * parse must leave a usable configuration.
 */
#include <string.h>

#include "fuzz.h"
#include "options.h"

#define MAX_ARGS  24
#define MAX_INPUT 1024

static void check_filters(const struct can_filter *filters, int n)
{
	FUZZ_CHECK(n >= -1 && n <= FOXCAP_MAX_FILTERS);
	for (int i = 0; i < n; i++)
		FUZZ_CHECK((filters[i].can_mask & CAN_EFF_FLAG) != 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
	char buf[MAX_INPUT + 1];
	char *argv[MAX_ARGS + 2];
	char err[64];
	struct foxcap_options o;
	struct can_filter filters[FOXCAP_MAX_FILTERS];
	int argc = 1, n;

	if (size > MAX_INPUT)
		return 0;
	memcpy(buf, in, size);
	buf[size] = '\0';
	argv[0] = "foxcap";
	for (char *p = buf; p <= buf + size && argc <= MAX_ARGS;
	     p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;

	memset(err, 0, sizeof(err));
	n = foxcap_parse_ids(argv[1], filters, FOXCAP_MAX_FILTERS, err,
			     sizeof(err));
	check_filters(filters, n);
	if (n < 0)
		FUZZ_CHECK(err[0] != '\0');

	memset(&o, 0, sizeof(o));
	memset(err, 0, sizeof(err));
	switch (foxcap_parse_options(argc, argv, &o, err, sizeof(err))) {
	case FOXCAP_PARSE_OK:
		FUZZ_CHECK(o.n_ifaces >= 1 && o.n_ifaces <= FOXCAP_MAX_IFACES);
		FUZZ_CHECK(o.out != NULL);
		check_filters(o.filters, (int)o.n_filters);
		break;
	case FOXCAP_PARSE_ERROR:
		FUZZ_CHECK(err[0] != '\0');
		FUZZ_CHECK(memchr(err, '\0', sizeof(err)) != NULL);
		break;
	case FOXCAP_PARSE_HELP:
	case FOXCAP_PARSE_VERSION:
		break;
	}
	return 0;
}
