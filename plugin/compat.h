/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Wireshark API differences this plugin meets, in one place, so the
 * dissectors carry no version tests.  Built and tested (tools/compat.sh)
 * against 4.0 (Debian 12), 4.4 (Debian 13) and 4.6 (Debian sid); 4.2 is
 * not tested.
 *
 *   what                          4.0             4.4 / 4.6
 *   heuristic dissector returns   gboolean (int)  bool
 *   boolean preference storage    gboolean        bool
 *   "-z" statistic init callback  void            void / bool (4.6)
 *   can_info.fd                   gboolean        0 classic, 1 FD, 2 XL
 *   plugin_describe() export      absent          read by the loader
 *   epan_get_interface_name()     (epan, id)      (epan, id, section)
 *
 * Write heuristics as "static fox_heur_bool fn(...)" and boolean
 * preferences as "static fox_pref_bool var"; both are bool on 4.4 and later
 * and the 4.0 type there.  Write a "-z" init callback the 4.6 way,
 * "static bool fn(const char *arg, void *data)" returning whether it
 * started, and register FOX_STAT_TAP_INIT_CB(fn_cb, fn)'s fn_cb.
 */
#ifndef FOXESS_COMPAT_H
#define FOXESS_COMPAT_H

#include <stdbool.h>
#include <ws_version.h>
#include <epan/packet.h>

#define FOX_WS_AT_LEAST(major, minor)                                          \
	(WIRESHARK_VERSION_MAJOR > (major) ||                                  \
	 (WIRESHARK_VERSION_MAJOR == (major) &&                                \
	  WIRESHARK_VERSION_MINOR >= (minor)))

/* Whatever heur_dissector_t returns in this release (not evaluated). */
typedef __typeof__(((heur_dissector_t)0)(NULL, NULL, NULL, NULL)) fox_heur_bool;

#if FOX_WS_AT_LEAST(4, 4)
typedef bool fox_pref_bool;
#else
typedef gboolean fox_pref_bool;
#endif

#if FOX_WS_AT_LEAST(4, 6)
#define FOX_STAT_TAP_INIT_CB(cb, fn)                                           \
	static bool cb(const char *arg, void *data)                            \
	{                                                                      \
		return fn(arg, data);                                          \
	}
#else
/* 4.0 and 4.4 have no way to report the failure: fn printed it. */
#define FOX_STAT_TAP_INIT_CB(cb, fn)                                           \
	static void cb(const char *arg, void *data)                            \
	{                                                                      \
		(void)fn(arg, data);                                           \
	}
#endif

#if !FOX_WS_AT_LEAST(4, 2)
/* 4.0 names interfaces by ID alone (pcapng sections not told apart). */
#define epan_get_interface_name(epan, id, section)                             \
	epan_get_interface_name(epan, id)
#endif

#if FOX_WS_AT_LEAST(4, 2)
#define FOX_WS_PLUGIN_DESCRIBE 1
#define fox_can_is_fd(ci)      ((ci)->fd != 0)
#else
#define FOX_WS_PLUGIN_DESCRIBE 0
#define fox_can_is_fd(ci)      ((ci)->fd)
#endif

/* A stats tree's submenu separator: 4.0 splits its menu path at "/",
 * 4.4 and 4.6 at "//" (their stats_tree.h) and show a single "/". */
#if FOX_WS_AT_LEAST(4, 2)
#define FOX_STATS_TREE_SUBMENU "//"
#else
#define FOX_STATS_TREE_SUBMENU "/"
#endif

#endif /* FOXESS_COMPAT_H */
