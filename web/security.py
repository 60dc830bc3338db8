"""Login and CSRF for the dashboard.

Passwords are stored as scrypt hashes (hashlib.scrypt, a random salt each) in a
JSON users file; sessions are Starlette's signed cookies; every POST carries a
CSRF token kept in the session and compared in constant time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from pathlib import Path

from starlette.requests import Request

SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, **SCRYPT)
    return "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(digest).decode()


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    want = base64.b64decode(digest)
    got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), **SCRYPT)
    return hmac.compare_digest(want, got)


def load_users(path: str | Path | None) -> dict[str, str]:
    if not path or not Path(path).exists():
        return {}
    return dict(json.loads(Path(path).read_text(encoding="utf-8")))


def add_user(path: str | Path, name: str, password: str) -> None:
    users = load_users(path)
    users[name] = hash_password(password)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(users, ensure_ascii=False, indent=1), encoding="utf-8")
    Path(path).chmod(0o600)


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def csrf_ok(request: Request, submitted: str | None) -> bool:
    token = request.session.get("csrf")
    return bool(token and submitted and hmac.compare_digest(str(token), str(submitted)))


def secret_key(path: str | Path) -> str:
    """The session signing key: kept in a 0600 file so sessions survive restarts."""
    p = Path(path)
    if p.exists():
        return p.read_text(encoding="utf-8").strip()
    p.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    p.write_text(key, encoding="utf-8")
    p.chmod(0o600)
    return key
