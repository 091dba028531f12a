"""azskernel.azure."""
