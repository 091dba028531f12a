"""Broken images for the training lab "diagnose and fix an image": one per family of checks.

`broken_images(folder)` builds them (small, sparse, without mounting) and returns what a lab notebook needs for
each: the image, the checks that fail on it, what a tenant would see on a real Hub (the lab stamp, like a real Hub,
accepts the image: the failure comes at VM deployment), the fix in the guide's terms, and `repair()`, which stands
for "run the fix in the VM and capture the VHD again" (it builds the repaired image next to the broken one; the
container fixes, Convert-VHD and Resize-VHD, the learner runs for real).

    from azskernel.imagecheck.testing.lab import broken_images
    for exercise in broken_images(Path("out/lab-images")):
        print(exercise.name, exercise.path, exercise.failing)

From a PowerShell notebook: `python -m azskernel.imagecheck.testing.lab out/lab-images | ConvertFrom-Json` (one
JSON object per exercise: name, family, path, mode, failing, symptom, fix).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .disks import LVM_PV, Part, build_disk, convert, ext4
from .images import KERNEL, PY, RESOURCE_DISK_LINE, linux_disk, linux_gen2_disk, specialized, ubuntu_tree, version_py
from .images import windows_disk, windows_tree
from .tree import Tree, drop

GOOD = ubuntu_tree()
CONF = str(GOOD["/etc/waagent.conf"])
CLOUD_INIT = ("/usr/bin/cloud-init", "/etc/cloud/cloud.cfg",
              "/etc/systemd/system/cloud-init.target.wants/cloud-init-local.service")


@dataclass(frozen=True)
class Exercise:
    name: str
    family: str
    """Container, Generation, Agent, Provisioning, cloud-init and fstab, Deprovision, Kernel, Windows, Unreadable,
    Specialized (a migrated VM's disk, right as it is: what fails is testing it as generalized)."""
    path: Path
    mode: str
    failing: tuple[str, ...]
    """The check ids Test-AzsImage reports as Error or Warning on this image (what the learner should find)."""
    symptom: str
    """What happens on a real Hub if the image is published as it is."""
    fix: str
    """What to run, in the guide's terms."""
    repair: Callable[[], Path]
    """Builds the image as it is after the fix (for the learner to test again); the container exercises return the
    broken path unchanged: their fix is Convert-VHD / Resize-VHD, run for real."""


def _linux(folder: Path, name: str, tree: Tree, good: Tree = GOOD, fmt: str = "vhd-fixed") -> tuple[Path, Callable[[], Path]]:
    path = convert(linux_disk(folder / f"{name}.raw", tree), fmt, folder / f"{name}.vhd")
    return path, lambda: convert(linux_disk(folder / f"{name}-repaired.raw", good), "vhd-fixed",
                                 folder / f"{name}-repaired.vhd")


def _windows(folder: Path, name: str, tree: Tree) -> tuple[Path, Callable[[], Path]]:
    path = convert(windows_disk(folder / f"{name}.raw", tree), "vhd-fixed", folder / f"{name}.vhd")
    return path, lambda: convert(windows_disk(folder / f"{name}-repaired.raw", windows_tree()), "vhd-fixed",
                                 folder / f"{name}-repaired.vhd")


def broken_images(folder: Path) -> list[Exercise]:
    """Build every exercise's image under `folder` (about 1 s in all) and describe it."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []

    raw = linux_disk(folder / "container.raw", GOOD, size_mib=40)
    path = convert(raw, "vhd-dynamic", folder / "container.vhd", force_size=False)
    out.append(Exercise(
        "container", "Container", path, "Generalized", ("D2", "D3"),
        "Add-AzsPlatformImage ends Failed with no reason given (a dynamic VHD, a size that is not a whole MiB).",
        "Convert-VHD -Path container.vhd -DestinationPath container-fixed.vhd -VHDType Fixed, then Resize-VHD to the "
        "whole MiB Test-AzsImage names (or upload with Add-AzVhd, which streams it as a fixed, whole-MiB VHD).",
        lambda kept=path: kept))

    gen2 = convert(linux_gen2_disk(folder / "generation-2.raw", GOOD), "vhd-fixed", folder / "generation-2.vhd")
    out.append(Exercise(
        "generation-2", "Generation", gen2, "Generalized", ("D4",),
        "The image is added, but VMs never boot: the Hub starts them with BIOS (generation 1) and the disk only has "
        "an EFI system partition.",
        "Rebuild the image in a generation 1 VM (MBR), or add a BIOS-boot partition and install GRUB for BIOS.",
        lambda: convert(linux_disk(folder / "generation-2-repaired.raw", GOOD, scheme="gpt"), "vhd-fixed",
                        folder / "generation-2-repaired.vhd")))

    cases: list[tuple[str, str, Tree, tuple[str, ...], str, str]] = [
        ("agent-missing", "Agent", drop(GOOD, f"{PY}/azurelinuxagent", f"{PY}/WALinuxAgent-2.2.46.egg-info",
                                        "/usr/sbin/waagent"), ("L1",),
         "VMs boot but their deployment times out: nothing provisions the user, the SSH key or the host name.",
         "sudo apt-get install walinuxagent (yum install WALinuxAgent on Red Hat), then "
         "sudo waagent -force -deprovision+user && export HISTSIZE=0 && logout, and capture again."),
        ("agent-2.2.32", "Agent", {**drop(GOOD, f"{PY}/WALinuxAgent-2.2.46.egg-info"),
                                   f"{PY}/azurelinuxagent/common/version.py": version_py("2.2.32")}, ("L2",),
         "On Hub builds up to 1910, provisioning fails with this unsupported agent.",
         "Update the agent package to 2.2.35 or later, generalize again, capture again."),
        ("provisioning-Auto", "Provisioning", {**GOOD, "/etc/waagent.conf": CONF.replace(
            "Provisioning.Agent=auto", "Provisioning.Agent=Auto")}, ("L4",),
         "VMs deploy but nobody can sign in: provisioning was turned off (the specialized-disk setting on a "
         "generalized image).",
         "Set Provisioning.Agent=auto (lower case) in /etc/waagent.conf, generalize, capture again."),
        ("provisioned-marker", "Provisioning", {**GOOD, "/var/lib/waagent/provisioned": ""}, ("L5", "L8"),
         "VMs deploy but keep the template's identity: the agent thinks it already provisioned them.",
         "sudo waagent -force -deprovision+user && export HISTSIZE=0 && logout, then capture again."),
        ("cloud-init-and-fstab", "cloud-init and fstab", {**GOOD, "/etc/cloud/cloud-init.disabled": "",
                                                          "/etc/fstab": str(GOOD["/etc/fstab"]) + RESOURCE_DISK_LINE},
         ("L6", "L7"),
         "Boot hangs waiting for /dev/disk/cloud/azure_resource-part1, and the agent waits for a disabled cloud-init.",
         "sudo sed -i '/azure_resource/d' /etc/fstab; either remove /etc/cloud/cloud-init.disabled or disable the "
         "cloud-init units (sudo systemctl disable cloud-init-local cloud-init cloud-config cloud-final)."),
        ("not-deprovisioned", "Deprovision", {**GOOD, "/var/lib/waagent/ovf-env.xml": "<Environment/>",
                                              "/var/log/waagent.log": "INFO\n", "/root/.bash_history": "ls\n"},
         ("L8",),
         "Every VM inherits the template VM's state and history.",
         "sudo waagent -force -deprovision+user && export HISTSIZE=0 && logout, then capture again."),
        ("no-udf", "Kernel", {**drop(GOOD, f"/usr/lib/modules/{KERNEL}/kernel/fs/udf"),
                              f"/boot/config-{KERNEL}": "CONFIG_HYPERV=y\n"}, ("L9",),
         "Provisioning fails: the agent cannot read the provisioning disc (UDF).",
         "Install the kernel's modules package (Ubuntu: linux-modules-$(uname -r)), make sure udf is not "
         "blacklisted, generalize, capture again."),
    ]
    for name, family, tree, failing, symptom, fix in cases:
        path, repair = _linux(folder, name, tree)
        out.append(Exercise(name, family, path, "Generalized", failing, symptom, fix, repair))

    for name, tree, failing, symptom, fix in [
        ("windows-not-sysprepped", windows_tree(image_state="IMAGE_STATE_COMPLETE", tag=False), ("W2",),
         "VMs boot with the template's identity and no OOBE: the admin password given at deployment is not set.",
         "In the VM: C:\\Windows\\System32\\Sysprep\\sysprep.exe /generalize /oobe /shutdown, then capture."),
        ("windows-no-agent", windows_tree(agent=False), ("W4",),
         "VMs deploy, but every VM extension fails.",
         "Install the Azure VM agent (.msi) in the VM before Sysprep, then sysprep and capture again."),
    ]:
        path, repair = _windows(folder, name, tree)
        out.append(Exercise(name, "Windows", path, "Generalized", failing, symptom, fix, repair))

    boot = {"/grub/grub.cfg": "set default=0\n", f"/vmlinuz-{KERNEL}": "MZ"}
    lvm = convert(build_disk(folder / "lvm-root.raw", [Part(16, ext4(boot, label="boot"), "83", bootable=True),
                                                       Part(None, LVM_PV, "8e")], size_mib=64),
                  "vhd-fixed", folder / "lvm-root.vhd")
    out.append(Exercise(
        "lvm-root", "Unreadable", lvm, "Generalized", ("D5", "L1", "L2", "L3", "L4", "L5", "L6", "L7", "L8", "L9"),
        "Nothing certain: the checks cannot look inside LVM, so none of the Linux rules is known to hold.",
        "Rebuild the image with a plain root partition (the guide's Red Hat page advises against LVM), or check the "
        "Linux rules by hand in the VM.", lambda kept=lvm: kept))
    migrated, _ = _linux(folder, "migrated", specialized(GOOD))
    out.append(Exercise(
        "migrated", "Specialized", migrated, "Specialized", (),
        "Nothing, used as what it is (a specialized disk keeps its VM's identity). Tested or published as a generalized "
        "image, it fails L4, L5 and L8: its VMs would all come up as the migrated VM, unprovisioned.",
        "Test it with -Mode Specialized (Add-AzVhd and Add-AzsPlatformImage: -ImageMode Specialized); to make a "
        "platform image of it, generalize it first (sudo waagent -force -deprovision+user).", lambda kept=migrated: kept))
    for raw in folder.glob("*.raw"):
        raw.unlink()
    return out


def main(argv: list[str]) -> int:
    import json

    if len(argv) != 1:
        print("usage: python -m azskernel.imagecheck.testing.lab FOLDER", file=sys.stderr)
        return 2
    exercises = broken_images(Path(argv[0]))
    print(json.dumps([{"name": e.name, "family": e.family, "path": str(e.path), "mode": e.mode,
                       "failing": list(e.failing), "symptom": e.symptom, "fix": e.fix} for e in exercises], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


__all__ = ["Exercise", "broken_images", "main"]
