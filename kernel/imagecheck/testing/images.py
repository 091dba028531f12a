"""Sample operating-system trees and disks: an Ubuntu prepared for Azure Stack Hub, a sysprepped Windows.

`ubuntu_tree()` is what a generalized Ubuntu Server 22.04 image for the Hub holds that the checks read: the agent
(walinuxagent 2.2.46 under /usr/lib/python3/dist-packages), its Ubuntu waagent.conf, its enabled service, cloud-init
installed and enabled, an fstab without swap, a kernel with the udf module, GRUB's serial console and root delay,
an empty /var/lib/waagent, and merged /usr (/lib, /bin, /sbin are symlinks: the readers do not follow them, the
checks must). `windows_tree()` is a generalized Windows: SOFTWARE and SYSTEM hives (our writer), State.ini, the
Sysprep tag, the VM agent's services and folder. Every check's failing variant is a small edit of these.
"""

from __future__ import annotations

from pathlib import Path

from .disks import GPT_BIOS_BOOT, GPT_ESP, Part, build_disk, ext4, ntfs, xfs
from .hive import Value, write_hive
from .tree import DIR, Link, Tree

KERNEL = "5.15.0-91-generic"
AGENT = "2.2.46"
PY = "/usr/lib/python3/dist-packages"

UBUNTU_WAAGENT_CONF = """\
# Microsoft Azure Linux Agent Configuration (Ubuntu)
Extensions.Enabled=y
Provisioning.Agent=auto
Provisioning.DeleteRootPassword=y
Provisioning.RegenerateSshHostKeyPair=y
Provisioning.SshHostKeyPairType=rsa
Provisioning.MonitorHostName=y
Provisioning.DecodeCustomData=n
Provisioning.ExecuteCustomData=n
ResourceDisk.Format=n
ResourceDisk.EnableSwap=n
Logs.Verbose=n
OS.OpensslPath=None
AutoUpdate.Enabled=y
"""

FSTAB = "LABEL=cloudimg-rootfs\t/\text4\tdiscard,errors=remount-ro\t0 1\nLABEL=UEFI\t/boot/efi\tvfat\tumask=0077\t0 1\n"
RESOURCE_DISK_LINE = ("/dev/disk/cloud/azure_resource-part1\t/mnt\tauto\tdefaults,nofail,x-systemd.requires="
                      "cloud-init.service,comment=cloudconfig\t0\t2\n")
GRUB = ('GRUB_DEFAULT=0\nGRUB_TIMEOUT=1\nGRUB_CMDLINE_LINUX_DEFAULT="console=tty1 console=ttyS0"\n'
        'GRUB_CMDLINE_LINUX="earlyprintk=ttyS0 rootdelay=300"\nGRUB_TERMINAL=serial\n')
PASSWD = ("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
          "syslog:x:104:110::/home/syslog:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n")
SHADOW = "root:*:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n"


def version_py(version: str) -> str:
    return f'AGENT_NAME = "WALinuxAgent"\nAGENT_VERSION = \'{version}\'\nAGENT_LONG_VERSION = "WALinuxAgent-{version}"\n'


def ubuntu_tree(*, agent: str = AGENT) -> Tree:
    """A generalized Ubuntu 22.04 for Azure Stack Hub, as far as the checks look."""
    return {
        "/bin": Link("usr/bin"), "/sbin": Link("usr/sbin"), "/lib": Link("usr/lib"),
        "/usr/lib/os-release": 'NAME="Ubuntu"\nVERSION_ID="22.04"\nID=ubuntu\nPRETTY_NAME="Ubuntu 22.04.3 LTS"\n',
        "/etc/os-release": Link("../usr/lib/os-release"),
        "/etc/hostname": "localhost\n",
        "/etc/fstab": FSTAB,
        "/etc/passwd": PASSWD,
        "/etc/shadow": SHADOW,
        "/etc/waagent.conf": UBUNTU_WAAGENT_CONF,
        "/etc/default/grub": GRUB,
        "/etc/ssh/sshd_config": "ClientAliveInterval 180\n",
        f"{PY}/azurelinuxagent/__init__.py": "",
        f"{PY}/azurelinuxagent/common/__init__.py": "",
        f"{PY}/azurelinuxagent/common/version.py": version_py(agent),
        f"{PY}/WALinuxAgent-{agent}.egg-info/PKG-INFO": f"Metadata-Version: 1.1\nName: WALinuxAgent\nVersion: {agent}\n",
        "/usr/sbin/waagent": "#!/usr/bin/python3\nfrom azurelinuxagent.agent import main\nmain()\n",
        "/usr/lib/systemd/system/walinuxagent.service": "[Unit]\nDescription=Azure Linux Agent\n[Service]\n"
                                                       "ExecStart=/usr/sbin/waagent -daemon\n",
        "/etc/systemd/system/multi-user.target.wants/walinuxagent.service":
            Link("/lib/systemd/system/walinuxagent.service"),
        "/usr/bin/cloud-init": "#!/usr/bin/python3\n",
        "/etc/cloud/cloud.cfg": "datasource_list: [ Azure ]\n",
        "/usr/lib/systemd/system/cloud-init-local.service": "[Unit]\nDescription=Initial cloud-init job\n",
        "/etc/systemd/system/cloud-init.target.wants/cloud-init-local.service":
            Link("/lib/systemd/system/cloud-init-local.service"),
        f"/usr/lib/modules/{KERNEL}/kernel/fs/udf/udf.ko": b"\x7fELF" + bytes(60),
        f"/boot/vmlinuz-{KERNEL}": b"MZ" + bytes(510),
        f"/boot/config-{KERNEL}": "CONFIG_UDF_FS=m\nCONFIG_HYPERV=y\n",
        "/var/lib/waagent": DIR,
        "/var/log/azure": DIR,
        "/root": DIR,
        "/home": DIR,
        "/tmp": DIR,
    }


def specialized(tree: Tree) -> Tree:
    """The guide's specialized-disk settings for agents 2.2.45 and later: Provisioning.Agent=Auto, the marker,
    cloud-init disabled and no azure_resource line (the VM's own state kept)."""
    conf = str(tree.get("/etc/waagent.conf", "")).replace("Provisioning.Agent=auto", "Provisioning.Agent=Auto")
    return {**tree, "/etc/waagent.conf": conf, "/var/lib/waagent/provisioned": "",
            "/etc/cloud/cloud-init.disabled": "", "/home/azureuser/.bash_history": "ls\n"}


def linux_disk(path: Path, tree: Tree, *, fs: str = "ext4", scheme: str = "mbr", size_mib: int | None = None,
               ext4_options: tuple[str, ...] = (), ext4_debugfs: tuple[str, ...] = ()) -> Path:
    """A bootable-looking Linux disk: MBR with one partition, or GPT with a BIOS-boot partition (generation 1)
    before the root; ext4 (mkfs options and debugfs requests as ext4() takes them) or XFS."""
    content = ext4(tree, options=ext4_options, debugfs=ext4_debugfs) if fs == "ext4" else xfs(tree)
    size = size_mib or (64 if fs == "ext4" else 340)
    if scheme == "mbr":
        parts = [Part(None, content, "83", bootable=True)]
    else:
        parts = [Part(1, None, gpt_type=GPT_BIOS_BOOT, name="BIOS boot"), Part(None, content, name="rootfs")]
    return build_disk(path, parts, scheme=scheme, size_mib=size)


def linux_gen2_disk(path: Path, tree: Tree) -> Path:
    """GPT with an EFI system partition and no BIOS-boot partition: boots only as generation 2."""
    parts = [Part(16, None, gpt_type=GPT_ESP, name="EFI System Partition"), Part(None, ext4(tree), name="rootfs")]
    return build_disk(path, parts, scheme="gpt", size_mib=64)


# -- Windows -------------------------------------------------------------------------------------------------
GENERALIZED_STATE = "IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE"
STATE_KEY = "Microsoft\\Windows\\CurrentVersion\\Setup\\State"
AGENT_FOLDER = "/WindowsAzure/GuestAgent_2.7.41491.1102_2024-01-01_000000/WindowsAzureGuestAgent.exe"


def software_hive(image_state: str = GENERALIZED_STATE, *, dirty: bool = False) -> bytes:
    keys: dict[str, dict[str, Value]] = {
        STATE_KEY: {"ImageState": image_state},
        "Microsoft\\Windows NT\\CurrentVersion": {"ProductName": "Windows Server 2022 Datacenter",
                                                  "CurrentBuild": "20348"},
    }
    return write_hive(keys, file_name="SOFTWARE", dirty=dirty)


def system_hive(*, agent: bool = True, current: int = 1, dirty: bool = False) -> bytes:
    control = f"ControlSet{current:03d}"
    keys: dict[str, dict[str, Value]] = {
        "Select": {"Current": current, "Default": current, "LastKnownGood": current},
        f"{control}\\Control\\ComputerName\\ComputerName": {"ComputerName": "WIN-TEMPLATE"},
        f"{control}\\Services\\Tcpip": {"Start": 1},
    }
    if agent:
        keys[f"{control}\\Services\\WindowsAzureGuestAgent"] = {
            "ImagePath": "C:\\WindowsAzure\\GuestAgent_2.7.41491.1102_2024-01-01_000000\\WindowsAzureGuestAgent.exe",
            "Start": 2}
        keys[f"{control}\\Services\\RdAgent"] = {"ImagePath": "C:\\WindowsAzure\\Packages\\WaAppAgent.exe", "Start": 2}
    return write_hive(keys, file_name="SYSTEM", dirty=dirty)


def windows_tree(*, image_state: str = GENERALIZED_STATE, ini_state: str | None = None, agent: bool = True,
                 tag: bool = True, setuperr: str = "", software: bytes | None = None,
                 system: bytes | None = None) -> Tree:
    """A generalized Windows Server 2022, as far as the checks look."""
    tree: Tree = {
        "/Windows/System32/config/SOFTWARE": software if software is not None else software_hive(image_state),
        "/Windows/System32/config/SYSTEM": system if system is not None else system_hive(agent=agent),
        "/Windows/Setup/State/State.ini": f"[State]\r\nImageState={ini_state or image_state}\r\n",
        "/Windows/System32/Sysprep/Panther/setupact.log": "Sysprep succeeded\r\n",
        "/Windows/System32/Sysprep/Panther/setuperr.log": setuperr,
    }
    if tag:
        tree["/Windows/System32/Sysprep/Sysprep_succeeded.tag"] = ""
    if agent:
        tree[AGENT_FOLDER] = b"MZ" + bytes(126)
    return tree


def windows_disk(path: Path, tree: Tree, *, dirty: bool = False, scheme: str = "mbr") -> Path:
    """MBR: a 16 MiB "System Reserved" NTFS partition, then the Windows volume (types 7). GPT: Microsoft reserved
    then the Windows volume (the layout Windows writes for UEFI, i.e. generation 2)."""
    from .disks import GPT_MS_BASIC, GPT_MS_RESERVED
    if scheme == "mbr":
        parts = [Part(16, ntfs({"/bootmgr": b"BOOTMGR"}, label="System Reserved"), "7", bootable=True),
                 Part(None, ntfs(tree, dirty=dirty), "7")]
    else:
        parts = [Part(16, None, gpt_type=GPT_MS_RESERVED, name="Microsoft reserved partition"),
                 Part(None, ntfs(tree, dirty=dirty), gpt_type=GPT_MS_BASIC, name="Basic data partition")]
    return build_disk(path, parts, scheme=scheme, size_mib=64)


__all__ = [
    "AGENT", "GENERALIZED_STATE", "KERNEL", "PY", "RESOURCE_DISK_LINE", "linux_disk", "linux_gen2_disk",
    "software_hive", "specialized", "system_hive", "ubuntu_tree", "version_py", "windows_disk", "windows_tree",
]
