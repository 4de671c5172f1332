/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef FOXCAP_CONVERT_H
#define FOXCAP_CONVERT_H

/* foxcap convert IN OUT: text CAN log to pcapng.  Returns an exit code. */
int foxcap_convert(const char *in_path, const char *out_path);

#endif /* FOXCAP_CONVERT_H */
