# SPDX-License-Identifier: GPL-2.0
# gpupass kernel modules for NixOS, built against a kernel package:
#   boot.extraModulePackages = [ (config.boot.kernelPackages.callPackage ./default.nix { }) ];
# or through the NixOS module in ./module.nix.
#
# UNTESTED beyond parsing: the test suite only checks this file with
# `nix-instantiate --parse` (Debian's nix-bin, no nixpkgs or NixOS there).
{ lib, stdenv, kernel, src ? ../.. }:

stdenv.mkDerivation {
  pname = "gpupass";
  version = "${lib.fileContents "${src}/VERSION"}-${kernel.version}";
  inherit src;

  nativeBuildInputs = kernel.moduleBuildDependencies;
  hardeningDisable = [ "pic" "format" ];

  makeFlags = kernel.makeFlags ++ [
    "KDIR=${kernel.dev}/lib/modules/${kernel.modDirVersion}/build"
  ];
  buildFlags = [ "modules" ];

  # The feature probes compile small modules against the kernel tree: no
  # network, no writes outside the build directory.
  installPhase = ''
    runHook preInstall
    for m in kvmfr/kvmfr.ko vfio_d3cold/vfio_d3cold.ko acpi_battery_ssdt/acpi_battery_ssdt.ko; do
      # vfio_d3cold is left out on kernels without vfio-pci-core.
      if [ -f "$m" ]; then
        install -D -m 0644 "$m" "$out/lib/modules/${kernel.modDirVersion}/extra/$(basename "$m")"
      fi
    done
    install -D -m 0644 kvmfr/dist/udev/70-kvmfr.rules $out/lib/udev/rules.d/70-kvmfr.rules
    runHook postInstall
  '';

  meta = {
    description = "Kernel modules for GPU passthrough: kvmfr (Looking Glass), vfio_d3cold, acpi_battery_ssdt";
    license = lib.licenses.gpl2Only;
    platforms = [ "x86_64-linux" "aarch64-linux" ];
  };
}
