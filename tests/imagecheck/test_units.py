"""The pieces of the checks that need no disk: waagent.conf as the agent reads it, agent versions, libyal's
messages, the REGF writer the tests use."""

from __future__ import annotations

import io

from azskernel.imagecheck.agent import parse_conf, parse_version, switch
from azskernel.imagecheck.filesystems import _reason
from azskernel.imagecheck.testing.hive import write_hive


def test_waagent_conf_is_read_as_the_agent_reads_it() -> None:
    conf = parse_conf(
        "# Provisioning.Agent=waagent\n"
        "Provisioning.Agent=auto # the default\n"
        'ResourceDisk.MountPoint="/mnt/resource"\n'
        "Provisioning.Enabled=Y\n"
        "no equals sign here\n"
        "Provisioning.Agent=Auto\n"
    )
    assert conf == {"Provisioning.Agent": "Auto", "ResourceDisk.MountPoint": "/mnt/resource",
                    "Provisioning.Enabled": "Y"}
    assert switch(conf, "Provisioning.Enabled", False) is True
    assert switch(conf, "Provisioning.UseCloudInit", False) is False


def test_agent_versions_compare_numerically() -> None:
    assert parse_version("2.2.35.1") == (2, 2, 35, 1)
    assert (2, 2, 21) <= parse_version("2.2.34.9") < (2, 2, 35) < parse_version("2.2.35.1") < parse_version("2.15.0.1")


def test_libyal_messages_give_their_cause() -> None:
    message = ("pyfsext_volume_open_file_object: unable to open volume. libfsext_superblock_read_data: invalid block "
               "size value out of bounds. libfsext_volume_open_file_io_handle: unable to read from file IO handle.")
    assert _reason(OSError(message)) == "invalid block size value out of bounds"
    assert _reason(OSError("")) == "OSError"


def test_hive_writer_round_trips_through_the_reader() -> None:
    import pyregf

    data = write_hive({"A\\B": {"S": "text", "D": 7, "M": ["x", "y"], "Bin": b"\x01\x02\x03\x04\x05"},
                       "a\\c": {}, "Zed": {"Long": "v" * 300}}, file_name="SOFTWARE", dirty=True)
    assert data[:4] == b"regf" and data[4:8] != data[8:12] and len(data) % 4096 == 0
    hive = pyregf.file()
    hive.open_file_object(io.BytesIO(data))
    b = hive.get_key_by_path("a\\b")
    assert b.get_value_by_name("S").get_data_as_string() == "text"
    assert b.get_value_by_name("D").get_data_as_integer() == 7
    assert list(b.get_value_by_name("M").get_data_as_multi_string()) == ["x", "y"]
    assert b.get_value_by_name("Bin").data == b"\x01\x02\x03\x04\x05"
    assert sorted(k.name for k in hive.get_key_by_path("A").sub_keys) == ["B", "c"]
    assert hive.get_key_by_path("Zed").get_value_by_name("Long").get_data_as_string() == "v" * 300


def test_the_training_lab_images_fail_where_they_say(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from azskernel.imagecheck import check_image
    from azskernel.imagecheck.testing.lab import broken_images

    exercises = broken_images(tmp_path)
    assert {e.family for e in exercises} == {"Container", "Generation", "Agent", "Provisioning",
                                             "cloud-init and fstab", "Deprovision", "Kernel", "Windows", "Unreadable",
                                             "Specialized"}
    for exercise in exercises:
        report = check_image(exercise.path, mode=exercise.mode)
        flagged = tuple(r.Id for r in report.results
                        if r.Status in ("Failed", "CannotInspect") and r.Severity in ("Error", "Warning"))
        assert flagged == exercise.failing, exercise.name
        if exercise.mode == "Specialized":  # right as it is; tested as generalized, it fails
            as_generalized = check_image(exercise.path, mode="Generalized")
            assert [r.Id for r in as_generalized.errors] == ["L4", "L5", "L8"], exercise.name
        repaired = exercise.repair()
        if repaired != exercise.path:
            again = check_image(repaired, mode=exercise.mode)
            assert not [r.Id for r in again.results if r.Status != "Passed" and r.Severity != "Info"], exercise.name
