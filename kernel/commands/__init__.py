"""azskernel.commands."""
