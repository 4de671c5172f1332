// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The events of the bus engine: what each is called, how severe it is,
 * and the text that describes one.  The situations and the owner advice
 * come from protocol-notes section 6 (seed 000: BMS Lost; seed 001: the
 * five diagnostic layers); docs/diagnostics.md explains each event.
 */
#include <stdio.h>

#include "foxess/link-monitor.h"

#define SEQ FOX_LM_GRP_SEQUENCE
#define RSP FOX_LM_GRP_RESPONSE_CODE
#define PRO FOX_LM_GRP_PROTOCOL

/* One event per entry, laid out as a table. */
/* clang-format off */
const struct fox_lm_event_info fox_lm_events[FOX_LM_EV_COUNT] = {
	[FOX_LM_EV_POLL_ANSWERED] = { "poll.answered", "Answered",
		"Main poll answered", FOX_LM_SEV_NONE, SEQ },
	[FOX_LM_EV_POLL_UNANSWERED] = { "poll.unanswered", "Poll Unanswered",
		"Main poll not answered within the reply window",
		FOX_LM_SEV_WARN, SEQ },
	[FOX_LM_EV_LATE_REPLY] = { "reply.late", "Late Reply",
		"Reply after the reply window of its request",
		FOX_LM_SEV_NOTE, SEQ },
	[FOX_LM_EV_BMS_LOST] = { "bms_lost", "BMS Lost",
		"BMS Lost: consecutive main polls unanswered",
		FOX_LM_SEV_ERROR, SEQ },
	[FOX_LM_EV_NEVER_ANSWERED] = { "bms_never_answered", "BMS Never Answered",
		"BMS has not answered any main poll since the capture start",
		FOX_LM_SEV_ERROR, SEQ },
	[FOX_LM_EV_LINK_RESTORED] = { "link_restored", "Link Restored",
		"BMS link restored", FOX_LM_SEV_NOTE, SEQ },
	[FOX_LM_EV_BURST_INCOMPLETE] = { "burst.incomplete", "Reply Set Incomplete",
		"Main-poll reply set incomplete", FOX_LM_SEV_WARN, SEQ },
	[FOX_LM_EV_DUPLICATE_BURST] = { "burst.duplicate", "Two Responders",
		"Second reply to one poll: two responders / ID conflict",
		FOX_LM_SEV_WARN, SEQ },
	[FOX_LM_EV_ITEM_GAP] = { "burst.gap", "Burst Gap",
		"Gap in a cell-voltage or temperature burst",
		FOX_LM_SEV_WARN, SEQ },
	[FOX_LM_EV_PACK_DATA_MISSING] = { "startup.pack_data_missing", "No Pack Data",
		"No pack data after the link came up", FOX_LM_SEV_WARN, SEQ },
	[FOX_LM_EV_SERIAL_MISSING] = { "startup.serial_missing", "No Serial Request",
		"No serial-number request after the link came up",
		FOX_LM_SEV_WARN, SEQ },
	[FOX_LM_EV_CHARGE_INHIBIT_FULL] = { "charge_inhibit.full", "Charge Inhibit (Full)",
		"Charge inhibit set at (nearly) full SoC", FOX_LM_SEV_NOTE,
		RSP },
	[FOX_LM_EV_CHARGE_INHIBIT] = { "charge_inhibit", "Charge Inhibit",
		"Charge inhibit set well below full SoC", FOX_LM_SEV_WARN,
		RSP },
	[FOX_LM_EV_PACK_ERROR] = { "pack_error", "Pack Error",
		"Pack reports an error", FOX_LM_SEV_ERROR, RSP },
	[FOX_LM_EV_ERROR_BITS] = { "error_bits", "BMS Error",
		"BMS error-code bits set", FOX_LM_SEV_ERROR, RSP },
	[FOX_LM_EV_ACTIVE_ERROR] = { "active_error", "Active Error",
		"BMS flags an active error", FOX_LM_SEV_ERROR, RSP },
	[FOX_LM_EV_OFFLINE] = { "offline", "BMS Off-line",
		"BMS reports itself off-line", FOX_LM_SEV_WARN, RSP },
	[FOX_LM_EV_PACKS_MISSING] = { "packs_missing", "Packs Missing",
		"Packs missing from the operational bitmap",
		FOX_LM_SEV_WARN, RSP },
	[FOX_LM_EV_CONTACTOR_OPEN] = { "contactor_open", "Contactor Open",
		"Contactor open while the link is up", FOX_LM_SEV_WARN, RSP },
	[FOX_LM_EV_CELL_SPREAD] = { "cell_spread", "Cell Imbalance",
		"Cell voltage spread above threshold", FOX_LM_SEV_WARN, RSP },
	[FOX_LM_EV_CELL_VOLTAGE] = { "cell_voltage", "Cell Voltage",
		"Cell voltage outside the window", FOX_LM_SEV_WARN, RSP },
	[FOX_LM_EV_TEMPERATURE] = { "temperature", "Temperature",
		"Temperature outside the window", FOX_LM_SEV_WARN, RSP },
	[FOX_LM_EV_CHARGE_OVER_LIMIT] = { "limit.charge_current", "Over Charge Limit",
		"Charge current above the advertised limit",
		FOX_LM_SEV_WARN, PRO },
	[FOX_LM_EV_DISCHARGE_OVER_LIMIT] = { "limit.discharge_current", "Over Discharge Limit",
		"Discharge current above the advertised limit",
		FOX_LM_SEV_WARN, PRO },
	[FOX_LM_EV_VOLTAGE_WINDOW] = { "limit.voltage", "Voltage Window",
		"Pack voltage outside the advertised window",
		FOX_LM_SEV_WARN, PRO },
	[FOX_LM_EV_SIGN_FLAGS] = { "sign.flags", "Current Sign",
		"Current sign contradicts the charging/discharging flags",
		FOX_LM_SEV_WARN, PRO },
	[FOX_LM_EV_SIGN_STATE] = { "sign.state", "Current Sign",
		"Current sign contradicts the EP state", FOX_LM_SEV_WARN, PRO },
	[FOX_LM_EV_ENERGY_MISMATCH] = { "energy_mismatch", "Energy Mismatch",
		"EP stored energy disagrees with floor(nominal x SoC)",
		FOX_LM_SEV_WARN, PRO },
	[FOX_LM_EV_POLL_INTERVAL] = { "poll.interval", "Poll Interval",
		"Main-poll interval far from the expected ~1 s",
		FOX_LM_SEV_WARN, SEQ },
	[FOX_LM_EV_PROTOCOL_MISMATCH] = { "protocol_mismatch", "Protocol Mismatch",
		"Another battery protocol on the bus while FoxESS polls go "
		"unanswered",
		FOX_LM_SEV_WARN, PRO },
	[FOX_LM_EV_FOREIGN_TRAFFIC] = { "foreign_traffic", "Foreign Traffic",
		"Foreign 11-bit frames on a FoxESS bus", FOX_LM_SEV_WARN,
		PRO },
	[FOX_LM_EV_COUNTER_RESET] = { "counter_reset", "Counter Reset",
		"Cumulative counter went backwards: BMS or emulator restart",
		FOX_LM_SEV_WARN, RSP },
	[FOX_LM_EV_CELL_SUM] = { "cell_sum", "Cell Sum",
		"Cell-voltage sum far from the pack voltage", FOX_LM_SEV_NOTE,
		PRO },
	[FOX_LM_EV_SIGN_CONVENTION] = { "sign.convention", "Sign Convention",
		"EP current sent with an emulator's sign convention",
		FOX_LM_SEV_NOTE, PRO },
};
/* clang-format on */

/* Expert infos hold 240 characters: the advice is the short form of
 * seed 000 (BMS Lost) and seed 001 layers 1-2; docs/diagnostics.md has
 * the full text. */
static const char advice_lost[] =
	"Reseat the cable at both ends (BMS port), check the DIP switch, "
	"power-cycle: AC off, battery off, 2 min, battery on, AC on. Do not "
	"open the battery";

static const char advice_never[] =
	"Check the inverter's battery-protocol setting, BMS port, DIP "
	"switch, 500 kbit/s, 60 ohm termination";

static const char sign_note[] =
	"A genuine FoxESS BMS sends + for charging; some emulators send the "
	"opposite";

static const char advice_mismatch[] =
	"check the inverter's battery-protocol setting, it must match the "
	"protocol the BMS speaks";

/* The advice of an event, and what joins it to the message. */
static const char *advice(enum fox_lm_event_type type, const char **joint)
{
	switch (type) {
	case FOX_LM_EV_BMS_LOST:
		*joint = ". ";
		return advice_lost;
	case FOX_LM_EV_NEVER_ANSWERED:
		*joint = ". ";
		return advice_never;
	case FOX_LM_EV_SIGN_FLAGS:
	case FOX_LM_EV_SIGN_STATE:
		*joint = ". ";
		return sign_note;
	case FOX_LM_EV_PROTOCOL_MISMATCH:
		*joint = ": ";
		return advice_mismatch;
	default:
		return NULL;
	}
}

const char *fox_lm_event_advice(const struct fox_lm_event *ev)
{
	const char *joint;

	return advice(ev->type, &joint);
}

size_t fox_lm_event_describe(const struct fox_lm_event *ev,
			     const struct fox_lm_config *cfg, char *buf,
			     size_t size)
{
	const char *joint, *text = advice(ev->type, &joint);
	size_t n = fox_lm_event_message(ev, cfg, buf, size);
	int more;

	if (!text || n >= size)
		return n;
	more = snprintf(buf + n, size - n, "%s%s", joint, text);
	return more < 0 ? n : n + (size_t)more;
}

size_t fox_lm_event_message(const struct fox_lm_event *ev,
			    const struct fox_lm_config *cfg, char *buf,
			    size_t size)
{
	double ms = 1000.0 * ev->value;
	char soc[64];
	int n = 0;

	switch (ev->type) {
	case FOX_LM_EV_POLL_ANSWERED:
		n = snprintf(buf, size,
			     "Main poll in frame %u answered after "
			     "%.1f ms",
			     ev->ref_frame, ms);
		break;
	case FOX_LM_EV_POLL_UNANSWERED:
		n = snprintf(buf, size,
			     "Main poll in frame %u got no reply "
			     "within %.0f ms (%.0f in a row)",
			     ev->about_frame, 1000.0 * cfg->reply_window,
			     ev->value);
		break;
	case FOX_LM_EV_LATE_REPLY:
		n = snprintf(buf, size,
			     "Reply %.0f ms after its main poll, "
			     "outside the %.0f ms reply window",
			     ms, 1000.0 * ev->limit);
		break;
	case FOX_LM_EV_BMS_LOST:
		if (ev->extra < 0)
			snprintf(soc, sizeof(soc), "none seen");
		else
			snprintf(soc, sizeof(soc), "%.0f %%%s", ev->extra,
				 ev->extra <= 10 ? " (low: BMS may be asleep)" :
						   "");
		n = snprintf(buf, size,
			     "BMS Lost: %.0f polls unanswered since "
			     "frame %u (%.1f s); last SoC %s",
			     ev->value, ev->ref_frame, ev->limit, soc);
		break;
	case FOX_LM_EV_NEVER_ANSWERED:
		n = snprintf(buf, size,
			     "BMS never answered: %.0f polls from "
			     "frame %u (%.1f s)",
			     ev->value, ev->ref_frame, ev->limit);
		break;
	case FOX_LM_EV_LINK_RESTORED:
		n = snprintf(buf, size,
			     "BMS link restored after %.1f s (%.0f "
			     "polls unanswered from frame %u)",
			     ev->value, ev->limit, ev->ref_frame);
		break;
	case FOX_LM_EV_BURST_INCOMPLETE:
		n = snprintf(buf, size,
			     "Reply to the main poll in frame %u "
			     "lacks %s",
			     ev->about_frame, ev->detail);
		break;
	case FOX_LM_EV_DUPLICATE_BURST:
		n = snprintf(buf, size,
			     "Second %s in the reply to the poll in "
			     "frame %u: two responders (two BMS or an ID "
			     "conflict; check the DIP addresses)",
			     ev->detail, ev->ref_frame);
		break;
	case FOX_LM_EV_ITEM_GAP:
		n = snprintf(buf, size,
			     "Burst for the request in frame %u "
			     "skips %s",
			     ev->ref_frame, ev->detail);
		break;
	case FOX_LM_EV_PACK_DATA_MISSING:
		n = snprintf(buf, size,
			     "No pack data (0x0C05..) %.0f s after "
			     "the link came up (%.0f pack-data requests): the "
			     "BMS closes its contactor only after sending all "
			     "pack data",
			     ev->value, ev->limit);
		break;
	case FOX_LM_EV_SERIAL_MISSING:
		n = snprintf(buf, size,
			     "No serial-number request %.0f s after "
			     "the link came up",
			     ev->value);
		break;
	case FOX_LM_EV_CHARGE_INHIBIT_FULL:
		n = snprintf(buf, size,
			     "Charge inhibit set at SoC %.0f %% "
			     "(expected when full)",
			     ev->value);
		break;
	case FOX_LM_EV_CHARGE_INHIBIT:
		if (ev->value < 0)
			n = snprintf(buf, size,
				     "Charge inhibit set (no SoC seen "
				     "yet): the BMS forbids charging");
		else
			n = snprintf(buf, size,
				     "Charge inhibit set at SoC "
				     "%.0f %%, below %.0f %%: the BMS forbids "
				     "charging",
				     ev->value, ev->limit);
		break;
	case FOX_LM_EV_PACK_ERROR:
		n = snprintf(buf, size, "Pack error 0x%02X reported for %s",
			     (unsigned)ev->value, ev->detail);
		break;
	case FOX_LM_EV_ERROR_BITS:
		n = snprintf(buf, size,
			     "BMS error-code bits %s set (0x03: pack "
			     "communication error)",
			     ev->detail);
		break;
	case FOX_LM_EV_ACTIVE_ERROR:
		n = snprintf(buf, size, "BMS flags an active error");
		break;
	case FOX_LM_EV_OFFLINE:
		n = snprintf(buf, size, "BMS reports itself off-line");
		break;
	case FOX_LM_EV_PACKS_MISSING:
		n = snprintf(buf, size,
			     "Pack%s %s missing from the operational "
			     "bitmap (%.0f packs configured)",
			     ev->value > 1 ? "s" : "", ev->detail, ev->limit);
		break;
	case FOX_LM_EV_CONTACTOR_OPEN:
		n = snprintf(buf, size,
			     "Contactor open %.0f s after the link "
			     "came up",
			     ev->value);
		break;
	case FOX_LM_EV_CELL_SPREAD:
		n = snprintf(buf, size,
			     "Cell spread %.0f mV (max - min) above "
			     "%.0f mV: imbalance",
			     ev->value, ev->limit);
		break;
	case FOX_LM_EV_CELL_VOLTAGE:
		n = snprintf(buf, size, "Cell voltage %.0f mV %s of %.0f mV",
			     ev->value, ev->detail, ev->limit);
		break;
	case FOX_LM_EV_TEMPERATURE:
		n = snprintf(buf, size,
			     "Temperature %.1f \u00b0C %s of %.1f \u00b0C",
			     ev->value, ev->detail, ev->limit);
		break;
	case FOX_LM_EV_CHARGE_OVER_LIMIT:
		n = snprintf(buf, size,
			     "Charge current %.1f A above the "
			     "advertised limit %.1f A",
			     ev->value, ev->limit);
		break;
	case FOX_LM_EV_DISCHARGE_OVER_LIMIT:
		n = snprintf(buf, size,
			     "Discharge current %.1f A above the "
			     "advertised limit %.1f A",
			     ev->value, ev->limit);
		break;
	case FOX_LM_EV_VOLTAGE_WINDOW:
		n = snprintf(buf, size,
			     "Pack voltage %.1f V %s %.1f V of the "
			     "advertised window",
			     ev->value, ev->detail, ev->limit);
		break;
	case FOX_LM_EV_SIGN_FLAGS:
		n = snprintf(buf, size,
			     "Pack current %+.1f A contradicts the "
			     "%s flag",
			     ev->value, ev->detail);
		break;
	case FOX_LM_EV_SIGN_STATE:
		if (ev->extra == FOX_LM_CONV_INVERTED)
			n = snprintf(buf, size,
				     "0x187B state %s (native code %.0f) with "
				     "0x1873 current %+.1f A: the current is "
				     "sent inverted (emulator convention, see "
				     "foxess.sign.convention) but the state "
				     "codes are native: a mixed emulator, not "
				     "a battery fault",
				     ev->detail, ev->limit, ev->value);
		else if (ev->extra == FOX_LM_CONV_NATIVE)
			n = snprintf(buf, size,
				     "0x187B state %s (code %.0f) with 0x1873 "
				     "current %+.1f A in the native sign (the "
				     "inverter's 0x07 agrees): states 1 and 2 "
				     "swapped, an emulator convention",
				     ev->detail, ev->limit, ev->value);
		else
			n = snprintf(buf, size,
				     "Pack current %+.1f A contradicts the "
				     "EP state \"%s\"",
				     ev->value, ev->detail);
		break;
	case FOX_LM_EV_ENERGY_MISMATCH:
		if (ev->extra > 0)
			n = snprintf(buf, size,
				     "EP stored energy %.1f kWh = nominal "
				     "%.2f kWh / 2 whatever the SoC: "
				     "Battery-Emulator's EP emulation; a "
				     "genuine unit sends floor(nominal x SoC) "
				     "= %.1f kWh",
				     ev->value, ev->extra, ev->limit);
		else
			n = snprintf(buf, size,
				     "EP stored energy %.1f kWh, but "
				     "floor(nominal energy x SoC) = %.1f kWh",
				     ev->value, ev->limit);
		break;
	case FOX_LM_EV_POLL_INTERVAL:
		n = snprintf(buf, size,
			     "Main-poll interval %.2f s (expected "
			     "~1 s, limit %.2f s)",
			     ev->value, ev->limit);
		break;
	case FOX_LM_EV_PROTOCOL_MISMATCH:
		n = snprintf(buf, size,
			     "%s frames on the bus while FoxESS polls "
			     "go unanswered",
			     ev->detail);
		break;
	case FOX_LM_EV_FOREIGN_TRAFFIC:
		n = snprintf(
			buf, size,
			"Foreign 11-bit frames on the FoxESS bus from frame "
			"%u (%.0f in %.3f s: %s): the inverter faults on "
			"standard frames; give that device its own bus",
			ev->about_frame, ev->value, ev->limit, ev->detail);
		break;
	case FOX_LM_EV_COUNTER_RESET:
		n = snprintf(
			buf, size,
			"Counter reset: %s went from %.10g to %.10g (a BMS "
			"or emulator restart; the app then shows negative "
			"daily energy)",
			ev->detail, ev->limit, ev->value);
		break;
	case FOX_LM_EV_CELL_SUM:
		n = snprintf(buf, size,
			     "Cell voltages add up to %.1f V over %.0f "
			     "positions, the pack to %.1f V (about %s cells): "
			     "padded or emulated cell data",
			     ev->value, ev->extra, ev->limit, ev->detail);
		break;
	case FOX_LM_EV_SIGN_CONVENTION:
		n = snprintf(buf, size,
			     "While %s, 0x1873 current %+.1f A has the sign of "
			     "the inverter's own 0x07 measurement %+.1f A: an "
			     "emulator's convention (Battery-Emulator), not a "
			     "fault; a genuine EP unit's sign is opposite",
			     ev->detail, ev->value, ev->limit);
		break;
	case FOX_LM_EV_COUNT:
		break;
	}
	return n < 0 ? 0 : (size_t)n;
}
