"""Who may do what on the pages and in the API (the 外部单位联络员 sees only what was sent to them)."""

from __future__ import annotations

from typing import Annotated

from clueloop.security.users import AUDITOR, DATA_ADMIN, HEAD, PROSECUTOR
from clueloop.web.context import require_roles
from clueloop.workflow.orm import User

STAFF = (PROSECUTOR, HEAD, DATA_ADMIN, AUDITOR)  # the procuratorate's own users
LOADERS = (DATA_ADMIN, HEAD)  # upload exports into the lake
RUNNERS = (DATA_ADMIN, HEAD, PROSECUTOR)  # run models and record their leads
HANDLERS = (PROSECUTOR, HEAD)  # triage leads, answer transfers on the procuratorate's side

Staff = Annotated[User, require_roles(*STAFF)]
Loader = Annotated[User, require_roles(*LOADERS)]
Runner = Annotated[User, require_roles(*RUNNERS)]
Handler = Annotated[User, require_roles(*HANDLERS)]
