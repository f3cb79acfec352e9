# SPDX-License-Identifier: GPL-2.0
# kvmfr static devices: ABI conformance with the Looking Glass client's
# sequence, the ABI checks, vgem PRIME import, fuzz.
SCN_GUEST=guest/kvmfr.sh
SCN_KMODS="vgem"
SCN_TIMEOUT=400
