"""azskernel.azure: Az/Azs-compatible cmdlets on the Azure SDKs for Azure Stack Hub operators.

    environment.py  environments + the Hub API profile     discovery.py   /metadata/endpoints
    context.py      profile, context, persistence           credentials.py azure-identity per sign-in mode
    trust.py        CA bundle (system + AZS_CA_BUNDLE)      clients.py     SDK/raw ARM clients, pinned
    policies.py     api-version pin, verbose trace          errors.py      the one SDK -> ErrorRecord boundary
    redaction.py    secrets out of every message            records.py     Az-shaped output objects + views
    rules.py        the documented parameter rules          preflight.py   why an image would end Failed
    events.py       live events + the session's hook        cmdlets/       the cmdlets and their functions
    gallery_preflight.py  why the stamp would refuse a Marketplace package
    marketplace.py  which images the Marketplace items deploy
    sas.py          SAS in the format a Hub accepts         api.py         the Python API (one per cmdlet)

Nothing here imports an Azure SDK at import time; `cmdlets.register(registry)` adds the cmdlets.
"""

import logging

# The SDKs log warnings of their own ("Unexpected return type <class 'str'> from ContentDecodePolicy...",
# "ClientSecretCredential.get_token failed: ..."). With no handler configured, Python prints them on stderr next
# to our translated error; a NullHandler keeps them for whoever configures logging, and off the user's screen.
logging.getLogger("azure").addHandler(logging.NullHandler())
