"""Receipt screens: preview, print and save."""
