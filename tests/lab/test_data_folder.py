"""The lab's data folder: made private only when it is the lab's; the database of keys is 0600."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from azslab.cli import main
from azslab.testing import LabEnv


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_up_refuses_a_folder_that_holds_other_files_and_leaves_it_as_it_was(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "notes.txt").write_text("mine", encoding="utf-8")
    os.chmod(shared, 0o755)
    before = sorted(p.name for p in shared.iterdir())
    assert main(["up", "--data-dir", str(shared)]) == 1
    err = capsys.readouterr().err
    assert "holds files that are not a lab's (notes.txt)" in err and "will not do to this one" in err
    assert str(shared / "azs-lab") in err
    assert mode(shared) == 0o755 and sorted(p.name for p in shared.iterdir()) == before
    assert main(["down", "--data-dir", str(shared)]) == 0
    assert sorted(p.name for p in shared.iterdir()) == before


def test_up_refuses_an_empty_folder_of_another_user(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    if os.getuid() == 0:
        theirs = tmp_path / "theirs"
        theirs.mkdir()
        os.chown(theirs, 65534, 65534)  # nobody's
        os.chmod(theirs, 0o1777)  # a shared scratch folder, like /tmp
    else:
        theirs = Path("/")
    before = mode(theirs)
    assert main(["up", "--data-dir", str(theirs)]) == 1
    assert "belongs to another user" in capsys.readouterr().err
    assert mode(theirs) == before and not (theirs / ".lock").exists()


def test_a_new_folder_is_created_private_and_the_database_is_0600(adfs_lab: LabEnv) -> None:
    folder = Path(adfs_lab.data_dir)
    assert mode(folder) == 0o700
    database = folder / "lab.sqlite3"
    assert mode(database) == 0o600
    for extra in (folder / "lab.sqlite3-wal", folder / "lab.sqlite3-shm", folder / "lab.log", folder / "principal.json"):
        if extra.exists():
            assert mode(extra) == 0o600, extra
