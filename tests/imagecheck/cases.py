"""Every disk the image checks are tested on: how it is built (without mounting) and what each check must say.

A case names the checks it is about and the (Status, Severity) each must give; `by_format` when that depends on
the container. Every check of the catalogue has a case where it passes and one where it fails (test_catalogue.py
checks that this stays so).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from azskernel.imagecheck.testing import DIR, Link, Part, build_disk, drop, ext4, linux_disk, linux_gen2_disk
from azskernel.imagecheck.testing import specialized, ubuntu_tree, windows_disk, windows_tree
from azskernel.imagecheck.testing.disks import BITLOCKER, BTRFS, GPT_BIOS_BOOT, GPT_ESP, LUKS, LVM_PV, SWAP, ntfs
from azskernel.imagecheck.testing.images import AGENT, KERNEL, PY, RESOURCE_DISK_LINE, software_hive, system_hive
from azskernel.imagecheck.testing.images import version_py

MiB = 1024 * 1024
PASS = ("Passed", "Info")
NA = ("NotApplicable", "Info")
CANNOT = ("CannotInspect", "Warning")


def fail(severity: str) -> tuple[str, str]:
    return ("Failed", severity)


def by_format(raw: tuple[str, str], fixed: tuple[str, str], dynamic: tuple[str, str],
              vhdx: tuple[str, str]) -> dict[str, tuple[str, str]]:
    return {"raw": raw, "vhd-fixed": fixed, "vhd-dynamic": dynamic, "vhdx": vhdx}


CONTAINER = {"D1": by_format(PASS, PASS, PASS, fail("Error")),
             "D2": by_format(fail("Error"), PASS, fail("Error"), NA)}
"""What D1 and D2 say of any well-formed disk, by container."""
LINUX_OK = {f"L{i}": PASS for i in range(1, 10)}
WINDOWS_OK = {"W1": PASS, "W2": PASS, "W3": PASS, "W4": PASS}


@dataclass(frozen=True)
class Case:
    build: Callable[[Path], Path]
    expect: dict[str, object]
    """Check id -> (Status, Severity), or a by_format dict."""
    mode: str = "Generalized"
    os_type: str | None = None
    reason: str = ""
    """Text the CannotInspect records of this case must contain."""
    families: tuple[str, ...] = field(default=("Linux",))


# -- trees ------------------------------------------------------------------------------------------------
GOOD = ubuntu_tree()
CONF = str(GOOD["/etc/waagent.conf"])
AGENT_FILES = (f"{PY}/azurelinuxagent", f"{PY}/WALinuxAgent-{AGENT}.egg-info", "/usr/sbin/waagent")
CLOUD_INIT = ("/usr/bin/cloud-init", "/etc/cloud/cloud.cfg",
              "/etc/systemd/system/cloud-init.target.wants/cloud-init-local.service")


def conf(text: str = CONF, **settings: str) -> str:
    """waagent.conf with settings replaced (or added); a value of "" removes the line."""
    lines = text.splitlines()
    for key, value in settings.items():
        name = key.replace("_", ".")
        lines = [line for line in lines if not line.startswith(name + "=")]
        if value:
            lines.append(f"{name}={value}")
    return "\n".join(lines) + "\n"


def with_agent(tree: dict, version: str) -> dict:
    tree = drop(tree, *AGENT_FILES)
    return {**tree, f"{PY}/azurelinuxagent/common/version.py": version_py(version),
            f"{PY}/WALinuxAgent-{version}.egg-info/PKG-INFO": f"Version: {version}\n"}


def ext4_disk(tree: dict, **kw: object) -> Callable[[Path], Path]:
    return lambda p: linux_disk(p, tree, **kw)  # type: ignore[arg-type]


def win(tree: dict, **kw: object) -> Callable[[Path], Path]:
    return lambda p: windows_disk(p, tree, **kw)  # type: ignore[arg-type]


def odd_size(p: Path) -> Path:
    linux_disk(p, GOOD)
    os.truncate(p, 64 * MiB + 512)
    return p


def lvm_root(p: Path) -> Path:
    boot = {"/grub/grub.cfg": "set default=0\n", f"/vmlinuz-{KERNEL}": "MZ"}
    return build_disk(p, [Part(16, ext4(boot, label="boot"), "83", bootable=True), Part(None, LVM_PV, "8e")],
                      size_mib=64)


def encrypted_root(content: object, mbr_type: str = "83") -> Callable[[Path], Path]:
    boot = {"/grub/grub.cfg": "set default=0\n", f"/vmlinuz-{KERNEL}": "MZ"}
    return lambda p: build_disk(p, [Part(16, ext4(boot, label="boot"), "83", bootable=True),
                                    Part(None, content, mbr_type)], size_mib=64)  # type: ignore[arg-type]


def swap_partition(p: Path) -> Path:
    return build_disk(p, [Part(48, ext4(GOOD), "83", bootable=True), Part(None, SWAP, "82")], size_mib=64)


def gen_either(p: Path) -> Path:
    return build_disk(p, [Part(1, None, gpt_type=GPT_BIOS_BOOT, name="BIOS boot"),
                          Part(8, None, gpt_type=GPT_ESP, name="EFI System Partition"),
                          Part(None, ext4(GOOD), name="rootfs")], scheme="gpt", size_mib=64)


def blank(p: Path) -> Path:
    with open(p, "wb") as f:
        f.truncate(32 * MiB)
    return p


def corrupt_superblock(p: Path) -> Path:
    linux_disk(p, GOOD)
    fd = os.open(p, os.O_RDWR)
    try:
        os.pwrite(fd, (40).to_bytes(4, "little"), MiB + 1024 + 0x18)  # s_log_block_size: a 2^50-byte block
    finally:
        os.close(fd)
    return p


def ntfs_without_windows(p: Path) -> Path:
    return build_disk(p, [Part(None, ntfs({"/Users/Public/readme.txt": "data disk\r\n"}, label="Data"), "7")],
                      size_mib=64)


def bitlocker(p: Path) -> Path:
    return build_disk(p, [Part(16, ntfs({"/bootmgr": b"BOOTMGR"}, label="System Reserved"), "7", bootable=True),
                          Part(None, BITLOCKER, "7")], size_mib=64)


NOT_DEPROVISIONED = {
    **GOOD,
    "/var/lib/waagent/ovf-env.xml": "<Environment/>",
    "/var/lib/waagent/Certificates.pem": "-----BEGIN CERTIFICATE-----\n",
    "/var/lib/waagent/WALinuxAgent-2.9.1.1/HandlerManifest.json": "{}",
    "/var/log/waagent.log": "2024/01/01 INFO Daemon Azure Linux Agent Version: 2.9.1.1\n",
    "/var/log/azure/Microsoft.Azure.Extensions.CustomScript/handler.log": "ok\n",
    "/root/.bash_history": "sudo waagent -version\n",
    "/var/lib/dhcp/dhclient.eth0.leases": "lease { fixed-address 10.0.0.4; }\n",
    "/etc/ssh/ssh_host_rsa_key": "-----BEGIN OPENSSH PRIVATE KEY-----\n",
    "/etc/ssh/ssh_host_rsa_key.pub": "ssh-rsa AAAA\n",
    "/etc/shadow": "root:$6$salt$hash:19000:0:99999:7:::\n",
    "/etc/passwd": str(GOOD["/etc/passwd"]) + "azureuser:x:1000:1000::/home/azureuser:/bin/bash\n",
    "/home/azureuser/.bash_history": "ls\n",
}
RHEL = {
    **drop(GOOD, *AGENT_FILES, "/usr/lib/systemd/system/walinuxagent.service",
           "/etc/systemd/system/multi-user.target.wants/walinuxagent.service", *CLOUD_INIT),
    "/usr/lib/python3.6/site-packages/azurelinuxagent/common/version.py": version_py("2.2.49.2"),
    "/usr/lib/systemd/system/waagent.service": "[Unit]\nDescription=Azure Linux Agent\n",
    "/etc/systemd/system/multi-user.target.wants/waagent.service": Link("/usr/lib/systemd/system/waagent.service"),
    "/etc/fstab": "UUID=1234 / xfs defaults 0 0\n",
}
OLD_AGENT_SPECIALIZED = {
    **specialized(with_agent(GOOD, "2.2.20")),
    "/etc/waagent.conf": conf(Provisioning_Agent="", Provisioning_Enabled="n", Provisioning_UseCloudInit="n"),
}

CASES: dict[str, Case] = {
    # -- the good images, on every file system and partitioning ------------------------------------------------
    "ubuntu-ext4-mbr": Case(ext4_disk(GOOD), {**CONTAINER, "D3": PASS, "D4": PASS, "D5": PASS, "D6": PASS,
                                              **LINUX_OK}),
    "ubuntu-ext4-gpt": Case(ext4_disk(GOOD, scheme="gpt"), {**CONTAINER, "D4": PASS, **LINUX_OK}),
    "ubuntu-xfs-mbr": Case(ext4_disk(GOOD, fs="xfs"), {**CONTAINER, "D4": PASS, "D6": PASS, **LINUX_OK}),
    "ubuntu-xfs-gpt": Case(ext4_disk(GOOD, fs="xfs", scheme="gpt"), {**CONTAINER, "D4": PASS, **LINUX_OK}),
    "rhel-xfs": Case(ext4_disk(RHEL, fs="xfs"), {"L1": PASS, "L2": PASS, "L3": PASS, "L4": PASS, "L6": PASS,
                                                 "L7": PASS}),
    # -- D3 size, D4 generation, D5 LVM and swap, D6 clean ------------------------------------------------------
    "odd-size": Case(odd_size, {"D3": fail("Error")}),
    "too-small": Case(ext4_disk(GOOD, size_mib=16), {"D3": fail("Error"), "L1": PASS}),
    "generation-2": Case(lambda p: linux_gen2_disk(p, GOOD), {"D4": fail("Error"), "L1": PASS}),
    "generation-either": Case(gen_either, {"D4": fail("Warning")}),
    "swap-partition": Case(swap_partition, {"D5": fail("Warning"), "L1": PASS}),
    "fstab-swap": Case(ext4_disk({**GOOD, "/etc/fstab": str(GOOD["/etc/fstab"]) + "/swapfile none swap sw 0 0\n"}),
                       {"D5": fail("Warning")}),
    "lvm-root": Case(lvm_root, {"D5": fail("Warning"), "L1": CANNOT, "L8": CANNOT}, reason="LVM"),
    "needs-recovery": Case(lambda p: linux_disk(p, GOOD, ext4_debugfs=("feature needs_recovery",)),
                           {"D6": fail("Warning"), "L1": PASS}),
    "fs-errors": Case(lambda p: linux_disk(p, GOOD, ext4_debugfs=("ssv state 3",)), {"D6": fail("Warning")}),
    # -- L1 agent, L2 version, L3 service ----------------------------------------------------------------------
    "no-agent": Case(ext4_disk(drop(GOOD, *AGENT_FILES)), {"L1": fail("Error"), "L2": NA, "L3": NA, "L4": NA,
                                                            "L5": NA}),
    "no-agent-specialized": Case(ext4_disk(specialized(drop(GOOD, *AGENT_FILES))), {"L1": fail("Warning")},
                                 mode="Specialized"),
    "agent-egg-info-only": Case(ext4_disk(drop(GOOD, f"{PY}/azurelinuxagent")), {"L1": PASS, "L2": PASS}),
    "agent-2.2.32": Case(ext4_disk(with_agent(GOOD, "2.2.32")), {"L1": PASS, "L2": fail("Warning")}),
    "agent-2.2.19": Case(ext4_disk(with_agent(GOOD, "2.2.19")), {"L2": fail("Warning")}),
    "agent-2.2.35.1": Case(ext4_disk(with_agent(GOOD, "2.2.35.1")), {"L2": PASS}),
    "service-disabled": Case(ext4_disk(drop(GOOD, "/etc/systemd/system/multi-user.target.wants")),
                             {"L3": fail("Warning")}),
    # -- L4 provisioning settings, L5 marker ------------------------------------------------------------------
    "agent-Auto": Case(ext4_disk({**GOOD, "/etc/waagent.conf": conf(Provisioning_Agent="Auto")}),
                       {"L4": fail("Error")}),
    "agent-disabled-old": Case(ext4_disk({**with_agent(GOOD, "2.2.20"),
                                          "/etc/waagent.conf": conf(Provisioning_Enabled="n")}),
                               {"L2": PASS, "L4": fail("Error")}),
    "legacy-keys": Case(ext4_disk({**GOOD, "/etc/waagent.conf": conf(Provisioning_Enabled="y")}),
                        {"L4": fail("Info")}),
    "no-waagent-conf": Case(ext4_disk(drop(GOOD, "/etc/waagent.conf")), {"L4": fail("Warning")}),
    "waagent-conf-symlink": Case(ext4_disk({**GOOD, "/usr/share/walinuxagent/waagent.conf": conf(
                                     Provisioning_Agent="Auto"), "/etc/waagent.conf": Link(
                                     "/usr/share/walinuxagent/waagent.conf")}), {"L4": fail("Error")}),
    "waagent-conf-loop": Case(ext4_disk({**GOOD, "/etc/waagent.conf": Link("waagent.conf.d"),
                                         "/etc/waagent.conf.d": Link("/etc/waagent.conf")}), {"L4": fail("Warning")}),
    "specialized": Case(ext4_disk(specialized(GOOD)), {"L4": PASS, "L5": PASS, "L6": PASS, "L7": PASS, "L8": NA},
                        mode="Specialized"),
    "specialized-no-setting": Case(ext4_disk({**specialized(GOOD), "/etc/waagent.conf": CONF.replace(
                                       "Provisioning.Agent=auto\n", "")}), {"L4": fail("Error")},
                                   mode="Specialized"),
    "specialized-old-agent": Case(ext4_disk(OLD_AGENT_SPECIALIZED), {"L4": PASS, "L5": PASS}, mode="Specialized"),
    "specialized-old-agent-enabled": Case(ext4_disk({**OLD_AGENT_SPECIALIZED, "/etc/waagent.conf": conf(
                                              Provisioning_Agent="")}), {"L4": fail("Error")}, mode="Specialized"),
    "marker-generalized": Case(ext4_disk({**GOOD, "/var/lib/waagent/provisioned": ""}),
                               {"L5": fail("Error"), "L8": fail("Error")}),
    "specialized-no-marker": Case(ext4_disk(drop(specialized(GOOD), "/var/lib/waagent/provisioned")),
                                  {"L5": fail("Error")}, mode="Specialized"),
    # -- L6 cloud-init, L7 fstab -----------------------------------------------------------------------------------
    "no-cloud-init": Case(ext4_disk(drop(GOOD, *CLOUD_INIT)), {"L6": PASS, "L7": PASS}),
    "cloud-init-agent-but-disabled": Case(ext4_disk({**GOOD, "/etc/cloud/cloud-init.disabled": "",
                                                     "/etc/waagent.conf": conf(Provisioning_Agent="cloud-init")}),
                                          {"L4": PASS, "L6": fail("Error")}),
    "waagent-with-cloud-init": Case(ext4_disk({**GOOD, "/etc/waagent.conf": conf(Provisioning_Agent="waagent")}),
                                    {"L6": fail("Error")}),
    "cloud-init-half-disabled": Case(ext4_disk({**GOOD, "/etc/cloud/cloud-init.disabled": ""}),
                                     {"L6": fail("Warning")}),
    "specialized-cloud-init-on": Case(ext4_disk(drop(specialized(GOOD), "/etc/cloud/cloud-init.disabled")),
                                      {"L6": fail("Error")}, mode="Specialized"),
    "fstab-resource-disk": Case(ext4_disk({**drop(GOOD, *CLOUD_INIT),
                                           "/etc/fstab": str(GOOD["/etc/fstab"]) + RESOURCE_DISK_LINE}),
                                {"L7": fail("Error")}),
    "fstab-resource-disk-cloud-init": Case(ext4_disk({**GOOD, "/etc/fstab": str(GOOD["/etc/fstab"])
                                                      + RESOURCE_DISK_LINE}), {"L7": PASS}),
    # -- L8 deprovision residue, L9 kernel and boot ------------------------------------------------------------
    "not-deprovisioned": Case(ext4_disk(NOT_DEPROVISIONED), {"L8": fail("Error")}),
    "agent-log-left": Case(ext4_disk({**GOOD, "/var/log/waagent.log": "INFO\n"}), {"L8": fail("Warning")}),
    "users-left": Case(ext4_disk({**GOOD, "/etc/passwd": NOT_DEPROVISIONED["/etc/passwd"]}), {"L8": fail("Info")}),
    "no-udf": Case(ext4_disk({**drop(GOOD, f"/usr/lib/modules/{KERNEL}/kernel/fs/udf"),
                              f"/boot/config-{KERNEL}": "CONFIG_HYPERV=y\n"}), {"L9": fail("Warning")}),
    "udf-built-in": Case(ext4_disk({**drop(GOOD, f"/usr/lib/modules/{KERNEL}/kernel/fs/udf"),
                                    f"/boot/config-{KERNEL}": "CONFIG_UDF_FS=y\n"}), {"L9": PASS}),
    "grub-no-serial-console": Case(ext4_disk({**GOOD, "/etc/default/grub": 'GRUB_CMDLINE_LINUX="quiet splash"\n'}),
                                   {"L9": fail("Info")}),
    "xfs-marker": Case(ext4_disk({**GOOD, "/var/lib/waagent/provisioned": ""}, fs="xfs"), {"L5": fail("Error")}),
    "xfs-fstab-resource-disk": Case(ext4_disk({**drop(GOOD, *CLOUD_INIT), "/etc/fstab": str(GOOD["/etc/fstab"])
                                               + RESOURCE_DISK_LINE}, fs="xfs", scheme="gpt"), {"L7": fail("Error")}),
    # -- layers that cannot be read ------------------------------------------------------------------------
    "luks-root": Case(encrypted_root(LUKS), {"L1": CANNOT, "L9": CANNOT}, reason="LUKS-encrypted"),
    "btrfs-root": Case(encrypted_root(BTRFS), {"L1": CANNOT}, reason="Btrfs"),
    "ext4-large-dir": Case(ext4_disk(GOOD, ext4_options=("-O", "large_dir")), {"L1": CANNOT, "D6": PASS},
                           reason="cannot be read"),
    "corrupt-superblock": Case(corrupt_superblock, {"L1": CANNOT, "L5": CANNOT}, reason="block size"),
    "blank-disk": Case(blank, {"D4": fail("Warning"), "L1": CANNOT, "W1": CANNOT}, families=("Linux", "Windows"),
                       reason="blank (its first 64 KiB are zeros)"),
    # -- Windows ------------------------------------------------------------------------------------------------
    "windows": Case(win(windows_tree()), {**CONTAINER, "D3": PASS, "D4": PASS, "D5": PASS, "D6": PASS, **WINDOWS_OK},
                    families=("Windows",)),
    "windows-gpt": Case(win(windows_tree(), scheme="gpt"), {"D4": fail("Error"), **WINDOWS_OK}, families=("Windows",)),
    "windows-not-generalized": Case(win(windows_tree(image_state="IMAGE_STATE_COMPLETE")), {"W2": fail("Error")},
                                    families=("Windows",)),
    "windows-specialized": Case(win(windows_tree(image_state="IMAGE_STATE_COMPLETE", tag=False)),
                                {"W2": PASS, "W3": NA, "W4": PASS}, mode="Specialized", families=("Windows",)),
    "windows-sysprepped-specialized": Case(win(windows_tree()), {"W2": fail("Error")}, mode="Specialized",
                                           families=("Windows",)),
    "windows-undeployable": Case(win(windows_tree(image_state="IMAGE_STATE_UNDEPLOYABLE")), {"W2": fail("Error")},
                                 families=("Windows",)),
    "windows-audit": Case(win(windows_tree(image_state="IMAGE_STATE_GENERALIZE_RESEAL_TO_AUDIT")),
                          {"W2": fail("Error")}, families=("Windows",)),
    "windows-state-disagrees": Case(win(windows_tree(ini_state="IMAGE_STATE_COMPLETE")), {"W2": fail("Warning")},
                                    families=("Windows",)),
    "windows-no-sysprep-tag": Case(win(windows_tree(tag=False)), {"W3": fail("Info")}, families=("Windows",)),
    "windows-setuperr": Case(win(windows_tree(setuperr="Error [0x0f0082] SYSPRP failed\r\n")), {"W3": fail("Info")},
                             families=("Windows",)),
    "windows-no-agent": Case(win(windows_tree(agent=False)), {"W4": fail("Warning")}, families=("Windows",)),
    "windows-agent-controlset-2": Case(win(windows_tree(agent=False, system=system_hive(current=2))), {"W4": PASS},
                                       families=("Windows",)),
    "windows-dirty-ntfs": Case(win(windows_tree(), dirty=True), {"D6": fail("Warning"), "W2": PASS},
                               families=("Windows",)),
    "windows-dirty-hive": Case(win(windows_tree(software=software_hive(dirty=True))), {"D6": fail("Warning")},
                               families=("Windows",)),
    "windows-corrupt-hive": Case(win(windows_tree(software=b"regf" + bytes(range(256)) * 32)),
                                 {"W2": CANNOT, "W4": PASS}, families=("Windows",), reason="SOFTWARE"),
    "ntfs-without-windows": Case(ntfs_without_windows, {"W1": fail("Error"), "W2": CANNOT}, os_type="Windows",
                                 families=("Windows",), reason="no Windows volume"),
    "bitlocker": Case(bitlocker, {"W1": CANNOT, "W4": CANNOT}, families=("Windows",), reason="BitLocker"),
}

__all__ = ["CANNOT", "CASES", "NA", "PASS", "Case", "DIR", "fail"]
