"""The CV context: the aggregate, completion, publication, attachments, anonymised view.

Import from the modules: ``formlavoro_core.cv.model``, ``.completion``, ``.services``, ...
"""
