"""File names, which users build from names and dates ("cbc_emily_carter_20261003.pdf", "血常规_张伟.jpg").

The stem is the value (the extension stays readable); a stem needs a separator or a digit, so a bare
"report.pdf" is left alone. The extension is in lower or upper case: "epstein-barr.Doc put me on …" is two
sentences glued together.
"""

from __future__ import annotations

import re

from ingest.deid.analyze.recognizers.rule import Rule, RuleRecognizer

ENTITY = "FILE_NAME"

_EXTENSIONS = (
    "pdf|jpe?g|png|heic|heif|gif|bmp|tiff?|webp|dcm|dicom|docx?|xlsx?|csv|txt|rtf|odt|pptx?|mp4|mov|m4a|mp3|"
    "wav|zip|json|xml|html?"
)
_REGEX = re.compile(
    rf"(?<![\w.-])(?P<value>[\w\u4e00-\u9fff()-]*[_\-\d][\w\u4e00-\u9fff()-]*)\.(?:{_EXTENSIONS}|{_EXTENSIONS.upper()})"
    r"(?![\w.])"
)


class FileNameRecognizer(RuleRecognizer):
    def __init__(self, language: str) -> None:
        super().__init__(ENTITY, [Rule("stem", _REGEX, 0.7)], language=language)
