"""System.Globalization.CultureInfo as scripts read it: `[cultureinfo]::CurrentCulture`, `[cultureinfo]'ru-RU'`,
Get-Culture. The engine formats and compares as en-US (the culture pwsh's own tests assume; string conversions
use the invariant culture as pwsh's do); other cultures are names with their LCID, enough for the cmdlets that
take a -Culture to accept them.
"""

from __future__ import annotations

from typing import Any

from azskernel.runtime.errors import ErrorCategory, RuntimeException

# name -> (LCID, English name); the cultures scripts and pwsh's tests name
_KNOWN: dict[str, tuple[int, str]] = {
    "": (127, "Invariant Language (Invariant Country)"), "en-US": (1033, "English (United States)"),
    "en-GB": (2057, "English (United Kingdom)"), "fr-FR": (1036, "French (France)"), "de-DE": (1031, "German (Germany)"),
    "ru-RU": (1049, "Russian (Russia)"), "ru-UA": (8192, "Russian (Ukraine)"), "tr-TR": (1055, "Turkish (Türkiye)"),
    "ja-JP": (1041, "Japanese (Japan)"), "zh-CN": (2052, "Chinese (Simplified, China)"), "es-ES": (3082, "Spanish (Spain)"),
    "it-IT": (1040, "Italian (Italy)"), "pt-BR": (1046, "Portuguese (Brazil)"), "sv-SE": (1053, "Swedish (Sweden)"),
}
_BY_LCID = {lcid: name for name, (lcid, _) in _KNOWN.items()}
KNOWN_NAMES = tuple(_KNOWN)


class NumberFormatInfo:
    ps_type_names = ("System.Globalization.NumberFormatInfo", "System.Object")

    def __init__(self) -> None:
        self.NumberDecimalDigits = 2
        self.NumberDecimalSeparator = "."
        self.NumberGroupSeparator = ","
        self.CurrencySymbol = "$"
        self.NegativeSign = "-"
        self.PositiveSign = "+"
        self.PercentSymbol = "%"

    def ps_properties(self) -> list[tuple[str, Any]]:
        return list(vars(self).items())


class TextInfo:
    ps_type_names = ("System.Globalization.TextInfo", "System.Object")

    def __init__(self, culture: str) -> None:
        self.CultureName = culture
        self.ListSeparator = ","

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("CultureName", self.CultureName), ("ListSeparator", self.ListSeparator)]

    def ToTitleCase(self, text: Any) -> str:  # noqa: N802
        return " ".join(w[:1].upper() + w[1:].lower() for w in str(text).split(" "))

    def ToUpper(self, text: Any) -> str:  # noqa: N802
        return str(text).upper()

    def ToLower(self, text: Any) -> str:  # noqa: N802
        return str(text).lower()


class CultureInfo:
    ps_type_names = ("System.Globalization.CultureInfo", "System.Object")

    def __init__(self, name: str) -> None:
        lcid, english = _KNOWN.get(name, (4096, name))
        self.Name = name
        self.LCID = lcid
        self.DisplayName = english
        self.EnglishName = english
        self.TwoLetterISOLanguageName = name.split("-")[0] if name else "iv"
        self.NumberFormat = NumberFormatInfo()
        self.TextInfo = TextInfo(name)

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("LCID", self.LCID), ("Name", self.Name), ("DisplayName", self.DisplayName)]

    def ps_to_string(self) -> str:
        return self.Name


def culture(value: Any) -> CultureInfo:
    """A culture from its name, its LCID (a number or its decimal or 0x text) or a CultureInfo."""
    if isinstance(value, CultureInfo):
        return value
    text = str(value).strip()
    lcid = None
    try:
        lcid = int(text, 16) if text.lower().startswith("0x") else int(text)
    except ValueError:
        pass
    if lcid is not None:
        name = _BY_LCID.get(lcid)
        if name is None and lcid != 4096:
            raise RuntimeException(f"Culture is not supported. (Parameter 'culture')\n{lcid} (0x{lcid:x}) is an invalid "
                                   "culture identifier.", error_id="CultureNotFound",
                                   category=ErrorCategory.InvalidArgument, target=value)
        return CultureInfo(name or "")
    canonical = next((k for k in _KNOWN if k.casefold() == text.casefold()), None)
    if canonical is None and text.casefold() in ("invariant", "invariantculture"):
        canonical = ""
    return CultureInfo(canonical if canonical is not None else text)


CURRENT = CultureInfo("en-US")
INVARIANT = CultureInfo("")


def culture_static(name: str) -> Any:
    """`[cultureinfo]::Member`."""
    if name in ("currentculture", "currentuiculture", "defaultthreadcurrentculture"):
        return CURRENT
    if name == "invariantculture":
        return INVARIANT
    raise KeyError(name)


__all__ = ["CURRENT", "CultureInfo", "INVARIANT", "KNOWN_NAMES", "culture", "culture_static"]
