# SPDX-License-Identifier: GPL-2.0
#
# gpupass: kvmfr, vfio_d3cold and acpi_battery_ssdt, built out of tree.
#
#   make                      build all modules for the running kernel
#   make KVER=6.1.0-56-amd64  ... for another installed kernel
#   make KDIR=/path/to/build  ... against a kernel build directory
#   make W=1 / make C=1       extra warnings / sparse
#   make lint                 checkpatch.pl --strict over our sources
#   sudo make install         DKMS install plus udev/modprobe.d/... files
#   sudo make uninstall       reverse of install
#   make check                QEMU integration tests (see README.md)

SRC       := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
VERSION   := $(shell cat $(SRC)/VERSION)
PACKAGE   := gpupass
KVER      ?= $(shell uname -r)
KDIR      ?= /lib/modules/$(KVER)/build
PROBES_H  := $(SRC)/include/gpupass_probes.h
CACHE     ?= $(HOME)/.cache/$(PACKAGE)
KERNELS   ?= 6.1 5.10 6.12 7.2 debug-6.1


.PHONY: all modules probes clean lint install uninstall check kunit demo bench tools

all: modules tools

# The probe header depends on the kernel we build against: regenerate it
# every time (it takes a few seconds and is printed in the build log).
probes:
	@$(SRC)/scripts/probe.sh "$(KDIR)" "$(PROBES_H)"

modules: probes
	$(MAKE) -C "$(KDIR)" M="$(SRC)" modules

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
	@$(SRC)/tests/run.sh --bench $(KERNELS)
