"""One adapter per SMS platform: its protocol client seen through :class:`~..platform.Platform`."""
