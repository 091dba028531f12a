"""azskernel.runtime."""
