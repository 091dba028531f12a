"""azslab: an emulated Azure Stack Hub stamp (HTTPS ARM, identity, Azurite). Never imports azskernel."""
