"""Small widgets and helpers that several pages and tabs share."""
