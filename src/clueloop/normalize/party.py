"""证件号码 columns that hold either a 公民身份号码 or a 统一社会信用代码 (DOMAIN.md "Mixed ID columns")."""

from __future__ import annotations

from clueloop.normalize._sql import Macro, let, result_struct, struct
from clueloop.normalize.idcard import normalize_person_id
from clueloop.normalize.result import Normalized, empty, invalid
from clueloop.normalize.uscc import normalize_uscc


def normalize_party_id(raw: str | None) -> Normalized[str]:
    """Valid when either check passes; ``kind`` is "person" or "org".

    When neither passes, the reason is the person-ID reason if the value looks like a person ID (digits
    and a final X), else the USCC reason.
    """
    person = normalize_person_id(raw)
    if person.value is not None:
        return person._replace(kind="person")
    org = normalize_uscc(raw)
    if org.value is not None:
        return org._replace(kind="org")
    if person.reason is None:
        return empty()
    return invalid(person.reason if person.reason != "characters" else org.reason or "characters")


_P_OK = "NOT starts_with(_party.p, '!')"
_O_OK = "NOT starts_with(_party.o, '!')"

MACROS: tuple[Macro, ...] = (
    Macro(
        "cl_party_id",
        ("r",),
        let(
            struct(p="cl__pid(r)", o="cl__uscc(r)"),
            (
                "_party",
                result_struct(
                    f"CASE WHEN {_P_OK} THEN _party.p WHEN {_O_OK} THEN _party.o END",
                    f"CASE WHEN {_P_OK} OR {_O_OK} THEN NULL WHEN _party.p <> '!characters' "
                    "THEN substr(_party.p, 2) ELSE substr(_party.o, 2) END",
                    f"CASE WHEN {_P_OK} THEN 'person' WHEN {_O_OK} THEN 'org' END",
                ),
            ),
        ),
    ),
)
