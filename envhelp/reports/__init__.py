"""Reports written from the database: Excel workbooks (openpyxl) and, elsewhere, PDFs.

Modules here are Qt-free. :mod:`envhelp.reports.xlsx_common` holds the sheet
helpers every Excel report shares; :mod:`envhelp.reports.ledger_xlsx` writes
the problem ledger.
"""
