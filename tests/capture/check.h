/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Minimal assertions for the foxcap unit tests: report and count. */
#ifndef FOXCAP_TEST_CHECK_H
#define FOXCAP_TEST_CHECK_H

#include <stdio.h>

static int check_failures;
static int check_count;

#define CHECK(cond)                                                            \
	do {                                                                   \
		check_count++;                                                 \
		if (!(cond)) {                                                 \
			check_failures++;                                      \
			fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, \
				__LINE__, #cond);                              \
		}                                                              \
	} while (0)

static inline int check_report(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, check_count, check_failures);
	return check_failures ? 1 : 0;
}

#endif /* FOXCAP_TEST_CHECK_H */
