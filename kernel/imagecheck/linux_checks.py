"""L1-L9: the Linux agent, provisioning, cloud-init, fstab, deprovision residue, kernel and boot settings.

Sources (reference/image-preflight.md §4-5): Azure Stack Hub's Linux page (agent versions), the guide's
"Linux - Generalized" and "Linux - Specialized" steps, the Red Hat page (service, swap, UDF, GRUB), and the agent's
own code (configuration semantics, what `waagent -deprovision` removes). Messages use the guide's commands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from .agent import AgentInstall, Version, find_agent, parse_conf, show, switch
from .filesystems import FileSystem
from .image import GENERALIZED, Image
from .results import (
    ERROR,
    INFO,
    WARNING,
    Finding,
    Outcome,
    combine,
    failed,
    not_applicable,
    passed,
)

T = TypeVar("T")
V_2_2_20: Version = (2, 2, 20)
V_2_2_21: Version = (2, 2, 21)
V_2_2_35: Version = (2, 2, 35)
V_2_2_45: Version = (2, 2, 45)
PROVISIONING_AGENTS = ("auto", "waagent", "cloud-init")
"""The values with which the agent provisions (exact, lower-case: its provisioning factory compares strings)."""
CONF = "/etc/waagent.conf"
MARKER = "/var/lib/waagent/provisioned"
DEPROVISION = "sudo waagent -force -deprovision+user && export HISTSIZE=0 && logout"
INSTALL_AGENT = ("install the distribution's agent package (Ubuntu and Debian: sudo apt-get install walinuxagent; "
                 "Red Hat and CentOS: sudo yum install WALinuxAgent; SUSE: sudo zypper install python-azure-agent)")


def _linux(image: Image) -> FileSystem:
    assert image.linux is not None
    return image.linux


def _memo(image: Image, key: str, make: Callable[[], T]) -> T:
    """A fact several checks share, read once per image."""
    if key not in image.memo:
        image.memo[key] = make()
    return image.memo[key]  # type: ignore[return-value]


def agent(image: Image) -> AgentInstall | None:
    return _memo(image, "agent", lambda: find_agent(_linux(image)))


def conf(image: Image) -> dict[str, str] | None:
    """waagent.conf's settings; None when the file is missing."""
    def read() -> dict[str, str] | None:
        text = _linux(image).text(CONF)
        return None if text is None else parse_conf(text)
    return _memo(image, "conf", read)


def fstab_entries(image: Image) -> list[list[str]]:
    """/etc/fstab's entries (fields), comments and blank lines left out."""
    def read() -> list[list[str]]:
        text = _linux(image).text("/etc/fstab") or ""
        return [line.split() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return _memo(image, "fstab", read)


@dataclass(frozen=True)
class CloudInit:
    installed: bool
    disabled: bool
    """/etc/cloud/cloud-init.disabled exists (cloud-init's generator then stops it at boot)."""
    local_enabled: bool
    """A `*.wants/cloud-init-local.service` link: what the agent's `auto` mode asks systemd about."""
    evidence: str


def cloud_init(image: Image) -> CloudInit:
    def read() -> CloudInit:
        fs = _linux(image)
        found = [p for p in ("/usr/bin/cloud-init", "/etc/cloud/cloud.cfg") if fs.exists(p, follow=False)]
        disabled = fs.exists("/etc/cloud/cloud-init.disabled", follow=False)
        wants = [f"/etc/systemd/system/{d}/cloud-init-local.service"
                 for d in fs.glob_names("/etc/systemd/system", suffix=".wants")
                 if fs.exists(f"/etc/systemd/system/{d}/cloud-init-local.service", follow=False)]
        evidence = (f"installed ({', '.join(found)})" if found else "not installed (no /usr/bin/cloud-init, no "
                    "/etc/cloud/cloud.cfg)")
        evidence += f"; /etc/cloud/cloud-init.disabled {'present' if disabled else 'absent'}"
        evidence += f"; cloud-init-local.service {'enabled (' + wants[0] + ')' if wants else 'not enabled'}"
        return CloudInit(bool(found), disabled, bool(wants), evidence)
    return _memo(image, "cloud_init", read)


def _generalized(image: Image) -> bool:
    return image.mode == GENERALIZED


# -- L1-L9 ---------------------------------------------------------------------------------------------------
def check_agent_present(image: Image) -> Outcome:
    """L1: the Azure Linux Agent is installed (S1 linux: required)."""
    found = agent(image)
    if found is not None:
        version = show(found.version) if found.version else "version unknown"
        return passed(f"The Azure Linux Agent (WALinuxAgent) is installed ({version}).", found.where)
    evidence = ("no azurelinuxagent/common/version.py or WALinuxAgent-*.egg-info under /usr/lib*/python*/"
                "{dist,site}-packages or /usr/local/lib, no /usr/sbin/waagent")
    if _generalized(image):
        return failed(ERROR, "The Azure Linux Agent (WALinuxAgent) is not installed, so nothing will provision VMs "
                      "made from this generalized image (no user, no SSH key, no host name): "
                      f"{INSTALL_AGENT}, then generalize again with {DEPROVISION}.", evidence)
    return failed(WARNING, "The Azure Linux Agent (WALinuxAgent) is not installed: VM extensions will fail on VMs "
                  f"made from this disk. To run extensions, {INSTALL_AGENT}, then apply the guide's "
                  "specialized-image settings (L4, L5).", evidence)


def check_agent_version(image: Image) -> Outcome:
    """L2: a version Azure Stack Hub supports (S1 linux table)."""
    found = agent(image)
    if found is None:
        return not_applicable("No agent to check (see L1).")
    if found.version is None:
        return failed(WARNING, "The agent's version could not be read: run `waagent -version` in the VM and compare "
                      "the WALinuxAgent- value with the Hub's supported versions (2.2.20, or 2.2.35 and later).",
                      found.where)
    version, text = found.version, show(found.version)
    if V_2_2_21 <= version < V_2_2_35:
        return failed(WARNING, f"Agent {text} is in the range 2.2.21-2.2.34 that Azure Stack Hub lists as not "
                      "supported on builds up to 1910 (builds after 1910 take every version). On such a stamp, "
                      "update the agent to 2.2.35 or later (or use 2.2.20), then generalize again.",
                      f"{found.where}: {text}")
    if version < V_2_2_20:
        return failed(WARNING, f"Agent {text} is older than 2.2.20, the oldest version Azure Stack Hub lists: "
                      "update the distribution's agent package, then generalize again.", f"{found.where}: {text}")
    return passed(f"Agent {text} is a version Azure Stack Hub supports.", f"{found.where}: {text}")


UNIT_DIRS = ("/etc/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system")
UNITS = ("waagent.service", "walinuxagent.service")


def check_agent_service(image: Image) -> Outcome:
    """L3: the agent's service starts at boot (S1 RHEL page: `systemctl enable waagent`)."""
    if agent(image) is None:
        return not_applicable("No agent to start (see L1).")
    fs = _linux(image)
    for unit in UNITS:
        for wants in fs.glob_names("/etc/systemd/system", suffix=".wants"):
            link = f"/etc/systemd/system/{wants}/{unit}"
            if fs.exists(link, follow=False):
                return passed("The agent's service is enabled at boot.", link)
    units = [f"{d}/{u}" for d in UNIT_DIRS for u in UNITS if fs.exists(f"{d}/{u}")]
    if not units and not fs.is_dir("/etc/systemd/system"):
        for script in ("/etc/init.d/waagent", "/etc/init.d/walinuxagent"):
            if fs.exists(script):
                return passed("The agent starts from a SysV init script.", script)
    unit = units[0].rsplit("/", 1)[-1] if units else "waagent.service"
    name = unit.removesuffix(".service")
    return failed(WARNING, f"The agent's service is not enabled, so the agent will not start in VMs made from this "
                  f"image (no provisioning, no extensions): run `sudo systemctl enable {name}` in the VM (Ubuntu's "
                  "unit is walinuxagent, Red Hat's waagent), then generalize again.",
                  f"no {' or '.join(UNITS)} link in /etc/systemd/system/*.wants/"
                  + (f"; unit file {units[0]}" if units else "; no unit file found"))


def check_provisioning_config(image: Image) -> Outcome:
    """L4: waagent.conf's provisioning settings fit the image's mode and the agent's version (guide, S2 conf.py)."""
    found = agent(image)
    if found is None:
        return not_applicable("No agent to configure (see L1).")
    settings = conf(image)
    modern = found.version is None or found.version >= V_2_2_45
    if settings is None:
        if _generalized(image):
            return failed(WARNING, f"There is no {CONF}: the agent runs on its built-in defaults (Provisioning.Agent"
                          "=auto). Reinstall the distribution's agent package to get its waagent.conf.",
                          f"{CONF}: missing")
        return failed(ERROR, f"There is no {CONF}, so nothing turns provisioning off for this specialized disk: "
                      + ("add Provisioning.Agent=Auto to it" if modern else
                         "add Provisioning.Enabled=n and Provisioning.UseCloudInit=n to it")
                      + f" and run `mkdir -p /var/lib/waagent && touch {MARKER}`.", f"{CONF}: missing")
    findings: list[Finding] = []
    legacy = {k: settings[k] for k in ("Provisioning.Enabled", "Provisioning.UseCloudInit") if k in settings}
    value = settings.get("Provisioning.Agent")
    version = show(found.version) if found.version else "of unknown version"
    if modern:
        if _generalized(image):
            effective = value if value not in (None, "") else "auto"
            if effective not in PROVISIONING_AGENTS:
                hint = (" The agent compares the value exactly: only lower-case `auto` provisions, and `Auto` (the "
                        "value the guide gives for specialized disks) turns provisioning off.")
                findings.append(Finding(ERROR, f"Provisioning.Agent={effective} turns provisioning off, so VMs made "
                                        "from this generalized image get no user, SSH key or host name: set "
                                        f"Provisioning.Agent=auto in {CONF}."
                                        + (hint if effective.lower() == "auto" else ""),
                                        f"{CONF}: Provisioning.Agent={effective}"))
        elif value in (None, ""):
            findings.append(Finding(ERROR, f"Provisioning.Agent is not set: for a specialized disk with agent {version}"
                                    f" (2.2.45 and later) the guide asks for Provisioning.Agent=Auto in {CONF}, and "
                                    f"`mkdir -p /var/lib/waagent && touch {MARKER}`.",
                                    f"{CONF}: no Provisioning.Agent"))
        if legacy and found.version is not None:
            findings.append(Finding(INFO, f"{', '.join(f'{k}={v}' for k, v in legacy.items())}: agent {version} "
                                    "ignores these settings (removed in 2.2.45); Provisioning.Agent decides.",
                                    f"{CONF}: " + ", ".join(f"{k}={v}" for k, v in legacy.items())))
    else:
        enabled = switch(settings, "Provisioning.Enabled", True)
        use_cloud_init = switch(settings, "Provisioning.UseCloudInit", False)
        shown = f"Provisioning.Enabled={settings.get('Provisioning.Enabled', '(default y)')}, " \
                f"Provisioning.UseCloudInit={settings.get('Provisioning.UseCloudInit', '(default n)')}"
        if _generalized(image) and not enabled:
            findings.append(Finding(ERROR, f"Provisioning.Enabled=n turns provisioning off (agent {version}), so VMs "
                                    "made from this generalized image get no user, SSH key or host name: set "
                                    f"Provisioning.Enabled=y in {CONF}.", f"{CONF}: {shown}"))
        if not _generalized(image) and (enabled or use_cloud_init):
            findings.append(Finding(ERROR, f"For a specialized disk with agent {version} (older than 2.2.45) the "
                                    f"guide asks for Provisioning.Enabled=n and Provisioning.UseCloudInit=n in {CONF}"
                                    f", and `mkdir -p /var/lib/waagent && touch {MARKER}`.", f"{CONF}: {shown}"))
    ok = f"{CONF} provisioning settings fit a {image.mode.lower()} image with agent {version}."
    evidence = f"{CONF}: Provisioning.Agent={value if value is not None else '(default auto)'}"
    if legacy:
        evidence += ", " + ", ".join(f"{k}={v}" for k, v in legacy.items())
    return combine(findings, ok, evidence)


def check_provisioned_marker(image: Image) -> Outcome:
    """L5: /var/lib/waagent/provisioned absent from a generalized image, present on a specialized one (guide)."""
    if agent(image) is None:
        return not_applicable("No agent, so the marker has no reader (see L1).")
    present = _linux(image).exists(MARKER)
    evidence = f"{MARKER}: {'present' if present else 'absent'}"
    if _generalized(image):
        if present:
            return failed(ERROR, f"{MARKER} is present, so the agent believes the VM is already provisioned and "
                          "skips provisioning: VMs made from this generalized image get no user, SSH key or host "
                          f"name. Generalize the VM with {DEPROVISION} (it empties /var/lib/waagent).", evidence)
        return passed("No provisioning marker: the agent will provision each new VM.", evidence)
    if not present:
        return failed(ERROR, f"{MARKER} is missing, so the agent will try to provision this specialized disk as a "
                      "new VM: run `mkdir -p /var/lib/waagent && touch /var/lib/waagent/provisioned` in the VM, "
                      "as the guide asks.", evidence)
    return passed("The provisioning marker is present, as a specialized disk needs.", evidence)


def check_cloud_init(image: Image) -> Outcome:
    """L6: cloud-init and the agent agree on who provisions (guide, S1 linux, S2 cloudinitdetect)."""
    ci = cloud_init(image)
    settings = conf(image) or {}
    found = agent(image)
    modern = found is None or found.version is None or found.version >= V_2_2_45
    value = settings.get("Provisioning.Agent") or "auto"
    if not ci.installed:
        return passed("cloud-init is not installed: the Linux agent provisions.", ci.evidence)
    if not _generalized(image):
        if not ci.disabled:
            return failed(ERROR, "cloud-init is installed and not disabled, so it will try to provision this "
                          "specialized disk as a new VM: run `touch /etc/cloud/cloud-init.disabled` and `sudo sed -i "
                          "'/azure_resource/d' /etc/fstab` in the VM, as the guide asks.", ci.evidence)
        return passed("cloud-init is disabled, as a specialized disk needs.", ci.evidence)
    evidence = f"{ci.evidence}; {CONF}: Provisioning.Agent={value}"
    if modern and value == "cloud-init" and ci.disabled:
        return failed(ERROR, "Provisioning.Agent=cloud-init leaves provisioning to cloud-init, but cloud-init is "
                      "disabled (/etc/cloud/cloud-init.disabled): nothing will provision VMs from this image. Remove "
                      f"/etc/cloud/cloud-init.disabled, or set Provisioning.Agent=waagent in {CONF}.", evidence)
    if modern and value == "waagent" and ci.local_enabled:
        return failed(ERROR, "Provisioning.Agent=waagent with cloud-init installed and enabled: the agent refuses to "
                      "provision (\"cloud-init appears to be installed and enabled\"). Set Provisioning.Agent=auto "
                      f"in {CONF}, or disable cloud-init (sudo systemctl disable cloud-init-local cloud-init "
                      "cloud-config cloud-final).", evidence)
    if modern and value == "auto" and ci.disabled and ci.local_enabled:
        return failed(WARNING, "cloud-init is disabled by /etc/cloud/cloud-init.disabled but its units are still "
                      "enabled, and Provisioning.Agent=auto picks cloud-init when cloud-init-local.service is enabled:"
                      " the agent will wait for a cloud-init that does nothing. Either remove "
                      "/etc/cloud/cloud-init.disabled (cloud-init provisions; supported on Hub builds after 1910), "
                      "or disable its units (sudo systemctl disable cloud-init-local cloud-init cloud-config "
                      "cloud-final) so the agent provisions.", evidence)
    if ci.disabled:
        return passed("cloud-init is installed but disabled: the Linux agent provisions.", evidence)
    return passed("cloud-init is installed and enabled and provisions, with the agent (supported on Azure Stack Hub "
                  "builds after 1910; on older builds disable it as the guide shows).", evidence)


def check_fstab_resource_disk(image: Image) -> Outcome:
    """L7: no `azure_resource` line in /etc/fstab unless cloud-init is there to create that disk (guide)."""
    lines = [e for e in fstab_entries(image) if any("azure_resource" in f for f in e)]
    if not lines:
        return passed("/etc/fstab mounts no azure_resource disk.", "/etc/fstab: no azure_resource line")
    ci = cloud_init(image)
    evidence = "/etc/fstab: " + " | ".join(" ".join(e) for e in lines) + f"; cloud-init {ci.evidence}"
    if ci.installed and not ci.disabled:
        return passed("/etc/fstab mounts the resource disk that cloud-init creates.", evidence)
    return failed(ERROR, "/etc/fstab mounts an azure_resource disk that only cloud-init creates, and cloud-init is "
                  f"{'disabled' if ci.installed else 'not installed'}: boot waits for a device that never appears. "
                  "Run `sudo sed -i '/azure_resource/d' /etc/fstab` in the VM, as the guide asks.", evidence)


LEASES = (("/var/lib/dhclient", ""), ("/var/lib/dhcpcd", ""), ("/var/lib/dhcp", ".leases"),
          ("/var/lib/NetworkManager", ".lease"))


def check_deprovision_residue(image: Image) -> Outcome:
    """L8: what `waagent -deprovision+user` removes is gone from a generalized image (S2 deprovision)."""
    if not _generalized(image):
        return not_applicable("A specialized disk keeps its VM's state.")
    fs = _linux(image)
    left: list[Finding] = []  # what the deprovision step removes: message part, evidence

    def found(severity: str, what: str, evidence: str) -> None:
        left.append(Finding(severity, what, evidence))

    state = sorted(fs.listdir("/var/lib/waagent") or [])
    if state:
        shown = ", ".join(state[:6]) + (", ..." if len(state) > 6 else "")
        found(ERROR, "/var/lib/waagent still holds the previous VM's provisioning state (certificates, ovf-env.xml, "
                     "goal state)", f"/var/lib/waagent: {shown}")
    logs = fs.listdir("/var/log/azure") or []
    if logs:
        found(WARNING, "/var/log/azure holds extension logs", f"/var/log/azure: {len(logs)} entries")
    for path in ("/var/log/waagent.log", "/root/.bash_history"):
        size = fs.size(path)
        if size:
            found(WARNING, f"{path} is still there", f"{path}: {size} bytes")
    leases = [f"{d}/{n}" for d, suffix in LEASES for n in fs.listdir(d) or [] if n.endswith(suffix)
              and (suffix or not fs.is_dir(f"{d}/{n}"))]
    if leases:
        found(WARNING, "the previous VM's DHCP leases remain (new VMs may ask for its address)", ", ".join(leases[:4]))
    settings = conf(image) or {}
    if switch(settings, "Provisioning.RegenerateSshHostKeyPair", False):
        keys = [k for k in fs.glob_names("/etc/ssh", "ssh_host_") if "key" in k]
        if keys:
            found(WARNING, "SSH host keys remain although Provisioning.RegenerateSshHostKeyPair=y (every VM would start "
                           "with the same keys)", f"/etc/ssh: {', '.join(keys[:4])}")
    if switch(settings, "Provisioning.DeleteRootPassword", False):
        shadow = fs.text("/etc/shadow") or ""
        root = next((line.split(":") for line in shadow.splitlines() if line.startswith("root:")), None)
        if root is not None and len(root) > 1 and root[1].startswith("$"):
            found(WARNING, "root still has a password although Provisioning.DeleteRootPassword=y (every VM would "
                           "share it)", "/etc/shadow: root has a password hash (not shown)")
    notes: list[Finding] = []
    histories = [f"/home/{u}/.bash_history" for u in fs.listdir("/home") or [] if fs.size(f"/home/{u}/.bash_history")]
    if histories:
        notes.append(Finding(INFO, "Other users' shell histories are kept by the deprovision step: delete them if they "
                             "hold anything private.", ", ".join(histories[:4])))
    users = []
    for line in (fs.text("/etc/passwd") or "").splitlines():
        fields = line.split(":")
        if len(fields) > 2 and fields[2].isdigit() and 1000 <= int(fields[2]) < 65534:
            users.append(fields[0])
    if users:
        notes.append(Finding(INFO, f"Accounts with UID 1000 or more remain ({', '.join(users[:4])}): "
                             "-deprovision+user deletes the last provisioned user only; remove any other you do not "
                             "want in every VM.", f"/etc/passwd: {', '.join(users[:4])}"))
    findings = notes
    if left:
        worst = ERROR if any(f.severity == ERROR for f in left) else WARNING
        message = ("The image was not deprovisioned: " + "; ".join(f.message for f in left) + f". Run {DEPROVISION} "
                   "in the VM, then capture the VHD again.")
        findings = [Finding(worst, message, "; ".join(f.evidence for f in left)), *notes]
    return combine(findings, "No state of a previous VM was found: the image looks deprovisioned.",
                   "/var/lib/waagent empty, no agent log, no root shell history, no DHCP leases")


def _boot(image: Image) -> tuple[FileSystem, str] | None:
    """Where /boot's files are: the root's /boot, or a separate boot partition (grub or vmlinuz at its top)."""
    fs = _linux(image)
    if fs.listdir("/boot"):
        return fs, "/boot"
    for volume in image.volumes:
        other = volume.fs
        if other is None or other is fs or volume.kind not in ("ext", "xfs"):
            continue
        names = other.listdir("/") or []
        if any(n in ("grub", "grub2") or n.startswith("vmlinuz") for n in names):
            return other, ""
    return None


def check_kernel_boot(image: Image) -> Outcome:
    """L9: UDF in the kernel (the Hub hands provisioning data over on a UDF disc) and the serial console and root
    delay on the kernel command line (S1 RHEL page)."""
    fs = _linux(image)
    findings: list[Finding] = []
    modules = []
    for version in fs.listdir("/lib/modules") or []:
        names = fs.listdir(f"/lib/modules/{version}/kernel/fs/udf") or []
        modules += [f"/lib/modules/{version}/kernel/fs/udf/{n}" for n in names if n.startswith("udf.ko")]
        builtin = fs.text(f"/lib/modules/{version}/modules.builtin", 1024 * 1024) or ""
        if "kernel/fs/udf/udf.ko" in builtin:
            modules.append(f"/lib/modules/{version}/modules.builtin: udf built in")
    boot = _boot(image)
    configs = []
    if boot is not None:
        bfs, prefix = boot
        for name in bfs.glob_names(prefix or "/", "config-"):
            text = bfs.text(f"{prefix}/{name}", 1024 * 1024) or ""
            if "CONFIG_UDF_FS=y" in text:
                configs.append(f"/boot/{name}: CONFIG_UDF_FS=y")
    kernels = fs.listdir("/lib/modules") or []
    if modules or configs:
        udf = (modules + configs)[0]
    elif not kernels and boot is None:
        findings.append(Finding(WARNING, "No kernel was found (no /lib/modules, no /boot): check that the image "
                                "holds an installed kernel.", "/lib/modules and /boot: empty or missing"))
        udf = "no kernel found"
    else:
        udf = "no udf.ko under /lib/modules/*/kernel/fs/udf, no CONFIG_UDF_FS=y in /boot/config-*"
        findings.append(Finding(WARNING, "The kernel has no UDF support, and the Hub hands the provisioning data "
                                "(ovf-env.xml) to the VM on a UDF-formatted virtual disc: provisioning will fail. "
                                "Install the distribution's kernel modules package (Ubuntu: linux-modules-$(uname -r)"
                                "), or make sure udf is not blacklisted.", udf))
    grub = fs.text("/etc/default/grub") or ""
    cmdline = " ".join(line.split("=", 1)[1].strip().strip("\"'") for line in grub.splitlines()
                       if line.strip().startswith(("GRUB_CMDLINE_LINUX=", "GRUB_CMDLINE_LINUX_DEFAULT=")))
    missing = [p for p in ("console=ttyS0", "rootdelay=300") if p not in cmdline.split()]
    if grub and missing:
        findings.append(Finding(INFO, f"The kernel command line lacks {' and '.join(missing)}: add "
                                f"{' '.join(missing)} to GRUB_CMDLINE_LINUX in /etc/default/grub and run update-grub "
                                "(grub2-mkconfig on Red Hat) so the Hub's serial console shows boot messages and a "
                                "slow disk does not fail the boot.", f"/etc/default/grub: {cmdline or '(empty)'}"))
    grub_evidence = f"/etc/default/grub: {cmdline or '(no GRUB_CMDLINE_LINUX)'}" if grub else "/etc/default/grub: missing"
    return combine(findings, "The kernel supports UDF and the command line has the serial console and root delay.",
                   f"{udf}; {grub_evidence}")


__all__ = [
    "agent", "check_agent_present", "check_agent_service", "check_agent_version", "check_cloud_init",
    "check_deprovision_residue", "check_fstab_resource_disk", "check_kernel_boot", "check_provisioned_marker",
    "check_provisioning_config", "cloud_init", "conf", "fstab_entries",
]
