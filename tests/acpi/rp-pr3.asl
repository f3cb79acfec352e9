/*
 * SPDX-License-Identifier: GPL-2.0
 *
 * Test SSDT for vfio_d3cold (tests/scenarios/vfio-d3cold.sh): gives QEMU's
 * q35 root port at 00:1c.0 (\_SB.PCI0.SE0) a power resource, so the slot
 * behind it can reach D3cold.  _ON/_OFF only flip a variable; each prints
 * "GPUPASS-PR _ON n" / "_OFF n" through the AML Debug object (shown in the
 * kernel log with acpi.aml_debug_output=1), which the guest counts.
 */
DefinitionBlock ("rp-pr3.aml", "SSDT", 2, "GPUPAS", "RPPR3", 1)
{
    External (\_SB.PCI0.SE0, DeviceObj)

    Scope (\_SB.PCI0.SE0)
    {
        Name (PSTA, One)
        Name (ONCT, Zero)
        Name (OFCT, Zero)

        PowerResource (RPPR, 0, 0)
        {
            Method (_STA, 0, NotSerialized)
            {
                Return (PSTA)
            }

            Method (_ON, 0, NotSerialized)
            {
                PSTA = One
                ONCT++
                Debug = Concatenate ("GPUPASS-PR _ON ", ToDecimalString (ONCT))
            }

            Method (_OFF, 0, NotSerialized)
            {
                PSTA = Zero
                OFCT++
                Debug = Concatenate ("GPUPASS-PR _OFF ", ToDecimalString (OFCT))
            }
        }

        Name (_PR0, Package (0x01) { RPPR })
        Name (_PR3, Package (0x01) { RPPR })
        Name (_S0W, 0x04)
    }
}
