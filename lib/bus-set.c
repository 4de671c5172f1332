// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Several buses in one capture (pcapng interfaces, candump channels): one
 * bus engine each, found by the caller's key.  A capture rarely holds
 * more than a handful, so a short array searched from the last bus used
 * is all it takes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "foxess/engine.h"

struct fox_buses {
	struct fox_lm_config cfg;
	struct fox_bus **bus;
	unsigned n, size;
	unsigned last; /* index of the last bus found */
};

struct fox_buses *fox_buses_new(const struct fox_lm_config *cfg)
{
	struct fox_buses *b = calloc(1, sizeof(*b));

	if (b)
		b->cfg = *cfg;
	return b;
}

void fox_buses_free(struct fox_buses *b)
{
	if (!b)
		return;
	for (unsigned i = 0; i < b->n; i++) {
		fox_engine_free(b->bus[i]->engine);
		free(b->bus[i]);
	}
	free(b->bus);
	free(b);
}

/* Out of line: fox_buses_get() runs for every frame, this once per bus,
 * and inlined it made every lookup save and restore its registers. */
static __attribute__((noinline)) struct fox_bus *
bus_add(struct fox_buses *b, uint64_t key, const char *name)
{
	struct fox_bus *bus, **grown;

	if (b->n == b->size) {
		unsigned size = b->size ? 2 * b->size : 4;

		grown = realloc(b->bus, size * sizeof(*grown));
		if (!grown)
			return NULL;
		b->bus = grown;
		b->size = size;
	}
	bus = calloc(1, sizeof(*bus));
	if (!bus)
		return NULL;
	bus->engine = fox_engine_new(&b->cfg);
	if (!bus->engine) {
		free(bus);
		return NULL;
	}
	bus->key = key;
	bus->index = b->n;
	if (name && *name)
		snprintf(bus->name, sizeof(bus->name), "%s", name);
	else
		snprintf(bus->name, sizeof(bus->name), "bus %u", b->n);
	b->bus[b->n++] = bus;
	return bus;
}

struct fox_bus *fox_buses_get(struct fox_buses *b, uint64_t key,
			      const char *name)
{
	if (b->n && b->bus[b->last]->key == key)
		return b->bus[b->last];
	for (unsigned i = 0; i < b->n; i++) {
		if (b->bus[i]->key == key) {
			b->last = i;
			return b->bus[i];
		}
	}
	if (!bus_add(b, key, name))
		return NULL;
	b->last = b->n - 1;
	return b->bus[b->last];
}

unsigned fox_buses_count(const struct fox_buses *b)
{
	return b->n;
}

struct fox_bus *fox_buses_at(const struct fox_buses *b, unsigned i)
{
	return i < b->n ? b->bus[i] : NULL;
}

void fox_buses_finish(struct fox_buses *b)
{
	for (unsigned i = 0; i < b->n; i++)
		fox_engine_finish(b->bus[i]->engine);
}
