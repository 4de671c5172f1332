/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef FOXESS_PLUGIN_H
#define FOXESS_PLUGIN_H

void proto_register_foxess(void);
void proto_reg_handoff_foxess(void);
void proto_register_pylontech(void);
void proto_reg_handoff_pylontech(void);

#endif /* FOXESS_PLUGIN_H */
