"""azskernel: the PowerShell-compatible engine, its Azure cmdlets and its fronts (Jupyter kernel, terminal shell)."""
