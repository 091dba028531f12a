"""Helpers the tests share: a throwaway CA, an Azurite over HTTPS, free ports, qemu-img."""
