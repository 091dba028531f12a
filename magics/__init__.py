"""azsmagics: IPython magics that mirror the azskernel cmdlets."""
