/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef FOXCAP_CAPTURE_H
#define FOXCAP_CAPTURE_H

#include "options.h"

/* Exit codes, also documented in foxcap(1). */
#define FOXCAP_EXIT_OK	  0
#define FOXCAP_EXIT_FAULT 1 /* capture or output failed; file kept */
#define FOXCAP_EXIT_USAGE 2

/* Run a capture until a stop condition, a signal or a fault. */
int foxcap_capture(const struct foxcap_options *o);

#endif /* FOXCAP_CAPTURE_H */
