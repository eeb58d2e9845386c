"""LiveVox environments and how their base URLs are spelled."""

from __future__ import annotations

ENVIRONMENTS: dict[str, str] = {
    "na3": "https://api.livevox.com",
    "na4": "https://api.na4.livevox.com",
    "na5": "https://api.na5.livevox.com",
    "na6": "https://api.na6.livevox.com",
}


def base_url_for(environment: str) -> str:
    """The API base URL of a LiveVox environment name such as ``"na4"`` (case-insensitive)."""
    try:
        return ENVIRONMENTS[environment.strip().lower()]
    except KeyError:
        known = ", ".join(sorted(ENVIRONMENTS))
        raise ValueError(
            f"Unknown LiveVox environment {environment!r}; use one of {known}."
        ) from None
