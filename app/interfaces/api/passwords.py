"""Web chat logins: ``ALLIANCE_AUTH_FILE`` holds ``user:<hash>`` lines (argon2 through
pwdlib; bcrypt hashes are read too), written by ``alliance-assistant add-user``.
``ALLIANCE_AUTH`` may give ``user:password`` or ``user:<hash>``. Passwords are checked
against hashes (or, for a plain ``ALLIANCE_AUTH``, compared in constant time)."""

from __future__ import annotations

import hmac
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

HASH_PREFIXES = ("$argon2", "$2a$", "$2b$", "$2y$")
MAX_PASSWORD_CHARS = 1024


class LoginError(ValueError):
    """A login entry or file the server cannot use (a user error: one sentence)."""


@lru_cache(maxsize=1)
def hasher() -> Any:
    from pwdlib import PasswordHash
    from pwdlib.hashers.argon2 import Argon2Hasher
    from pwdlib.hashers.bcrypt import BcryptHasher

    return PasswordHash((Argon2Hasher(), BcryptHasher()))


def is_hash(secret: str) -> bool:
    return secret.startswith(HASH_PREFIXES)


def hash_password(password: str) -> str:
    if not password:
        raise LoginError("the password is empty")
    if len(password) > MAX_PASSWORD_CHARS:
        raise LoginError(f"the password is longer than {MAX_PASSWORD_CHARS} characters")
    return hasher().hash(password)


def parse_entries(lines: list[str], where: str, *, hashed_only: bool) -> dict[str, str]:
    """``user:secret`` lines (blank lines and ``#`` comments skipped) -> {user: secret}."""
    out: dict[str, str] = {}
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        user, sep, secret = line.partition(":")
        user = user.strip()
        if not sep or not user or not secret:
            raise LoginError(f"{where} line {number}: login entries must look like 'user:password'")
        if hashed_only and not is_hash(secret):
            raise LoginError(
                f"{where} line {number} (user {user!r}) holds a plain-text password; "
                f"store a hash with `alliance-assistant add-user {user}`"
            )
        out[user] = secret
    return out


def read_auth_file(path: Path) -> dict[str, str]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise LoginError(f"cannot read ALLIANCE_AUTH_FILE {path}: {exc.strerror}") from exc
    return parse_entries(lines, f"ALLIANCE_AUTH_FILE {path}", hashed_only=True)


def add_user(path: Path, user: str, password: str) -> bool:
    """Store ``user``'s password hash in the auth file (replacing an earlier one; the file
    is rewritten atomically, readable by its owner only). True when the user was new."""
    if not user or ":" in user or user != user.strip() or any(c.isspace() for c in user):
        raise LoginError("a user name must be non-empty, without ':' or spaces")
    path = Path(path)
    existing = read_auth_file(path) if path.exists() else {}
    is_new = user not in existing
    existing[user] = hash_password(password)
    text = "".join(f"{u}:{h}\n" for u, h in existing.items())
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return is_new


class Logins:
    """The users allowed into the web chat and a ``check(user, password)`` for Gradio."""

    def __init__(self, entries: dict[str, str]) -> None:
        self.entries = entries
        self._dummy: str | None = None

    def __bool__(self) -> bool:
        return bool(self.entries)

    def check(self, user: str, password: str) -> bool:
        """Slow on purpose for hashed entries (argon2); an unknown user costs the same as a
        known one, so timing does not tell which user names exist."""
        password = password or ""
        secret = self.entries.get(user)
        if len(password) > MAX_PASSWORD_CHARS:
            return False
        if secret is None:
            if any(is_hash(s) for s in self.entries.values()):
                if self._dummy is None:
                    self._dummy = hasher().hash("not a password")
                hasher().verify(password, self._dummy)
            return False
        if is_hash(secret):
            try:
                return bool(hasher().verify(password, secret))
            except Exception:  # a damaged hash in the file: no login, never a crash
                return False
        return hmac.compare_digest(password.encode(), secret.encode())
