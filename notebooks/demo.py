"""`make demo`: the main job, end to end, on the emulated stamp.

1. starts the lab stamp (`azs lab up`, in out/demo/lab, fresh each run);
2. makes a sample VHD, a small Ubuntu image prepared for the Hub but that Azure Stack Hub would refuse as it is
   (dynamic, not a whole MiB), and shows Test-AzsImage's table for it;
3. installs the azs-powershell kernel into this environment (`azs kernel install --sys-prefix`);
4. executes the publish runbook with papermill against the lab into out/ (inspect, convert, Test-AzsImage,
   stage, upload, SAS, Add-AzsPlatformImage, tenant catalogue, Marketplace item, clean-up), one line per step
   as it goes;
5. asks the stamp again, through `azs -Command`, for the catalogue and the Marketplace items, prints them, and
   exits 0 only when the image is Succeeded and its item listed.

The lab is stopped at the end unless --keep-lab is given. Secrets stay in the environment of the child
processes; nothing here prints them.

    .venv/bin/python notebooks/demo.py [--keep-lab]
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "out"
WORK = OUT / "demo"
LAB_DIR = WORK / "lab"
RUNBOOK = REPO / "notebooks" / "runbooks" / "publish-platform-image.ipynb"
EXECUTED = OUT / "publish-platform-image.ipynb"
BIN = Path(sys.executable).parent
AZS = str(BIN / "azs")
SECRET_VARIABLE = "AZS_LAB_CLIENT_SECRET"
IMAGE = {"Publisher": "Contoso", "Offer": "DemoLinux", "Sku": "demo-gen1", "Version": "1.0.0", "OsType": "Linux"}


def say(text: str) -> None:
    print(text, flush=True)


def run(*args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(args, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise DemoFailed(f"`{' '.join(args[:4])} ...` failed:\n{done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


class DemoFailed(Exception):
    pass


def make_sample() -> Path:
    """The sample the notebooks make on the lab (azskernel.imagecheck.testing.sample): a small but real Linux image,
    a 40 MiB disk with an MBR and one bootable partition, ext4 holding what a generalized Ubuntu for Azure Stack
    Hub has where Test-AzsImage looks (the Linux agent, its settings and service, cloud-init, fstab, a kernel with
    UDF, GRUB's serial console), built without mounting (mkfs.ext4 -d), in a dynamic VHD whose size follows the
    VHD spec's CHS geometry, so not a whole MiB: two of the classic reasons an image ends Failed, for
    Test-AzsImage to report and the runbook to fix.
    """
    from azskernel.imagecheck.testing.sample import write_ubuntu_sample

    vhd = WORK / "sample-dynamic.vhd"
    write_ubuntu_sample(vhd)
    return vhd


def image_test(vhd: Path) -> None:
    """Test-AzsImage's table for the sample, as `azs -Command` prints it, then what is wrong and what to run."""
    started = time.monotonic()
    table = run(AZS, "-NoProfile", "-NonInteractive", "-Command",
                f"$checks = Test-AzsImage -Path '{vhd}'\n"
                "$checks | Format-Table Id, Status, Severity, Check\n"
                "$checks | Where-Object Status -ne Passed | ForEach-Object { '{0} {1}: {2}' -f $_.Id, $_.Severity, $_.Message }")
    say(f"      Test-AzsImage {vhd.name} ({time.monotonic() - started:.1f} s, without mounting it):")
    for line in table.strip("\n").splitlines():
        say("        " + line)


def lab_up() -> dict[str, str]:
    if LAB_DIR.exists():
        subprocess.run([AZS, "lab", "down", "--data-dir", str(LAB_DIR)], capture_output=True)
    started = time.monotonic()
    run(AZS, "lab", "up", "--data-dir", str(LAB_DIR))
    env = json.loads(run(AZS, "lab", "env", "--data-dir", str(LAB_DIR), "--format", "json"))
    say(f"[1/5] lab stamp up in {time.monotonic() - started:.1f} s: admin ARM {env['adminArmEndpoint']}, "
        f"user ARM {env['armEndpoint']}, identity {env['identity']}")
    return env


def execute_runbook(lab: dict[str, str], vhd: Path, child_env: dict[str, str]) -> None:
    import nbformat
    import papermill

    from azskernel.jupyter.papermill_translator import register

    register()
    parameters = {
        "ArmEndpoint": lab["adminArmEndpoint"],
        "TenantArmEndpoint": lab["armEndpoint"],
        "TenantId": lab["tenantId"],
        "ClientId": lab["clientId"],
        "ClientSecretVariable": SECRET_VARIABLE,
        "CaBundlePath": lab["caBundle"],
        "Location": lab["location"],
        "VhdPath": str(vhd),
        "PollingIntervalSec": 0.5,
        **IMAGE,
    }
    say(f"[4/5] executing {RUNBOOK.relative_to(REPO)} with papermill into {EXECUTED.relative_to(REPO)}")
    previous = dict(os.environ)
    os.environ.update(child_env)  # the kernel inherits this process's environment
    try:
        papermill.execute_notebook(str(RUNBOOK), str(EXECUTED), parameters=parameters, kernel_name="azs-powershell",
                                   progress_bar=False, log_output=False, execution_timeout=600)
        failed = None
    except papermill.PapermillExecutionError as exc:
        failed = exc
    finally:
        os.environ.clear()
        os.environ.update(previous)
    nb = nbformat.read(EXECUTED, as_version=4)
    heading = said = ""
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and cell.source.startswith("#"):
            heading = cell.source.splitlines()[0].lstrip("# ").strip()
            continue
        if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []) or "injected-parameters" in cell.metadata.get("tags", []):
            continue
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if not errors and heading == said:
            continue  # one line a step: a step of several cells is said once
        said = heading
        mark = "failed" if errors else "ok"
        say(f"      {mark:6} {heading}")
        if errors:
            say("             " + errors[0].get("evalue", "").strip().replace("\n", "\n             "))
    if failed is not None:
        raise DemoFailed(f"the runbook stopped at cell {failed.cell_index}: {failed.ename}")


def catalogue(lab: dict[str, str], child_env: dict[str, str]) -> str:
    script = (
        "$ErrorActionPreference = 'Stop'\n"
        "$null = Add-AzEnvironment -Name LabAdmin -ARMEndpoint $env:AZS_LAB_ADMIN_ARM_ENDPOINT\n"
        "$secret = ConvertTo-SecureString $env:AZS_LAB_CLIENT_SECRET -AsPlainText -Force\n"
        "$cred = New-Object System.Management.Automation.PSCredential($env:AZS_LAB_CLIENT_ID, $secret)\n"
        "$null = Connect-AzAccount -Environment LabAdmin -ServicePrincipal -Credential $cred -TenantId $env:AZS_LAB_TENANT_ID\n"
        "Get-AzsPlatformImage | Sort-Object Publisher, Offer, Sku, Version |"
        " Format-Table Publisher, Offer, Sku, Version, OsType, ProvisioningState\n"
        "Get-AzsGalleryItem | Sort-Object Name | Format-Table Name, ItemDisplayName, Publisher, Version\n"
        f"$image = Get-AzsPlatformImage -Publisher {IMAGE['Publisher']} -Offer {IMAGE['Offer']} -Sku {IMAGE['Sku']} -Version {IMAGE['Version']}\n"
        f"$item = @(Find-AzsGalleryItem -Publisher {IMAGE['Publisher']} -Offer {IMAGE['Offer']} -Sku {IMAGE['Sku']} -Version {IMAGE['Version']})\n"
        "\"STATE=$($image.ProvisioningState)\"\n"
        "\"ITEM=$($item.Name)\"\n"
    )
    return run(AZS, "-NoProfile", "-NonInteractive", "-Command", script, env=child_env)


def main(argv: list[str]) -> int:
    keep_lab = "--keep-lab" in argv
    if shutil.which("mkfs.ext4", path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin") is None:
        print("The demo makes its sample's file system with mkfs.ext4: install Debian's e2fsprogs (`make bootstrap` "
              "does).", file=sys.stderr)
        return 1
    if WORK.exists():
        if LAB_DIR.exists():
            subprocess.run([AZS, "lab", "down", "--data-dir", str(LAB_DIR)], capture_output=True)
        shutil.rmtree(WORK)
    WORK.mkdir(parents=True)
    lab: dict[str, str] | None = None
    try:
        lab = lab_up()
        config = WORK / "config"
        child_env = {
            **os.environ,
            SECRET_VARIABLE: lab["clientSecret"],
            "AZS_LAB_ADMIN_ARM_ENDPOINT": lab["adminArmEndpoint"],
            "AZS_LAB_CLIENT_ID": lab["clientId"],
            "AZS_LAB_TENANT_ID": lab["tenantId"],
            "AZS_CA_BUNDLE": lab["caBundle"],
            "AZS_CONFIG_DIR": str(config),  # the demo's sign-in never touches the user's own Azure context
        }
        vhd = make_sample()
        say(f"[2/5] sample VHD {vhd.relative_to(REPO)}: an Ubuntu image for the Hub (MBR, ext4), dynamic, 40 MiB of "
            f"disk ({vhd.stat().st_size // 1024} KiB on disk); it needs converting before Azure Stack Hub takes it")
        image_test(vhd)
        run(AZS, "kernel", "install", "--sys-prefix")
        say("[3/5] kernel azs-powershell installed in this environment (azs kernel install --sys-prefix)")
        execute_runbook(lab, vhd, child_env)
        say("[5/5] the stamp's catalogue and Marketplace items, asked again through `azs -Command`:")
        text = catalogue(lab, child_env)
        found: dict[str, str] = {}
        for line in text.splitlines():
            key, sep, value = line.partition("=")
            if sep and key in ("STATE", "ITEM"):
                found[key] = value
            else:
                say("      " + line if line else "")
        name = "/".join(IMAGE[k] for k in ("Publisher", "Offer", "Sku", "Version"))
        if found.get("STATE") != "Succeeded":
            raise DemoFailed(f"the image {name} is {found.get('STATE') or 'missing'}, not Succeeded")
        if not found.get("ITEM"):
            raise DemoFailed(f"no Marketplace item deploys the image {name}")
        say(f"Done: {name} is Succeeded on the lab stamp, and the Marketplace item {found['ITEM']} deploys it. "
            f"The executed runbook is {EXECUTED.relative_to(REPO)}.")
        return 0
    except DemoFailed as exc:
        print(f"demo failed: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # the demo reports, it never shows a traceback
        print(f"demo failed unexpectedly: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    finally:
        if lab is not None and not keep_lab:
            subprocess.run([AZS, "lab", "down", "--data-dir", str(LAB_DIR)], capture_output=True)
            say("lab stamp stopped (run `notebooks/demo.py --keep-lab` to keep it running)")
        elif lab is not None:
            say(f"lab stamp still running: `{AZS} lab down --data-dir {LAB_DIR}` stops it")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
