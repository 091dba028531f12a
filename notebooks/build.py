"""Writes every notebook of notebooks/runbooks and notebooks/labs from their readable source in notebooks/sources/.

    .venv/bin/python notebooks/build.py           # rewrite the .ipynb files
    .venv/bin/python notebooks/build.py --check   # exit 1 if a committed notebook differs from its source

The notebooks are committed as written here: no outputs, no execution counts (tests/notebooks enforces it).
Cell ids are derived from the notebook and the cell's position, so rebuilding changes nothing that did not
change. A lab exercise cell carries its solution in `metadata.azs.solution` (tag `exercise`); the tests put
the solution in place before running the notebook, and every `self-check` cell prints CORRECT or NOT YET.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
from nbformat.v4 import new_notebook

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # the tests load this file by path; the sources package sits beside it
    sys.path.insert(0, str(HERE))

from sources.catalogue import image_catalogue  # noqa: E402
from sources.inventory import image_inventory  # noqa: E402
from sources.lab_diagnose import lab_diagnose  # noqa: E402
from sources.labs import lab_connect, lab_inspect, lab_register, lab_troubleshoot, lab_upload  # noqa: E402
from sources.publish import publish_powershell  # noqa: E402
from sources.publish_python import publish_python  # noqa: E402
from sources.remove import remove_image  # noqa: E402

PS_KERNEL = {"name": "azs-powershell", "display_name": "Azure Stack Hub PowerShell", "language": "powershell"}
PS_LANGUAGE = {"name": "powershell", "file_extension": ".ps1", "mimetype": "text/x-powershell",
               "codemirror_mode": "powershell", "pygments_lexer": "powershell"}
PY_KERNEL = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
PY_LANGUAGE = {"name": "python", "file_extension": ".py", "mimetype": "text/x-python",
               "codemirror_mode": {"name": "ipython", "version": 3}, "pygments_lexer": "ipython3"}


# -- the catalogue of notebooks ---------------------------------------------------------------------------
NOTEBOOKS: dict[str, tuple[Callable[[], list[Any]], str]] = {
    "runbooks/publish-platform-image.ipynb": (publish_powershell, "ps"),
    "runbooks/publish-platform-image-python.ipynb": (publish_python, "py"),
    "runbooks/remove-platform-image.ipynb": (remove_image, "ps"),
    "runbooks/image-inventory.ipynb": (image_inventory, "py"),
    "runbooks/image-catalogue.ipynb": (image_catalogue, "py"),
    "labs/01-connect.ipynb": (lab_connect, "ps"),
    "labs/02-inspect-and-convert-a-vhd.ipynb": (lab_inspect, "ps"),
    "labs/03-upload.ipynb": (lab_upload, "ps"),
    "labs/04-register.ipynb": (lab_register, "ps"),
    "labs/05-troubleshoot-a-failed-image.ipynb": (lab_troubleshoot, "ps"),
    "labs/06-diagnose-an-image.ipynb": (lab_diagnose, "ps"),
}


def build(relative: str) -> Any:
    make, kind = NOTEBOOKS[relative]
    nb = new_notebook(cells=make())
    if kind == "ps":
        nb.metadata["kernelspec"] = dict(PS_KERNEL)
        nb.metadata["language_info"] = dict(PS_LANGUAGE)
    else:
        nb.metadata["kernelspec"] = dict(PY_KERNEL)
        nb.metadata["language_info"] = dict(PY_LANGUAGE)
    for index, cell in enumerate(nb.cells):
        cell["id"] = hashlib.sha1(f"{relative}:{index}".encode()).hexdigest()[:12]
    nbformat.validate(nb)
    return nb


def text_of(nb: Any) -> str:
    return nbformat.writes(nb) + "\n"


def main(argv: list[str]) -> int:
    check_only = "--check" in argv
    stale: list[str] = []
    for relative in NOTEBOOKS:
        path = HERE / relative
        text = text_of(build(relative))
        if check_only:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(relative)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(HERE.parent)}")
    if stale:
        print("out of date (run .venv/bin/python notebooks/build.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
