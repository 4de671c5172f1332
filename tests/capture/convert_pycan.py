# SPDX-License-Identifier: GPL-2.0-or-later
"""python-can's side of tests/capture/convert-formats.sh.

  convert_pycan.py write DIR         one known message list written by
                                     python-can as ASC, TRC 2.1, TRC 1.0,
                                     CSV and candump log, and by this script
                                     as TRC 1.1 (python-can reads 1.1 but
                                     cannot write it)
  convert_pycan.py read FORMAT FILE  python-can's reading of FILE, one
                                     canonical line per frame (the same
                                     lines convert-formats.sh makes from
                                     tshark's reading of foxcap's output)

Canonical line: TIME_US IFACE ID XTD RTR LEN DATA DIR [FD BRS ESI], or
TIME_US ERR for an error frame (python-can's candump reader gives those
no channel).  IFACE is the interface name foxcap
gives the channel; DIR is Rx, Tx or - where the format has none.
Run with Debian's /usr/bin/python3 (python3-can).
"""
import datetime
import os
import sys

import can
from can.io.trc import TRCFileVersion

START = 1700000000.25  # whole milliseconds: ASC keeps the start in ms


def messages():
    """Every kind of frame the formats carry, on two channels."""
    out = []
    for i in range(200):
        kind = i % 8
        ts = START + i * 0.0137 + (i * 7919 % 1000) * 1e-6
        common = dict(timestamp=ts, channel=1 if i % 3 == 0 else 0,
                      is_rx=i % 5 != 0)
        if kind == 0:
            m = can.Message(arbitration_id=0x1871, is_extended_id=True,
                            data=bytes([1, 0, 1, 0, i % 5, 0, 0, 0]),
                            **common)
        elif kind == 1:
            m = can.Message(arbitration_id=0x1872 + i % 8,
                            is_extended_id=True,
                            data=bytes((i * j) % 256 for j in range(i % 9)),
                            **common)
        elif kind == 2:
            m = can.Message(arbitration_id=0x351, is_extended_id=False,
                            data=bytes([0x14, 2, 0xC0, 0x12]), **common)
        elif kind == 3:
            m = can.Message(arbitration_id=0x123, is_extended_id=False,
                            is_remote_frame=True, dlc=i % 9, **common)
        elif kind == 4:
            m = can.Message(arbitration_id=0, is_error_frame=True, dlc=0,
                            data=b"", **common)
        elif kind == 5:
            m = can.Message(arbitration_id=0x1FFFFFFF, is_extended_id=True,
                            data=bytes(range(8)), **common)
        elif kind == 6:
            m = can.Message(arbitration_id=0x7FF, is_extended_id=False,
                            data=b"", **common)
        else:
            m = can.Message(arbitration_id=0x321, is_extended_id=False,
                            is_fd=True, bitrate_switch=i % 2 == 1,
                            error_state_indicator=i % 3 == 1,
                            data=bytes(range(12 + (i % 2) * 52)), **common)
        out.append(m)
    return out


def write_trc11(path, msgs):
    """TRC 1.1 as PEAK's format description shows it: ';$FILEVERSION=1.1',
    ';$STARTTIME=' days since 1899-12-30, 'N)  OFFSET_MS  Rx|Tx  ID  LEN
    DATA', IDs of 4 (11-bit) or 8 (29-bit) digits.  Only the data frames
    of one channel: 1.1 has no bus column, no FD, and python-can reads no
    remote or error lines."""
    t0 = msgs[0].timestamp
    # the start is local time, like the ASC dates
    start = datetime.datetime.fromtimestamp(t0) - datetime.datetime(1899, 12,
                                                                     30)
    with open(path, "w", newline="\r\n") as f:
        f.write(";$FILEVERSION=1.1\n")
        f.write(";$STARTTIME=%.10f\n" % (start / datetime.timedelta(days=1)))
        f.write(";\n;   Message Number\n;   |         Time Offset (ms)\n")
        f.write(";   |         |        Type\n;   |         |        |"
                "        ID (hex)\n;   |         |        |        |"
                "     Data Length\n;   |         |        |        |"
                "     |   Data Bytes (hex) ...\n")
        f.write(";---+--   ----+----  --+--  ----+---  +  -+ -- -- -- --\n")
        n = 0
        for m in msgs:
            if m.is_fd or m.is_remote_frame or m.is_error_frame:
                continue
            n += 1
            ident = ("%08X" if m.is_extended_id else "%04X") % \
                m.arbitration_id
            f.write("%6d)  %10.1f  %-4s %8s  %d  %s\n" % (
                n, (m.timestamp - t0) * 1000, "Rx" if m.is_rx else "Tx",
                ident, m.dlc, " ".join("%02X" % b for b in m.data)))


def write(directory):
    msgs = messages()
    classic = [m for m in msgs if not m.is_fd]
    writers = [
        (can.ASCWriter, "py.asc", msgs, {}),
        (can.TRCWriter, "py21.trc", msgs, {}),
        (can.TRCWriter, "py10.trc", msgs, {"file_version":
                                           TRCFileVersion.V1_0}),
        (can.CSVWriter, "py.csv", classic, {}),
        (can.CanutilsLogWriter, "py.log", msgs, {}),
    ]
    for cls, name, selection, attrs in writers:
        w = cls(os.path.join(directory, name))
        for key, value in attrs.items():
            setattr(w, key, value)
        for m in selection:
            w.on_message_received(m)
        w.stop()
    write_trc11(os.path.join(directory, "py11.trc"), msgs)


def iface(fmt, m):
    if fmt == "asc":
        return "can%d" % (m.channel + 1)
    if fmt == "trc":
        return "bus%d" % m.channel
    if fmt == "csv":
        return "can0"
    return m.channel


def canonical(fmt, m):
    us = round(m.timestamp * 1e6)
    if m.is_error_frame:
        return "%d ERR" % us
    data = "-" if m.is_remote_frame else (m.data.hex() or "-")
    # python-can reads no direction from TRC 1.0 and CSV
    direction = "-" if fmt in ("trc10", "csv") else ("Rx" if m.is_rx
                                                     else "Tx")
    line = "%d %s %d %d %d %d %s %s" % (
        us, iface("trc" if fmt == "trc10" else fmt, m), m.arbitration_id,
        m.is_extended_id, m.is_remote_frame, m.dlc, data, direction)
    if m.is_fd:
        line += " FD %d %d" % (m.bitrate_switch, m.error_state_indicator)
    return line


def read(fmt, path):
    if fmt == "asc":
        reader = can.ASCReader(path, relative_timestamp=False)
    elif fmt in ("trc", "trc10"):
        reader = can.TRCReader(path)
    elif fmt == "csv":
        reader = can.CSVReader(path)
    else:
        reader = can.CanutilsLogReader(path)
    for m in reader:
        print(canonical(fmt, m))


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2])
    else:
        read(sys.argv[2], sys.argv[3])
