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
KERNELS   ?= 6.1 5.10 6.12 7.2 debug-6.1


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

modules: probes
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
	@$(SRC)/tests/run.sh $(KERNELS)

kunit:
	@$(SRC)/tests/kunit.sh

demo:
	@$(SRC)/tests/run.sh --demo $(firstword $(KERNELS))

bench:
	@$(SRC)/tests/run.sh --bench $(firstword $(KERNELS))
