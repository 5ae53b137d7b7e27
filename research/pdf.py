"""The information letter: checked to be a PDF by what it contains, never by its name or the
type the browser claims, because volunteers and administrators open it.

What is checked, and why:
- it starts with "%PDF-" and has "%%EOF" near its end: a PNG, a Word file or an HTML page
  renamed to .pdf is refused, and so is a file cut off in the upload;
- it is at most settings.SAMHOLD_INFORMATION_LETTER_MAX_BYTES: a letter is a few pages;
- it has no active content that PDF readers run or open (JavaScript, launch actions, embedded
  files, rich media, form submission, links that open other files) in plain sight, also when
  its names are spelt with #xx escapes. A letter needs none. This is defence in depth, not a
  guarantee: names can be hidden in compressed object streams; the administrator who approves
  the study opens the letter too.

The file is stored under a random name in the private storage (StudyVersion.information_letter),
never under the name it was uploaded with."""

import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF_MAGIC = b"%PDF-"
PDF_END = b"%%EOF"
# Writers may add a line break or a little padding after %%EOF; incremental updates end with one
# too, so the last one is always near the end.
END_WINDOW = 1024
_ACTIVE = re.compile(
    rb"/(?:JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA|SubmitForm|ImportData|GoToR|GoToE)(?![A-Za-z0-9])"
)
# A name may spell any character as #xx ("/J#61vaScript" is /JavaScript to a reader).
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def _names_unescaped(data: bytes) -> bytes:
    return _NAME_ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]), data)


def information_letter_check(upload: UploadedFile) -> None:
    """Raise ValidationError unless `upload` is a PDF within the size limit, without visible
    active content. Reads the file through once and leaves it at the start."""
    limit = settings.SAMHOLD_INFORMATION_LETTER_MAX_BYTES
    size = upload.size if upload.size is not None else 0
    if size > limit:
        raise ValidationError(
            _("The information letter is too large (%(size)s). It may be at most %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("The information letter is empty."), code="empty")
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    if head != PDF_MAGIC:
        raise ValidationError(
            _("The information letter must be a PDF file. Save or export the letter as PDF and upload that file."),
            code="not_pdf",
        )
    upload.seek(0)
    tail = b""
    carry = b""
    read = 0
    for chunk in upload.chunks():
        read += len(chunk)
        if read > limit:  # the size the client declared was not the truth
            raise ValidationError(
                _("The information letter is too large. It may be at most %(limit)s.")
                % {"limit": filesizeformat(limit)},
                code="too_large",
            )
        # Look for active content across chunk borders: the longest name is short.
        if _ACTIVE.search(_names_unescaped(carry + chunk)):
            raise ValidationError(
                _(
                    "The information letter contains scripts, attachments or other active content. Save it as a "
                    "plain PDF (for example with “Print to PDF”) and upload it again."
                ),
                code="active_content",
            )
        carry = chunk[-32:]
        tail = (tail + chunk)[-END_WINDOW:]
    upload.seek(0)
    if PDF_END not in tail:
        raise ValidationError(
            _("The information letter is not a whole PDF file. Save it as PDF again and upload the new file."),
            code="not_pdf",
        )


def information_letter_name(*, study_id: int, number: int) -> str:
    """A stored file name that says which study and version it belongs to and cannot be guessed."""
    return f"study-{study_id}-v{number}-{secrets.token_hex(8)}.pdf"


def letter_response(version, *, filename: str) -> FileResponse:
    """The letter as a download: never shown by the browser as anything but the PDF it is
    (nosniff), never kept in a shared cache. Http404 if the file is gone from the storage."""
    try:
        handle = version.information_letter.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    response = FileResponse(handle, content_type="application/pdf", as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
