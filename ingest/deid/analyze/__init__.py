"""Detection: the Presidio engines (spaCy for English, a Chinese one), the project's recognizers
(`recognizers/`, Chinese ones in `recognizers/cn/`), span filters, the clinical-term guard and routing."""
