"""azskernel.vhd."""
