"""azskernel.language."""
