/*
 * SPDX-License-Identifier: GPL-2.0
 *
 * A second battery next to the one tests/scenarios/ssdt-battery.sh builds
 * with tools/battery-ssdt: every capacity, rate and voltage is 2147484,
 * one more than the tool accepts.  Linux's battery driver multiplies them
 * by 1000 into an int, so the guest shows -2147483296; the tool's limit,
 * 2147483, shows as 2147483000 in the same boot.
 */
DefinitionBlock ("linux-overflow.aml", "SSDT", 1, "GPUPAS", "BATOVF", 1)
{
    Scope (\_SB)
    {
        Device (BOVF)
        {
            Name (_HID, EisaId ("PNP0C0A"))
            Name (_UID, 0x4F)
            Method (_STA, 0, NotSerialized)
            {
                Return (0x1F)
            }

            Method (_BIF, 0, NotSerialized)
            {
                Return (Package (0x0D)
                {
                    One,
                    0x0020C49C,
                    0x0020C49C,
                    One,
                    0x0020C49C,
                    0x0258,
                    0x012C,
                    0x3C,
                    0x3C,
                    "OVF",
                    "",
                    "LION",
                    ""
                })
            }

            Method (_BST, 0, NotSerialized)
            {
                Return (Package (0x04)
                {
                    One,
                    0x0020C49C,
                    0x0020C49C,
                    0x0020C49C
                })
            }
        }
    }
}
