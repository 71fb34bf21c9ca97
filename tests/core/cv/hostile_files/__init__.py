"""Real files, benign and hostile, built with the standard library for the SEC-7 tests.

Every builder writes the format as readers expect it (offsets, CRCs, sizes), so a
file refused in a test is refused for the hazard it carries, not for being broken.
One module per format: :mod:`.zip_archives`, :mod:`.pdf_documents`,
:mod:`.office_documents` (OLE2 compound files and Office Open XML) and
:mod:`.seven_zip_archives`.
"""
