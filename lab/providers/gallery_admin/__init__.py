"""Microsoft.Gallery.Admin (2015-04-01): Marketplace items read from .azpkg packages on blobs; and the
portal's item listing (Microsoft.Gallery) and artifact files that show them to operators and tenants."""
