"""Sync screens: the sync panel and the background sync runner."""
