-- SPDX-License-Identifier: GPL-2.0-or-later
--
-- Benchmark baseline: the Lua dissector a FoxESS user writes today, for
-- the main H-series frames (the 0x1871 request and the 0x1872-0x1879
-- replies; layouts from the protocol notes, section 3).  Deliberately
-- what such scripts look like: one ProtoField per value, scaling in Lua,
-- a summary in the Info column.  Not used by the project otherwise.
--
--   tshark --disable-protocol foxess -X lua_script:foxess.lua -r FILE

local p = Proto("luafox", "FoxESS BMS CAN (Lua)")

local f = {
	opcode = ProtoField.uint8("luafox.request.opcode", "Opcode", base.HEX),
	selector = ProtoField.uint8("luafox.request.selector", "Selector",
		base.HEX),
	v_max = ProtoField.float("luafox.limits.voltage_max", "Max voltage (V)"),
	v_min = ProtoField.float("luafox.limits.voltage_min", "Min voltage (V)"),
	i_chg = ProtoField.float("luafox.limits.charge_current_max",
		"Max charge current (A)"),
	i_dis = ProtoField.float("luafox.limits.discharge_current_max",
		"Max discharge current (A)"),
	voltage = ProtoField.float("luafox.pack.voltage", "Pack voltage (V)"),
	current = ProtoField.float("luafox.pack.current", "Pack current (A)"),
	soc = ProtoField.uint8("luafox.pack.soc", "SoC (%)"),
	energy = ProtoField.float("luafox.pack.energy_remaining",
		"Remaining energy (kWh)"),
	t_max = ProtoField.float("luafox.temps.max", "Max temperature (C)"),
	t_min = ProtoField.float("luafox.temps.min", "Min temperature (C)"),
	cut_hi = ProtoField.uint16("luafox.temps.cutoff_cell_high",
		"Cut-off cell high (mV)"),
	cut_lo = ProtoField.uint16("luafox.temps.cutoff_cell_low",
		"Cut-off cell low (mV)"),
	bms_temp = ProtoField.float("luafox.status.bms_temp",
		"BMS temperature (C)"),
	packs_ok = ProtoField.uint8("luafox.status.packs_ok", "Packs responding",
		base.HEX),
	packs = ProtoField.uint8("luafox.status.pack_count", "Pack count"),
	contactor = ProtoField.uint8("luafox.status.contactor", "Contactor",
		base.DEC, { [0] = "Open", [1] = "Closed" }),
	cycles = ProtoField.uint16("luafox.status.cycles", "Cycles"),
	inhibit = ProtoField.uint8("luafox.cells.charge_inhibit",
		"Charge inhibit", base.DEC, nil, 0x01),
	cell_max = ProtoField.uint16("luafox.cells.voltage_max",
		"Max cell voltage (mV)"),
	cell_min = ProtoField.uint16("luafox.cells.voltage_min",
		"Min cell voltage (mV)"),
	pack_error = ProtoField.uint8("luafox.info.pack_error", "Pack error",
		base.HEX),
	btype = ProtoField.uint8("luafox.info.battery_type", "Battery type",
		base.HEX),
	firmware = ProtoField.uint8("luafox.info.firmware", "Firmware",
		base.HEX),
	address = ProtoField.uint8("luafox.info.address", "Record address",
		base.HEX),
	ac_v = ProtoField.float("luafox.energy.ac_voltage_max",
		"AC voltage max (V)"),
	throughput = ProtoField.uint32("luafox.energy.throughput",
		"Energy throughput (Wh)"),
	err = ProtoField.uint8("luafox.state.error_code", "Error code",
		base.HEX),
	flags = ProtoField.uint8("luafox.flags", "Flags", base.HEX),
	charging = ProtoField.uint8("luafox.flags.charging", "Charging",
		base.DEC, nil, 0x10),
	discharging = ProtoField.uint8("luafox.flags.discharging",
		"Discharging", base.DEC, nil, 0x08),
	online = ProtoField.uint8("luafox.flags.online", "On-line", base.DEC,
		nil, 0x20),
}
p.fields = f

local function scaled(tree, field, range, value)
	tree:add(field, range, value)
	return value
end

local layouts = {
	[0x1871] = function(buf, t)
		t:add(f.opcode, buf(0, 1))
		t:add(f.selector, buf(4, 1))
		return string.format("Request: %02x %02x",
			buf(0, 1):uint(), buf(4, 1):uint())
	end,
	[0x1872] = function(buf, t)
		local hi = scaled(t, f.v_max, buf(0, 2), buf(0, 2):le_uint() / 10)
		local lo = scaled(t, f.v_min, buf(2, 2), buf(2, 2):le_uint() / 10)
		local chg = scaled(t, f.i_chg, buf(4, 2), buf(4, 2):le_uint() / 10)
		local dis = scaled(t, f.i_dis, buf(6, 2), buf(6, 2):le_uint() / 10)
		return string.format("Limits: %.1f V %.1f V chg %.1f A dis %.1f A",
			hi, lo, chg, dis)
	end,
	[0x1873] = function(buf, t)
		local v = scaled(t, f.voltage, buf(0, 2), buf(0, 2):le_uint() / 10)
		local i = scaled(t, f.current, buf(2, 2), buf(2, 2):le_int() / 10)
		t:add(f.soc, buf(4, 1))
		local e = scaled(t, f.energy, buf(6, 2), buf(6, 2):le_uint() / 100)
		return string.format("Pack: %.1f V %.1f A SoC %d%% %.2f kWh",
			v, i, buf(4, 1):uint(), e)
	end,
	[0x1874] = function(buf, t)
		local hi = scaled(t, f.t_max, buf(0, 2), buf(0, 2):le_int() / 10)
		local lo = scaled(t, f.t_min, buf(2, 2), buf(2, 2):le_int() / 10)
		t:add_le(f.cut_hi, buf(4, 2))
		t:add_le(f.cut_lo, buf(6, 2))
		return string.format("Temps: %.1f C %.1f C", hi, lo)
	end,
	[0x1875] = function(buf, t)
		local bt = scaled(t, f.bms_temp, buf(0, 2), buf(0, 2):le_int() / 10)
		t:add(f.packs_ok, buf(2, 1))
		t:add(f.packs, buf(3, 1))
		t:add(f.contactor, buf(4, 1))
		t:add_le(f.cycles, buf(6, 2))
		return string.format("Status: BMS %.1f C packs %d contactor %d",
			bt, buf(3, 1):uint(), buf(4, 1):uint())
	end,
	[0x1876] = function(buf, t)
		t:add(f.inhibit, buf(0, 1))
		t:add_le(f.cell_max, buf(2, 2))
		t:add_le(f.cell_min, buf(6, 2))
		return string.format("Cells: max %d mV min %d mV",
			buf(2, 2):le_uint(), buf(6, 2):le_uint())
	end,
	[0x1877] = function(buf, t)
		t:add(f.pack_error, buf(0, 1))
		t:add(f.btype, buf(4, 1))
		t:add(f.firmware, buf(6, 1))
		t:add(f.address, buf(7, 1))
		return string.format("Info: type %02x fw %02x address %02x",
			buf(4, 1):uint(), buf(6, 1):uint(), buf(7, 1):uint())
	end,
	[0x1878] = function(buf, t)
		scaled(t, f.ac_v, buf(0, 2), buf(0, 2):le_uint() / 10)
		t:add_le(f.throughput, buf(4, 4))
		return string.format("Energy: %d Wh", buf(4, 4):le_uint())
	end,
	[0x1879] = function(buf, t)
		t:add(f.err, buf(0, 1))
		local ft = t:add(f.flags, buf(1, 1))
		ft:add(f.charging, buf(1, 1))
		ft:add(f.discharging, buf(1, 1))
		ft:add(f.online, buf(1, 1))
		return string.format("State: error %02x flags %02x",
			buf(0, 1):uint(), buf(1, 1):uint())
	end,
}

function p.dissector(buf, pinfo, tree)
	if buf:len() < 8 then
		return 0
	end
	local id = pinfo.match_uint
	local layout = layouts[id]
	if not layout then
		return 0
	end
	pinfo.cols.protocol = "FoxESS-Lua"
	local t = tree:add(p, buf(0, 8))
	pinfo.cols.info = layout(buf, t)
	return buf:len()
end

local table = DissectorTable.get("can.extended_id")
for id, _ in pairs(layouts) do
	table:add(id, p)
end
