// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Plugin entry points.  4.0 loads a plugin through these exported symbols;
 * 4.2 and later read plugin_describe() as well.
 */
#include <epan/packet.h>
#include <epan/proto.h>
#include <ws_symbol_export.h>

#include "compat.h"
#include "foxess-plugin.h"
#include "foxess-stats.h"

#ifndef FOXESS_VERSION
#define FOXESS_VERSION "0.1.0"
#endif

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = FOXESS_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);

#if FOX_WS_PLUGIN_DESCRIBE
#include <wsutil/plugins.h>

WS_DLL_PUBLIC uint32_t plugin_describe(void);

uint32_t plugin_describe(void)
{
	return WS_PLUGIN_DESC_DISSECTOR;
}
#endif

void plugin_register(void)
{
	static proto_plugin foxess_plugin;
	static proto_plugin pylontech_plugin;

	foxess_plugin.register_protoinfo = proto_register_foxess;
	foxess_plugin.register_handoff = proto_reg_handoff_foxess;
	proto_register_plugin(&foxess_plugin);
	foxess_stats_register_plugin();
	pylontech_plugin.register_protoinfo = proto_register_pylontech;
	pylontech_plugin.register_handoff = proto_reg_handoff_pylontech;
	proto_register_plugin(&pylontech_plugin);
}
