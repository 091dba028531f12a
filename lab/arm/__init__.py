"""ARM front: case-insensitive routing, api-version and token checks, metadata, subscriptions."""
