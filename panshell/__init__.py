"""panshell: the PAN-OS command line on an emulated high-availability pair."""
__version__ = "0.1.0"
