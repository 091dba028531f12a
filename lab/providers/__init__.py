"""Resource providers, one folder each with routes (operation table), handlers (HTTP), models (state), errors."""
