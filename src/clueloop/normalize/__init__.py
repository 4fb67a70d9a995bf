"""Normalisers of dirty agency exports: one per column role, as pure functions and as DuckDB macros."""

from clueloop.normalize.amounts import normalize_amount, normalize_number
from clueloop.normalize.community import normalize_community
from clueloop.normalize.dates import normalize_date, normalize_datetime
from clueloop.normalize.flag import normalize_flag
from clueloop.normalize.idcard import IdDetails, id_check_char, id_details, normalize_person_id
from clueloop.normalize.names import normalize_org_name, normalize_party_name, normalize_person_name
from clueloop.normalize.party import normalize_party_id
from clueloop.normalize.phone import normalize_phone
from clueloop.normalize.plate import normalize_plate
from clueloop.normalize.region import normalize_region, region_prefix4
from clueloop.normalize.result import Normalized
from clueloop.normalize.text import normalize_code, normalize_enum, normalize_text
from clueloop.normalize.uscc import normalize_uscc, uscc_check_char

__all__ = [
    "IdDetails",
    "Normalized",
    "id_check_char",
    "id_details",
    "normalize_amount",
    "normalize_code",
    "normalize_community",
    "normalize_date",
    "normalize_datetime",
    "normalize_enum",
    "normalize_flag",
    "normalize_number",
    "normalize_org_name",
    "normalize_party_id",
    "normalize_party_name",
    "normalize_person_id",
    "normalize_person_name",
    "normalize_phone",
    "normalize_plate",
    "normalize_region",
    "normalize_text",
    "normalize_uscc",
    "region_prefix4",
    "uscc_check_char",
]
