"""``show version`` output per platform, shaped like the real command output.

Line layout follows what each OS prints (IOS XE "Cisco IOS XE Software, Version", NX-OS "NXOS: version",
IOS XR "Cisco IOS XR Software, Version", Junos "Junos: ", EOS "Software image version:"): enough for a
version parser to read the version, uptime, image, model and serial number.
"""

from __future__ import annotations

import random

from carrierwatch.lab.configs_cisco import iosxe_image
from carrierwatch.lab.network import Device


def _uptime(rng: random.Random) -> tuple[int, int, int, int]:
    return rng.randrange(0, 3), rng.randrange(0, 52), rng.randrange(0, 7), rng.randrange(0, 24)


def render_show_version(dev: Device, rng: random.Random) -> str:
    years, weeks, days, hours = _uptime(rng)
    minutes = rng.randrange(60)
    up = f"{years} years, {weeks} weeks, {days} days, {hours} hours, {minutes} minutes"
    image = iosxe_image(dev) if dev.platform == "iosxe" else ""
    nximage = dev.os_version.replace("(", ".").replace(")", "")
    if dev.platform == "iosxe":
        family = "ASR1000" if dev.model.startswith("ASR") else "ISR"
        lines = [
            f"Cisco IOS XE Software, Version {dev.os_version}",
            f"Cisco IOS Software [{_train(dev.os_version)}], {family} Software "
            "(X86_64_LINUX_IOSD-UNIVERSALK9-M), "
            f"Version {dev.os_version}, RELEASE SOFTWARE (fc2)",
            "Technical Support: http://www.cisco.com/techsupport",
            "Copyright (c) 1986-2023 by Cisco Systems, Inc.",
            "",
            "ROM: IOS-XE ROMMON",
            f"{dev.hostname} uptime is {up}",
            "Uptime for this control processor is " + up,
            "System returned to ROM by PowerOn",
            f'System image file is "bootflash:{image}"',
            "Last reload reason: PowerOn",
            "",
            f"cisco {dev.model} (1RU) processor with 3747220K/6147K bytes of memory.",
            f"Processor board ID {dev.serial}",
            "Router operating mode: Autonomous",
            "4 Gigabit Ethernet interfaces",
            "32768K bytes of non-volatile configuration memory.",
            "8388608K bytes of physical memory.",
            "7573503K bytes of flash memory at bootflash:.",
            "",
            "Configuration register is 0x2102",
        ]
    elif dev.platform == "nxos":
        lines = [
            "Cisco Nexus Operating System (NX-OS) Software",
            "TAC support: http://www.cisco.com/tac",
            "Copyright (C) 2002-2022, Cisco and/or its affiliates.",
            "All rights reserved.",
            "",
            "Software",
            "  BIOS: version 05.45",
            f"  NXOS: version {dev.os_version}",
            "  BIOS compile time:  07/05/2021",
            f"  NXOS image file is: bootflash:///nxos.{nximage}.bin",
            "",
            "Hardware",
            f"  cisco Nexus9000 {dev.model.replace('N9K-', '')} Chassis",
            "  Intel(R) Xeon(R) CPU D-1526 @ 1.80GHz with 24632644 kB of memory.",
            f"  Processor Board ID {dev.serial}",
            "",
            f"  Device name: {dev.hostname}",
            "  bootflash:   53298520 kB",
            f"Kernel uptime is {days + weeks * 7} day(s), {hours} hour(s), {minutes} minute(s), 12 second(s)",
            "",
            "Last reset",
            "  Reason: Reset Requested by CLI command reload",
        ]
    elif dev.platform == "iosxr":
        lines = [
            f"Cisco IOS XR Software, Version {dev.os_version}",
            "Copyright (c) 2013-2022 by Cisco Systems, Inc.",
            "",
            "Build Information:",
            " Built By     : ingunawa",
            " Built On     : Thu Feb 24 10:12:31 PST 2022",
            " Build Host   : iox-ucs-025",
            f" Version      : {dev.os_version}",
            "",
            f"cisco ASR9K Series ({dev.model}) processor",
            f"System uptime is {weeks} weeks {days} days {hours} hours {minutes} minutes",
            f"Chassis Serial Number: {dev.serial}",
        ]
    elif dev.platform == "junos":
        lines = [
            f"Hostname: {dev.hostname}",
            f"Model: {dev.model.lower()}",
            f"Junos: {dev.os_version}",
            f"JUNOS OS Kernel 64-bit  [{_junos_build(rng)}]",
            f"JUNOS OS libs [{_junos_build(rng)}]",
            f"JUNOS py base [{dev.os_version}]",
            f"Chassis serial number: {dev.serial}",
            f"System booted: uptime {weeks * 7 + days} days, {hours:02d}:{minutes:02d}",
        ]
    else:
        lines = [
            f"Arista {dev.model}",
            "Hardware version: 11.01",
            f"Serial number: {dev.serial}",
            f"System MAC address: 2899.3a{rng.randrange(16**2):02x}.{rng.randrange(16**4):04x}",
            "",
            f"Software image version: {dev.os_version}",
            "Architecture: x86_64",
            f"Internal build version: {dev.os_version}-{rng.randrange(10**7, 10**8)}.4283M",
            "Image format version: 3.0",
            "",
            f"Uptime: {weeks} weeks, {days} days, {hours} hours and {minutes} minutes",
            "Total memory: 32458980 kB",
            "Free memory: 25716420 kB",
        ]
    return "\n".join(lines) + "\n"


def _train(version: str) -> str:
    return (
        "Amsterdam"
        if version.startswith("17.3")
        else "Bengaluru"
        if version.startswith("17.6")
        else (
            "Cupertino"
            if version.startswith("17.9")
            else "Gibraltar"
            if version.startswith("16.12")
            else "Fuji"
        )
    )


def _junos_build(rng: random.Random) -> str:
    return (
        f"20230{rng.randrange(1, 9)}{rng.randrange(10, 28)}.{rng.randrange(10**5, 10**6)}_builder_stable_12"
    )
