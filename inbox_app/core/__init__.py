"""Services between the UI and the protocol layer: state, actions, sync, durable storage."""
