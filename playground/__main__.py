"""``python -m playground`` opens the app (with a project ``.nnp`` or a lesson ``.json`` to open);
with a command (train, summary, ...) runs the CLI."""

from __future__ import annotations

import sys

APP_FILES = (".nnp", ".json")  # a project, a lesson: opened in the app


def main() -> int:
    args = sys.argv[1:]
    if not args or args[0].endswith(APP_FILES):
        from playground.app import main as app_main

        return app_main(args)
    from playground.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    raise SystemExit(main())
