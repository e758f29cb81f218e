"""Child processes that Ctrl-C can stop, however the test run was started.

A shell starts a background job (``make test &``, ``nohup ... &``) with SIGINT ignored, and a child
inherits an ignored signal across ``exec``: Python then installs no KeyboardInterrupt handler, and a test
that checks the CLI's clean stop on Ctrl-C would wait for nothing. ``preexec_fn=sigint_default`` gives the
child the default.
"""

from __future__ import annotations

import signal


def sigint_default() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
