# SPDX-License-Identifier: GPL-2.0
# NixOS module for gpupass.  In configuration.nix:
#   imports = [ ./packaging/nix/module.nix ];
#   hardware.gpupass = {
#     enable = true;
#     kvmfr.staticSizeMb = [ 64 ];          # /dev/kvmfr0 for Looking Glass
#     kvmfr.group = "kvm";
#     vfioD3cold.ids = [ "10de:24dd" "10de:228b" ];   # the GPU and its audio
#   };
#
# UNTESTED beyond parsing: the test suite only checks this file with
# `nix-instantiate --parse` (Debian's nix-bin, no nixpkgs or NixOS there).
{ config, lib, pkgs, ... }:

let
  cfg = config.hardware.gpupass;
  gpupass = config.boot.kernelPackages.callPackage ./default.nix { };
in
{
  options.hardware.gpupass = {
    enable = lib.mkEnableOption "the gpupass kernel modules";

    kvmfr.staticSizeMb = lib.mkOption {
      type = lib.types.listOf lib.types.ints.positive;
      default = [ ];
      example = [ 64 ];
      description = ''
        Sizes in MiB of the static kvmfr devices (/dev/kvmfr0, ...), each
        pinned at boot.  Empty: kvmfr is not loaded at boot and no memory
        is pinned.  Size one with `kvmfr-size WIDTH HEIGHT`; QEMU's
        memory-backend-file size must be equal.
      '';
    };

    kvmfr.group = lib.mkOption {
      type = lib.types.str;
      default = "kvm";
      description = "Group that may open /dev/kvmfrN (QEMU's and the Looking Glass client's).";
    };

    vfioD3cold.ids = lib.mkOption {
      type = lib.types.listOf lib.types.str;
      default = [ ];
      example = [ "10de:24dd" "10de:228b" ];
      description = ''
        vendor:device IDs bound to vfio_d3cold at boot.  The module is
        loaded from the initrd (boot.initrd.kernelModules): loaded in stage
        2 instead, a GPU driver in the initrd would bind the GPU first.
      '';
    };
  };

  config = lib.mkIf cfg.enable {
    boot.extraModulePackages = [ gpupass ];
    boot.kernelModules = lib.optional (cfg.kvmfr.staticSizeMb != [ ]) "kvmfr";
    boot.initrd.kernelModules = lib.optionals (cfg.vfioD3cold.ids != [ ])
      [ "vfio_pci_core" "vfio_d3cold" ];
    # On the command line, so the initrd's modprobe sees it too.
    boot.kernelParams = lib.optional (cfg.vfioD3cold.ids != [ ])
      "vfio_d3cold.ids=${lib.concatStringsSep "," cfg.vfioD3cold.ids}";
    boot.extraModprobeConfig = lib.optionalString (cfg.kvmfr.staticSizeMb != [ ])
      "options kvmfr static_size_mb=${lib.concatMapStringsSep "," toString cfg.kvmfr.staticSizeMb}";
    services.udev.extraRules = ''
      SUBSYSTEM=="kvmfr", GROUP="${cfg.kvmfr.group}", MODE="0660"
    '';
  };
}
