/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef FOXCAP_CONVERT_H
#define FOXCAP_CONVERT_H

#include <stdbool.h>

/* foxcap convert [--live] IN OUT: text CAN log to pcapng; with live, the
 * frames also go through the --live printer as if captured now.  Returns
 * an exit code. */
int foxcap_convert(const char *in_path, const char *out_path, bool live);

#endif /* FOXCAP_CONVERT_H */
