"""Files sent with a transfer's feedback or a recommendation's reply: the upload is written to a temporary
file under its own name, then recorded by the service (:func:`clueloop.workflow.leads.attach`), which
keeps it in HOME/attachments by content."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import UploadFile
from fastapi.responses import FileResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from clueloop.web.uploads import safe_name
from clueloop.workflow import leads
from clueloop.workflow.orm import Attachment
from clueloop.workflow.states import NotFound, WorkflowError

MAX_BYTES = 50 * 1024 * 1024
CHUNK = 1024 * 1024


def attach_upload(
    session: Session, home: Path, entity: str, entity_id: int, upload: UploadFile | None, actor: str
) -> Attachment | None:
    """Record the uploaded file on the item; nothing when no file was chosen."""
    if upload is None or not upload.filename:
        return None
    with tempfile.TemporaryDirectory(prefix="clueloop-upload-") as folder:
        path = Path(folder) / safe_name(upload.filename)
        size = 0
        with path.open("wb") as out:
            while chunk := upload.file.read(CHUNK):
                size += len(chunk)
                if size > MAX_BYTES:
                    raise WorkflowError(f"附件不能超过 {MAX_BYTES // 1024 // 1024} MB")
                out.write(chunk)
        return leads.attach(session, home, entity, entity_id, path, actor)


def listed(session: Session, entity: str, entity_id: int) -> list[Attachment]:
    stmt = select(Attachment).where(Attachment.entity == entity, Attachment.entity_id == entity_id)
    return list(session.scalars(stmt.order_by(Attachment.id)))


def download(session: Session, home: Path, entity: str, entity_id: int, attachment_id: int) -> FileResponse:
    """The stored file of an attachment of this item (the caller has checked the item is visible)."""
    item = session.get(Attachment, attachment_id)
    if item is None or item.entity != entity or item.entity_id != entity_id:
        raise NotFound(f"没有编号为 {attachment_id} 的附件")
    path = home / item.stored_as
    if not path.is_file():
        raise NotFound(f"附件 {item.filename} 的文件已不在 {path.parent}")
    return FileResponse(path, filename=item.filename)
