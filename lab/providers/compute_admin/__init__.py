"""Microsoft.Compute.Admin (2015-12-01-preview): platform images and VM extension artifacts."""
