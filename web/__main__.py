"""``python -m web [--host 127.0.0.1] [--port 8000]``: serve the dashboard with uvicorn.

Bound to a loopback address it opens without a login; bound elsewhere it
requires one, and refuses to start while the users file is empty. Add a user
with ``python -m web adduser NAME`` (the password is read from the terminal,
or from stdin with --password-stdin) — stored as a scrypt hash.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from collections.abc import Sequence

from web.security import LOOPBACK, add_user, load_users, secret_key

DEFAULT_USERS = os.environ.get("GOVWATCH_WEB_USERS", "data/web_users.json")
DEFAULT_SECRET = os.environ.get("GOVWATCH_WEB_SECRET_FILE", "data/web_secret")


def main(args: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m web", description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8000)
    ap.add_argument("--users", default=DEFAULT_USERS, help=f"users file (default {DEFAULT_USERS})")
    ap.add_argument("--secret-file", default=DEFAULT_SECRET, help="session signing key file (created if absent)")
    ap.add_argument("--mongo-uri", default=None)
    sub = ap.add_subparsers(dest="command")
    au = sub.add_parser("adduser", help="add or change a user")
    au.add_argument("name")
    au.add_argument("--password-stdin", action="store_true")
    argv = ap.parse_args(args)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    if argv.command == "adduser":
        password = sys.stdin.readline().rstrip("\n") if argv.password_stdin else getpass.getpass("password: ")
        if len(password) < 8:
            print("错误 / error: use a password of at least 8 characters", file=sys.stderr)
            return 2
        add_user(argv.users, argv.name, password)
        print(f"user {argv.name} saved in {argv.users}")
        return 0

    require_login = argv.host not in LOOPBACK
    if require_login and not load_users(argv.users):
        print(f"错误 / error: --host {argv.host} is reachable from other machines, so a login is required; "
              f"add a user first: python -m web adduser NAME", file=sys.stderr)
        return 2
    import uvicorn

    from store.connect import connect
    from web.app import create_app

    app = create_app(connect(argv.mongo_uri), secret=secret_key(argv.secret_file), require_login=require_login,
                     users_file=argv.users)
    print(f"GovWatch dashboard on http://{argv.host}:{argv.port}/" + (" (login required)" if require_login else ""),
          flush=True)
    uvicorn.run(app, host=argv.host, port=argv.port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
