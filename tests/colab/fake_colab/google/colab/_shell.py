"""Colab's shell is a subclass of ipykernel's ZMQInteractiveShell; so is this stand-in."""

from ipykernel.zmqshell import ZMQInteractiveShell


class Shell(ZMQInteractiveShell):
    """The shell the Colab-like kernel runs cells in."""
