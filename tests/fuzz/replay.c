// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Replays fuzz inputs (files, or every file in a directory) through a fuzz
 * target without libFuzzer, so the seeds and the saved findings run in
 * every build, with any compiler.  Prints how many inputs it ran.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

#define REPLAY_MAX_BYTES (1 << 20)

static int replay_file(const char *path, unsigned *count)
{
	static uint8_t buf[REPLAY_MAX_BYTES];
	FILE *f = fopen(path, "rb");
	size_t n;
	uint8_t *exact;

	if (!f) {
		perror(path);
		return -1;
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	/* An allocation of exactly n bytes, as libFuzzer passes it. */
	exact = malloc(n ? n : 1);
	if (!exact)
		return -1;
	memcpy(exact, buf, n);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	(*count)++;
	return 0;
}

static int replay_path(const char *path, unsigned *count)
{
	struct dirent **names;
	struct stat st;
	int n, rc = 0;

	if (stat(path, &st)) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path, count);
	n = scandir(path, &names, NULL, alphasort);
	if (n < 0) {
		perror(path);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char sub[4096];

		if (names[i]->d_name[0] != '.') {
			snprintf(sub, sizeof(sub), "%s/%s", path,
				 names[i]->d_name);
			if (replay_path(sub, count))
				rc = -1;
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	unsigned count = 0;
	int rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++)
		if (replay_path(argv[i], &count))
			rc = 1;
	printf("%s: replayed %u inputs\n", argv[0], count);
	if (!count) {
		fprintf(stderr, "no inputs found\n");
		return 1;
	}
	return rc;
}
