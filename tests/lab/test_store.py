"""The SQLite store: case-insensitive keys, creator's casing kept, listing order, survives reopening."""

from __future__ import annotations

from pathlib import Path

from azslab.store import Store


def test_keys_ignore_case_and_order_is_creation_order(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    assert store.put("image", "Sub/Local", "Canonical/B", {"id": "B"}) is True
    assert store.put("image", "sub/local", "canonical/a", {"id": "a"}) is True
    assert store.put("image", "SUB/LOCAL", "CANONICAL/B", {"id": "B2"}) is False  # replaced in place
    assert [d["id"] for d in store.documents("image", "sub/local")] == ["B2", "a"]
    assert store.get("image", "sub/LOCAL", "canonical/b") == {"id": "B2"}
    assert store.list_raw("image", "Sub/Local") == ['{"id":"B2"}', '{"id":"a"}']
    assert store.delete("image", "sub/local", "Canonical/A") and not store.delete("image", "sub/local", "x")
    store.close()
    again = Store(tmp_path / "s.sqlite3")
    assert [d["id"] for d in again.documents("image")] == ["B2"]
    assert again.documents("image", parent_prefix="SUB/") == [{"id": "B2"}]
    assert again.documents("image", parent_prefix="other") == []
    again.close()
