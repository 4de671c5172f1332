// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * foxcap: SocketCAN capture to pcapng for an unattended CAN logger, and
 * a converter from text CAN logs to pcapng.
 */
#include "capture.h"
#include "convert.h"
#include "options.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	struct foxcap_options o;
	char err[256];

	if (argc >= 2 && !strcmp(argv[1], "convert")) {
		if (argc != 4) {
			fprintf(stderr,
				"foxcap convert: usage: foxcap convert IN.log OUT.pcapng\n");
			return FOXCAP_EXIT_USAGE;
		}
		return foxcap_convert(argv[2], argv[3]);
	}
	switch (foxcap_parse_options(argc, argv, &o, err, sizeof(err))) {
	case FOXCAP_PARSE_HELP:
		fputs(foxcap_usage, stdout);
		return FOXCAP_EXIT_OK;
	case FOXCAP_PARSE_VERSION:
		printf("foxcap %s\n", FOXCAP_VERSION);
		return FOXCAP_EXIT_OK;
	case FOXCAP_PARSE_ERROR:
		fprintf(stderr, "foxcap: %s (see foxcap --help)\n", err);
		return FOXCAP_EXIT_USAGE;
	case FOXCAP_PARSE_OK:
		break;
	}
	return foxcap_capture(&o);
}
