"""Microsoft.Storage: storage accounts backed by real Azurite accounts."""
