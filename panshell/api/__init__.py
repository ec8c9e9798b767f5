"""The XML API front end: PAN-OS's `/api/` over HTTPS, on the same live lab as SSH."""
