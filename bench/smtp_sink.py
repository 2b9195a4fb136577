"""An SMTP server on loopback that accepts every message and counts them per recipient, for
measuring the mail workers (nothing leaves the machine). Writes the counts as JSON to PATH when
stopped with SIGTERM.

    .venv/bin/python bench/smtp_sink.py PORT PATH
"""

import json
import signal
import sys
import threading
import time
from collections import Counter

from aiosmtpd.controller import Controller


class Counting:
    def __init__(self):
        self.recipients = Counter()
        self.messages = 0
        self.first = None
        self.last = None
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        with self.lock:
            now = time.time()
            self.first = self.first or now
            self.last = now
            self.messages += 1
            for rcpt in envelope.rcpt_tos:
                self.recipients[rcpt] += 1
        return "250 OK"


def main() -> int:
    port, path = int(sys.argv[1]), sys.argv[2]
    handler = Counting()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    print("ready", flush=True)
    stopped.wait(3600)
    controller.stop()
    with open(path, "w") as fh:
        json.dump(
            {
                "messages": handler.messages,
                "recipients": len(handler.recipients),
                "recipients_more_than_once": sum(1 for n in handler.recipients.values() if n > 1),
                "first": handler.first,
                "last": handler.last,
            },
            fh,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
