"""azslab: an emulated Azure Stack Hub stamp (HTTPS ARM, identity, Azurite). Never imports azskernel.

An independent implementation of the Hub's REST contract that the real Azure SDKs talk to unchanged:
admin and user ARM endpoints, an AD FS or Entra-shaped identity provider, storage accounts backed by a
supervised Azurite, Compute.Admin platform images whose import really reads the blob, the tenant image
catalogue, and fault injection. Start it with `azs lab up` (see azslab.cli) or, in tests, with
`azslab.testing.running_lab`. Importing this package loads nothing heavy: `azs` imports only azslab.cli.
"""

__all__: list[str] = []
