"""Official procuratorial documents as .docx: the 检察建议书 and the 线索移送函.

Takes plain data and imports nothing else from clueloop, so the workflow layer can call it with what it
holds; masking what is printed is the caller's job.
"""

from clueloop.documents.dates import chinese_date, chinese_date_upper, chinese_number
from clueloop.documents.recommendation import RecommendationDoc, write_recommendation
from clueloop.documents.transfer import TransferLetterDoc, write_transfer_letter

__all__ = [
    "RecommendationDoc",
    "TransferLetterDoc",
    "chinese_date",
    "chinese_date_upper",
    "chinese_number",
    "write_recommendation",
    "write_transfer_letter",
]
