"""azskernel.shell."""
