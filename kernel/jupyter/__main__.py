"""`python -m azskernel.jupyter -f CONNECTION_FILE`: what the kernel spec's argv runs."""

from __future__ import annotations


def main() -> None:
    from ipykernel.kernelapp import IPKernelApp

    from .kernel import AzsKernel

    IPKernelApp.launch_instance(kernel_class=AzsKernel)


if __name__ == "__main__":
    main()
