"""The app's screens; each imported only when first shown."""
