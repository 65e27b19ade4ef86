"""Quarterly client reports (HTML and PDF) from the built warehouse's marts."""
