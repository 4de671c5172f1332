/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The FoxESS statistics: -z foxess,summary and the foxess stats tree. */
#ifndef FOXESS_STATS_H
#define FOXESS_STATS_H

/* Called from plugin_register(): registers the tap listeners' plugin. */
void foxess_stats_register_plugin(void);

#endif /* FOXESS_STATS_H */
