/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Wireshark API differences this plugin meets between 4.0 (Debian 12)
 * and later releases, in one place.
 */
#ifndef FOXESS_COMPAT_H
#define FOXESS_COMPAT_H

#include <ws_version.h>

#if WIRESHARK_VERSION_MAJOR > 4 ||                                             \
	(WIRESHARK_VERSION_MAJOR == 4 && WIRESHARK_VERSION_MINOR >= 2)
#define FOX_WS_4_2	  1
#define fox_tvb_get_uint8 tvb_get_uint8
/* 4.2 turned can_info.fd into an enum: 0 classic, 1 FD, 2 XL. */
#define fox_can_is_fd(ci) ((ci)->fd != 0)
#else
#define FOX_WS_4_2	  0
#define fox_tvb_get_uint8 tvb_get_guint8
#define fox_can_is_fd(ci) ((ci)->fd)
#endif

#endif /* FOXESS_COMPAT_H */
