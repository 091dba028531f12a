"""azskernel.jupyter."""
