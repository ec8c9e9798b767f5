"""HTTPS for the XML API (aiohttp, on the event loop that serves SSH): `/api/` per device,
parameters from the query and a form body, the key from `key=`, `X-PAN-KEY` or Basic auth.
A self-signed certificate is made once per lab and kept with it."""
from __future__ import annotations

import base64
import binascii
import datetime
import ipaddress
import os
import ssl
import tempfile
import urllib.parse
from pathlib import Path

from aiohttp import web

from ..atomicfile import atomic_write
from ..backend.lab import Lab
from ..hub import in_lab
from .protocol import Api, Request, error

CERT, KEY, SECRET = "api-cert.pem", "api-key.pem", "api-secret"
MAX_REQUEST = 4 * 1024 * 1024  # bytes: bigger requests are refused by aiohttp (413)
CONTENT_TYPE = "application/xml; charset=UTF-8"


def _new_certificate() -> tuple[bytes, bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "panshell")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.SubjectAlternativeName(
            [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


def tls(lab: Lab) -> tuple[ssl.SSLContext, bytes]:
    """The server's TLS context and the API keys' secret: kept in the lab, or made for this run
    of an ephemeral one (whose files are gone once loaded)."""
    if lab.directory is not None:
        return _load(lab.directory)
    with tempfile.TemporaryDirectory(prefix="panshell-api-") as folder:
        return _load(Path(folder))


def _load(folder: Path) -> tuple[ssl.SSLContext, bytes]:
    cert, key, secret = folder / CERT, folder / KEY, folder / SECRET
    if not (cert.exists() and key.exists() and secret.exists()):
        cert_pem, key_pem = _new_certificate()
        for path, data in ((key, key_pem), (secret, os.urandom(32)), (cert, cert_pem)):
            atomic_write(path, data)
            path.chmod(0o600)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(cert), str(key))
    return context, secret.read_bytes()


def _basic(header: str | None) -> tuple[str, str] | None:
    if not header or not header.lower().startswith("basic "):
        return None
    try:
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return user, password


def _utf8(raw: str | bytes) -> None:
    """Percent-encoded parameters must be UTF-8 (UnicodeDecodeError if not): aiohttp would decode
    bad bytes to U+FFFD, changing what the client sent."""
    urllib.parse.unquote_to_bytes(raw).decode()


def _answer(status: int, body: bytes) -> web.Response:
    return web.Response(status=status, body=body, headers={"Content-Type": CONTENT_TYPE})


def app(api: Api) -> web.Application:
    async def handle(request: web.Request) -> web.Response:
        params, files = dict(request.query), {}
        try:
            _utf8(request.rel_url.raw_query_string)
            if request.method == "POST" and request.content_type in ("application/x-www-form-urlencoded",
                                                                      "multipart/form-data"):
                if request.content_type == "application/x-www-form-urlencoded":
                    _utf8(await request.read())
                for name, value in (await request.post()).items():  # a multipart field: decoded strictly
                    if isinstance(value, str):
                        params[name] = value
                    elif name == "file":  # an uploaded file (type=import)
                        files[name] = (value.filename or "", value.file.read())
                    else:  # a parameter sent as a file part (curl -F element=@entry.xml): its content
                        params[name] = value.file.read().decode()
        except web.HTTPRequestEntityTooLarge:
            return _answer(*error("Request too large", 17))
        except UnicodeDecodeError:  # panshell's words: PAN-OS's answer to such bytes is not public
            return _answer(*error("Invalid request: a parameter is not UTF-8", 17))
        return _answer(*await in_lab(api.lab, api.handle, Request(
            params, request.headers.get("X-PAN-KEY"), _basic(request.headers.get("Authorization")),
            request.remote or "", files)))

    application = web.Application(client_max_size=MAX_REQUEST)
    application.router.add_route("GET", "/api/", handle)
    application.router.add_route("POST", "/api/", handle)
    return application


async def start(apis: list[tuple[Api, int]], host: str, context: ssl.SSLContext) -> list[web.AppRunner]:
    """Listen for each device's API on its port; the runners, for stopping."""
    runners = []
    for api, port in apis:
        runner = web.AppRunner(app(api), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, host, port, ssl_context=context).start()
        runners.append(runner)
    return runners
