"""azskernel.jupyter: the `azs-powershell` Jupyter kernel and the notebook renderers it shares with azsmagics.

    kernel.py               AzsKernel (ipykernel Kernel subclass): execute, complete, inspect, is_complete, history
    host.py                 JupyterHost: the engine's Host for a cell (streams, tables, prompts, progress, widgets)
    display.py              objects -> MIME bundles (pandas HTML table / property list + pwsh's text/plain)
    widgets.py              ProgressWidgetRenderer(display_fn): upload, provisioning and Write-Progress widgets
    errorview.py            pwsh's concise error view, coloured
    inspection.py           Shift+Tab text (synopsis and syntax, or a variable's value)
    forms.py                Show-AzsImageCatalogue: the Create image form and the catalogue as widgets
    install.py              `azs kernel install|uninstall [--user|--sys-prefix|--prefix DIR]`
    logos.py, resources/    the kernel's logos (drawn in code, shipped as PNG)
    papermill_translator.py PowerShell literals for papermill parameters
    __main__.py             `python -m azskernel.jupyter -f CONNECTION_FILE` (the kernel spec's argv)

Completion (azskernel.completion) and interrupt handling (azskernel.interrupt) are shared with the
terminal shell, which may not import this package.
"""
