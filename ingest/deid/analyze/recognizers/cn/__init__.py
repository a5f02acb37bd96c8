"""Recognizers of Chinese identifiers: names, addresses, dates, phones, ID, passport, insurance and plate numbers."""
