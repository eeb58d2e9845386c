"""Dialogs: shown non-modally-awaited (never ``exec()`` inside a coroutine, qasync #59)."""
