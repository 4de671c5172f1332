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
		bool live = argc >= 3 && !strcmp(argv[2], "--live");
		int n = argc - 2 - live;

		/* With --live the output file is optional: a replay. */
		if (n != 2 && !(live && n == 1)) {
			fprintf(stderr,
				"foxcap convert: usage: foxcap convert [--live] IN.log OUT.pcapng\n"
				"                       foxcap convert --live IN.log\n");
			return FOXCAP_EXIT_USAGE;
		}
		return foxcap_convert(argv[2 + live],
				      n == 2 ? argv[3 + live] : "/dev/null",
				      live);
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
