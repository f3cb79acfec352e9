/*
 * SPDX-License-Identifier: GPL-2.0
 *
 * A host DSDT for the acpiexec test of the battery SSDT
 * (tests/host/ssdt-acpiexec.sh): the devices the table may be scoped
 * under, in a revision 1 DSDT like the one QEMU builds for pc and q35
 * (hw/i386/acpi-build.c).  The DSDT's revision sets the width of every
 * AML integer in the namespace, the SSDT's included, so the test sees
 * integers as a QEMU guest does.
 */
DefinitionBlock ("qemu-dsdt.aml", "DSDT", 1, "BOCHS ", "BXPCDSDT", 1)
{
    Scope (\_SB)
    {
        Device (PCI0)
        {
            Name (_HID, EisaId ("PNP0A08"))
            Name (_CID, EisaId ("PNP0A03"))
            Name (_UID, Zero)

            Device (ISA)
            {
                Name (_ADR, 0x001F0000)
            }
        }
    }
}
