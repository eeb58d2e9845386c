"""Qt widgets and item models. Nothing here touches HTTP: it sees ``core`` objects only."""
