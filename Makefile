# SPDX-License-Identifier: GPL-2.0
#
# gpupass: kvmfr, vfio_d3cold and acpi_battery_ssdt, built out of tree.
#
#   make                      build all modules for the running kernel
#   make KVER=6.1.0-56-amd64  ... for another installed kernel
#   make KDIR=/path/to/build  ... against a kernel build directory
#   make W=1 / make C=1       extra warnings / sparse
#   make lint                 checkpatch.pl --strict over our sources
#   sudo make install         DKMS install plus defaults, tools, man pages
#                             (KVMFR_SIZE_MB=64: a static /dev/kvmfr0 at boot)
#   sudo make uninstall       reverse of install
#   make modules_install      kbuild install (INSTALL_MOD_PATH, for packagers)
#   make check                QEMU integration tests (see README.md)

SRC       := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
VERSION   := $(shell cat $(SRC)/VERSION)
PACKAGE   := gpupass
KVER      ?= $(shell uname -r)
KDIR      ?= /lib/modules/$(KVER)/build
PROBES_H  := $(SRC)/include/gpupass_probes.h
CACHE     ?= $(HOME)/.cache/$(PACKAGE)
# Booted by `make check` (QEMU suites): bookworm, bullseye, trixie, the
# newest stable kernel (trixie-backports) and its PREEMPT_RT flavour, and
# the debug kernel.  KERNELS_BUILD: compile-only kernels; "archive" is
# every kernel Debian's archive serves today (scripts/archive-kernels.sh),
# "none" skips them (the quick loop: make check KERNELS=6.1 KERNELS_BUILD=none).
KERNELS   ?= 6.1 5.10 6.12 trixie-backports trixie-backports-rt debug-6.1
# bookworm's arm64 kernel, cross-built and booted in qemu-system-aarch64
# (kvmfr with 32-bit ARM compat, the battery table: sysfs and UEFI boot;
# about 1.5 minutes warm, 2.5 cold): ARM64=0 leaves it out.
ARM64     ?= 1
ifeq ($(ARM64),1)
KERNELS   += bookworm-arm64
endif
KERNELS_BUILD ?= archive


.PHONY: all modules modules_install probes clean lint install uninstall check kunit demo bench tools

all: modules tools

# The probe header depends on the kernel we build against: regenerate it
# every time (it takes a few seconds and is printed in the build log).
# The compiler settings given on the command line (dkms adds CC=clang
# LLVM=1 for clang-built kernels) reach kbuild through MAKEFLAGS, which the
# probes drop: pass them explicitly, or the probes use the wrong compiler.
PROBE_VARS := $(foreach v,CC LD AR NM OBJCOPY LLVM LLVM_IAS CROSS_COMPILE ARCH HOSTCC, \
	$(if $(filter command line,$(origin $(v))),'$(v)=$($(v))'))

probes:
	@$(SRC)/scripts/probe.sh "$(KDIR)" "$(PROBES_H)" $(PROBE_VARS)

# GPUPASS_MODULES limits the build to some modules; GPUPASS_DECISION is
# the per-module trial's answer (scripts/dkms-modules.sh), whose reasons
# for leaving a module out go into the build log.
modules: probes
	@if [ -n "$(GPUPASS_DECISION)" ] && [ -f "$(GPUPASS_DECISION)" ]; then \
		sed -n 's/^# \(.* skipped: \)/gpupass: \1/p' "$(GPUPASS_DECISION)"; fi
	$(MAKE) -C "$(KDIR)" M="$(SRC)" modules

# For packagers who do not use DKMS: INSTALL_MOD_PATH=/staging/root and
# INSTALL_MOD_DIR (default updates/gpupass) as for any external module.
modules_install: modules
	$(MAKE) -C "$(KDIR)" M="$(SRC)" INSTALL_MOD_DIR="$(or $(INSTALL_MOD_DIR),updates/gpupass)" modules_install

tools:
	$(MAKE) -C $(SRC)/tools

clean:
	-$(MAKE) -C "$(KDIR)" M="$(SRC)" clean
	$(MAKE) -C $(SRC)/tools clean
	$(MAKE) -C $(SRC)/tests clean
	rm -f $(PROBES_H)

lint:
	@$(SRC)/scripts/lint.sh

install:
	@$(SRC)/scripts/install.sh install

uninstall:
	@$(SRC)/scripts/install.sh uninstall

check:
	@KERNELS_BUILD="$(KERNELS_BUILD)" $(SRC)/tests/run.sh $(KERNELS)

kunit:
	@$(SRC)/tests/kunit.sh

demo:
	@$(SRC)/tests/run.sh --demo $(firstword $(KERNELS))

bench:
	@$(SRC)/tests/run.sh --bench $(KERNELS)
