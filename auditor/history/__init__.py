"""The history: the months stored, the user's records, the findings followed across audits
(see db.py, schema.py, store.py, findings.py, records.py, from_report.py)."""
