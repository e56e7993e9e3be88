"""Reference data loaded by `manage.py load_reference_data`: units, ethnic groups, national organisations.

Each module here only describes the data; `directory.reference.loader` writes it to the database.
"""
