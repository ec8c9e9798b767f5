"""Administrator password hashes as PAN-OS keeps them in `phash`: MD5-crypt (`$1$salt$hash`),
the form of the hashes in real exports (`$1$gkuveofy$yRM57hwnj7j94A3WDvDWV1`)."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _to64(value: int, length: int) -> str:
    out = ""
    for _ in range(length):
        out += ITOA64[value & 0x3F]
        value >>= 6
    return out


def salt_for(user: str, when: datetime) -> str:
    """A salt from who set the password and when: a lab on a fixed clock (tests, transcripts)
    gets the same hash each time; on the wall clock no two are alike."""
    digest = hashlib.sha256(f"{user}@{when.isoformat()}".encode()).digest()
    return "".join(ITOA64[b % 64] for b in digest[:8])


def md5_crypt(password: str, salt: str | None = None) -> str:
    """The MD5-crypt hash of password (FreeBSD's algorithm, as `openssl passwd -1` computes it)."""
    salt = (salt if salt is not None else "".join(secrets.choice(ITOA64) for _ in range(8)))[:8]
    pw, sb = password.encode(), salt.encode()
    alternate = hashlib.md5(pw + sb + pw).digest()
    ctx = pw + b"$1$" + sb
    for length in range(len(pw), 0, -16):
        ctx += alternate[:min(16, length)]
    i = len(pw)
    while i:
        ctx += b"\0" if i & 1 else pw[:1]
        i >>= 1
    final = hashlib.md5(ctx).digest()
    for i in range(1000):
        round_input = (pw if i & 1 else final) + (sb if i % 3 else b"") + (pw if i % 7 else b"")
        final = hashlib.md5(round_input + (final if i & 1 else pw)).digest()
    encoded = "".join(_to64(final[a] << 16 | final[b] << 8 | final[c], 4)
                      for a, b, c in ((0, 6, 12), (1, 7, 13), (2, 8, 14), (3, 9, 15), (4, 10, 5)))
    return f"$1${salt}${encoded}{_to64(final[11], 2)}"
