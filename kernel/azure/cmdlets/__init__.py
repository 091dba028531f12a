"""azskernel.azure.cmdlets."""
