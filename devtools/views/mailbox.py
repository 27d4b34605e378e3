"""The demo mailbox: vendor staff read what the file email backend wrote."""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

# The file backend writes each message followed by a line of 79 dashes.
MESSAGE_SEPARATOR = "\n" + "-" * 79 + "\n"


@dataclass(frozen=True)
class MailboxEntry:
    name: str
    index: int
    message: EmailMessage

    @property
    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain", "html"))
        return part.get_content() if part is not None else ""


def _messages_in(path: Path) -> list[EmailMessage]:
    chunks = path.read_text(encoding="utf-8", errors="replace").split(MESSAGE_SEPARATOR)
    parsed = [email.message_from_string(chunk, policy=email.policy.default) for chunk in chunks]
    return [m for m in parsed if isinstance(m, EmailMessage) and m["subject"] is not None]


def _mailbox_files() -> list[Path]:
    folder = Path(settings.EMAIL_FILE_PATH)
    if not folder.is_dir():
        return []
    files = [p for p in folder.iterdir() if p.is_file()]
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)


@staff_member_required
def mailbox(request: HttpRequest) -> HttpResponse:
    """The messages the file email backend wrote, newest first (development and demo)."""
    entries = [
        MailboxEntry(path.name, index, message)
        for path in _mailbox_files()
        for index, message in reversed(list(enumerate(_messages_in(path))))
    ]
    return render(request, "devtools/mailbox_list.html", {"entries": entries})


@staff_member_required
def mailbox_message(request: HttpRequest, name: str, index: int) -> HttpResponse:
    """One message of the mailbox: subject, recipients, date and its text with live links."""
    # Only names listed in the folder are opened, so a crafted name cannot leave it.
    path = next((p for p in _mailbox_files() if p.name == name), None)
    found = _messages_in(path) if path is not None else []
    if not 0 <= index < len(found):
        raise Http404("No such message.")
    entry = MailboxEntry(name, index, found[index])
    return render(request, "devtools/mailbox_detail.html", {"entry": entry})
