"""Colab's kernel is ipykernel's IPythonKernel with its own shell; so is this stand-in."""

from google.colab._shell import Shell
from ipykernel.ipkernel import IPythonKernel


class Kernel(IPythonKernel):
    """Started with ``--IPKernelApp.kernel_class=google.colab._kernel.Kernel``."""

    shell_class = Shell
