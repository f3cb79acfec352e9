# SPDX-License-Identifier: GPL-2.0
# kvmfr benchmark (make bench): static memory vs anonymous THP vs memfd.
SCN_GUEST=guest/kvmfr-bench.sh
SCN_MEM=1024
SCN_TIMEOUT=400
